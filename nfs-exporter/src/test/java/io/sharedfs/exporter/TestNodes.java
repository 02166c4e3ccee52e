package io.sharedfs.exporter;

import io.sharedfs.contracts.node.ImageRef;
import io.sharedfs.contracts.node.NodeAdded;
import io.sharedfs.contracts.node.NodeRemoved;
import io.sharedfs.contracts.provisioning.NodeProvisioned;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Images laid out on disk as node-provisioner lays them out (under {@code target/}), and the
 * events the other services publish about their nodes. Ids, addresses and paths are fresh for
 * every call, so tests sharing one application never see each other's nodes.
 */
public final class TestNodes {

    public static final List<String> PRIVATE_DIRS = List.of("/var", "/etc", "/tmp");
    public static final List<String> SHARED_SUBDIRS = List.of("/var/lib/rpm");
    public static final List<String> RAM_DIRS = List.of("/var/run");

    private static final AtomicLong NEXT = new AtomicLong(ThreadLocalRandom.current().nextLong(1, 1L << 30) * 1000);
    private static final AtomicLong ADDRESSES = new AtomicLong(ThreadLocalRandom.current().nextLong(1, 1 << 20));
    private static final Path LAYOUTS = Path.of("target", "test-layouts").toAbsolutePath();

    private TestNodes() {
    }

    /** A VE id no other test uses. */
    public static long veId() {
        return NEXT.incrementAndGet();
    }

    /** An address no other node of this run has. */
    public static String address() {
        long n = ADDRESSES.incrementAndGet();
        return "10." + (n >> 16 & 255) + "." + (n >> 8 & 255) + "." + (n & 255);
    }

    /** A shared image on the test storage host: its root, {@code /custom} and a 0700 {@code /private}. */
    public static ImageRef sharedImage() {
        return image(true);
    }

    /** A non-shared image: just a root directory. */
    public static ImageRef nonSharedImage() {
        return image(false);
    }

    private static ImageRef image(boolean shared) {
        Path root = LAYOUTS.resolve("img" + NEXT.incrementAndGet());
        try {
            Files.createDirectories(root.resolve("custom/node"));
            Files.createDirectories(root.resolve("custom/ve"));
            Files.createDirectories(root.resolve("var/lib/rpm"));
            Files.createDirectories(root.resolve("var/run"));
            if (shared) {
                Path privateRoot = Files.createDirectories(root.resolve("private"));
                Files.setPosixFilePermissions(privateRoot, PosixFilePermissions.fromString("rwx------"));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new ImageRef(UUID.randomUUID(), Bus.storageHost(), root.toString(), shared, PRIVATE_DIRS,
                SHARED_SUBDIRS, RAM_DIRS);
    }

    /** Creates the node's private tree as node-provisioner does before it reports NodeProvisioned. */
    public static void provisionTree(ImageRef image, long veId, long vemId) {
        if (!image.shared()) {
            return;
        }
        Path tree = Path.of(image.rootPath(), "private", Long.toString(veId), Long.toString(vemId));
        try {
            for (String dir : image.privateDirs()) {
                Files.createDirectories(tree.resolve(dir.substring(1)));
            }
            Files.createDirectories(tree.resolve("var/lib/rpm"));
            Files.createDirectories(tree.resolve("custom"));
            Files.createDirectories(tree.getParent().resolve("custom"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static NodeAdded added(long veId, long vemId, String address, ImageRef image) {
        return new NodeAdded(veId, vemId, "node-" + veId + "-" + vemId, address, null, 1, image);
    }

    /** The tree is created first, as the real provisioner does. */
    public static NodeProvisioned provisioned(long veId, long vemId, ImageRef image) {
        provisionTree(image, veId, vemId);
        return new NodeProvisioned(veId, vemId, 1, image.imageId(), image.storageHost(),
                image.rootPath() + "/private/" + veId + "/" + vemId);
    }

    public static NodeRemoved removed(long veId, long vemId, String address, ImageRef image) {
        return new NodeRemoved(veId, vemId, "node-" + veId + "-" + vemId, address, false, image);
    }

    /** The export lines the node should have, in file order. */
    public static List<String> expectedLines(long veId, long vemId, String address, ImageRef image) {
        String root = image.rootPath();
        if (!image.shared()) {
            return List.of(root + " " + address + "(rw,sync,no_root_squash,subtree_check,secure)");
        }
        String tree = root + "/private/" + veId + "/" + vemId;
        String rw = address + "(rw,sync,no_root_squash,subtree_check,secure)";
        return List.of(root + " " + address + "(ro,root_squash,subtree_check,secure)",
                tree + "/etc " + rw, tree + "/tmp " + rw, tree + "/var " + rw, tree + "/custom " + rw,
                root + "/private/" + veId + "/custom " + address + "(rw,sync,root_squash,subtree_check,secure)");
    }
}
