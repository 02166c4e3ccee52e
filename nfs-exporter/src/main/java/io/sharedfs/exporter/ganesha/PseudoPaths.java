package io.sharedfs.exporter.ganesha;

import io.sharedfs.exporter.exports.NodeFacts;
import io.sharedfs.exporter.exports.ServedPaths;

/**
 * Each node's exports as NFS-Ganesha serves them: side by side under {@code <root>/<VE>/<VEM>/}, never
 * nested in one another, so no pseudo path crosses into an export through the directories of another:
 * {@code image} (the image root, or a non-shared image's whole root), {@code private/<dir>} (a private
 * dir, {@code private/custom} being {@code /custom/node}) and {@code ve-custom}. With
 * {@code Mount_Path_Pseudo = true} NFSv3 mounts use the same paths, and a path below an export (a shared
 * subdir of the image) mounts that export's subdirectory.
 */
public final class PseudoPaths implements ServedPaths {

    private final String root;

    public PseudoPaths(String root) {
        this.root = root;
    }

    @Override
    public String of(NodeFacts node, String path) {
        String dir = root + "/" + node.veId() + "/" + node.vemId();
        String rest = below(path, node.privateTree());
        if (rest != null) {
            return dir + "/private" + rest;
        }
        rest = below(path, node.veCustom());
        if (rest != null) {
            return dir + "/ve-custom" + rest;
        }
        rest = below(path, node.imageRoot());
        if (rest != null) {
            return dir + "/image" + rest;
        }
        throw new IllegalArgumentException(path + " is not served to node " + node.veId() + "/" + node.vemId());
    }

    /** The part of {@code path} below {@code dir} ("" for dir itself, "/x/y" below it), or null outside it. */
    private static String below(String path, String dir) {
        if (path.equals(dir)) {
            return "";
        }
        return path.startsWith(dir + "/") ? path.substring(dir.length()) : null;
    }
}
