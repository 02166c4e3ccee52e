package io.sharedfs.systemtests.harness;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A node's view of its file system, worked out from its mount table as nfs-exporter serves it: a
 * path the node opens is mapped through the deepest mount covering it to the storage host's
 * directory, and symbolic links are followed as the node would follow them (absolute targets are
 * node paths). This is how a test sees what a node sees without booting one.
 */
public final class NodeView {

    private static final int MAX_LINKS = 16;

    private record NfsMount(String target, Path source) {
    }

    private final List<NfsMount> mounts;

    private NodeView(List<NfsMount> mounts) {
        this.mounts = mounts;
    }

    /** The view of node {@code ve/vem} on {@code host}, from {@code GET /nodes/{ve}/{vem}/mounts}. */
    public static NodeView of(SharedfsSystem system, String host, long ve, long vem) {
        JsonNode table = system.exporter(host).api("viewer").json("/nodes/" + ve + "/" + vem + "/mounts");
        List<NfsMount> mounts = new ArrayList<>();
        for (JsonNode mount : table) {
            if ("nfs".equals(mount.path("type").asText())) {
                String source = mount.path("source").asText();
                mounts.add(new NfsMount(mount.path("target").asText(), Path.of(source.substring(source.indexOf(':') + 1))));
            }
        }
        return new NodeView(mounts);
    }

    /** Where a node path lives on the storage host, without following a link at its end. */
    public Path serverPath(String nodePath) {
        NfsMount best = null;
        for (NfsMount mount : mounts) {
            boolean covers = mount.target().equals("/") || nodePath.equals(mount.target())
                    || nodePath.startsWith(mount.target() + "/");
            if (covers && (best == null || mount.target().length() > best.target().length())) {
                best = mount;
            }
        }
        if (best == null) {
            throw new AssertionError("no NFS mount covers " + nodePath + " in " + mounts);
        }
        String rest = best.target().equals("/") ? nodePath.substring(1) : nodePath.substring(best.target().length());
        return rest.isEmpty() ? best.source() : best.source().resolve(rest.startsWith("/") ? rest.substring(1) : rest);
    }

    /** Where the node lands when it opens {@code nodePath}, links at the end followed the node's way. */
    public Path resolve(String nodePath) {
        String current = nodePath;
        for (int hops = 0; hops <= MAX_LINKS; hops++) {
            Path server = serverPath(current);
            if (!Files.isSymbolicLink(server)) {
                return server;
            }
            try {
                Path target = Files.readSymbolicLink(server);
                current = target.isAbsolute() ? target.toString()
                        : Path.of(current).getParent().resolve(target).normalize().toString();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        throw new AssertionError("more than " + MAX_LINKS + " links from " + nodePath);
    }

    /** The content the node reads at {@code nodePath}. */
    public String read(String nodePath) {
        Path file = resolve(nodePath);
        try {
            if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                throw new AssertionError(nodePath + " is not a file on the node (server path " + file + ")");
            }
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The link the node finds at {@code nodePath} (read on the storage host, never followed). */
    public String link(String nodePath) {
        Path server = serverPath(nodePath);
        try {
            return Files.isSymbolicLink(server) ? Files.readSymbolicLink(server).toString() : null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
