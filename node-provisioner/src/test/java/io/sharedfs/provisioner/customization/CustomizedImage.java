package io.sharedfs.provisioner.customization;

import io.sharedfs.contracts.customization.CustomizationScope;
import io.sharedfs.provisioner.fs.ImagePaths;
import io.sharedfs.provisioner.fs.LayoutPreparer;
import io.sharedfs.provisioner.fs.TestImage;
import io.sharedfs.provisioner.fs.TreeSnapshot;
import io.sharedfs.provisioner.fs.UnsafeTreeException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * A shared image on real disk as a storage host holds it after some nodes were provisioned: VE 10
 * with nodes 1 and 2, VE 20 with node 1, each node's private {@code /etc} and {@code /var} copied
 * from the image, and entries the agent must never take for VEs or nodes (a staging dir, dot-dirs,
 * {@code custom}, {@code init_vem}, links with numeric names leading outside the image).
 */
final class CustomizedImage {

    static final String CRONTAB = "SHELL=/bin/sh\n17 * * * * root run-parts /etc/cron.hourly\n";
    static final String SHARED_CONF = "cluster=web\n";
    static final FileTime OLD = FileTime.from(Instant.parse("2001-02-03T04:05:06Z"));
    static final int OWNER = 1234;
    static final int GROUP = 2345;
    static final NodeDirs DIRS = new NodeDirs(List.of("/var", "/etc", "/tmp"), List.of("/var/lib/rpm"),
            List.of("/var/run"));

    final Path root;
    final Path outside;
    final ImagePaths paths;
    final TargetLocks locks = new TargetLocks();

    private CustomizedImage(Path scratch) {
        this.root = scratch.resolve("image");
        this.outside = scratch.resolve("outside");
        try {
            this.paths = ImagePaths.of(root.toString());
        } catch (UnsafeTreeException e) {
            throw new IllegalStateException(e);
        }
    }

    static CustomizedImage create(String name) {
        TestImage.requireRoot();
        CustomizedImage image = new CustomizedImage(TestImage.scratch(name));
        try {
            image.populate();
        } catch (IOException | UnsafeTreeException e) {
            throw new IllegalStateException(e);
        }
        return image;
    }

    private void populate() throws IOException, UnsafeTreeException {
        Files.createDirectories(outside);
        Files.writeString(outside.resolve("crontab"), "outside the image\n");
        file("etc/crontab", CRONTAB, 0640);
        file("etc/hostname", "image\n", 0644);
        file("var/lib/rpm/Packages", "rpm database\n", 0644);
        file("var/lib/app/shared.conf", SHARED_CONF, 0644);
        file("var/run/sshd.pid", "42\n", 0644);
        LayoutPreparer.prepare(paths, true);
        node(10, 1);
        node(10, 2);
        node(20, 1);
        Files.writeString(paths.hook(10), "#!/bin/sh\n");
        Files.createDirectories(paths.privateRoot().resolve(".staging"));
        Files.createDirectories(paths.veDir(10).resolve(".hidden"));
        // Numeric names that are links: neither a VE nor a node, and never written through.
        Files.createSymbolicLink(paths.privateRoot().resolve("30"), outside);
        Files.createSymbolicLink(paths.veDir(10).resolve("3"), outside);
        // The agent's own directory, as its first step on the image leaves it.
        Scratch.open(paths).close();
    }

    private void file(String relative, String content, int mode) throws IOException {
        Path file = root.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
        Files.setAttribute(file, "unix:uid", OWNER);
        Files.setAttribute(file, "unix:gid", GROUP);
        Files.setAttribute(file, "unix:mode", mode);
        Files.getFileAttributeView(file, BasicFileAttributeView.class).setTimes(OLD, OLD, null);
    }

    /** A provisioned node: its private dirs copied from the image as the agent does (cp -a keeps all). */
    void node(long ve, long vem) throws IOException {
        Path tree = tree(ve, vem);
        Files.createDirectories(tree.resolve("custom"));
        Files.createDirectories(veCustom(ve));
        TestImage.run("cp", "-a", root.resolve("etc").toString(), tree.resolve("etc").toString());
        TestImage.run("cp", "-a", root.resolve("var").toString(), tree.resolve("var").toString());
    }

    CustomizationFs fs(UUID id, String path, CustomizationScope scope) {
        try {
            return new CustomizationFs(paths, id, path, scope, DIRS, locks);
        } catch (UnsafeTreeException e) {
            throw new IllegalStateException(e);
        }
    }

    Path tree(long ve, long vem) {
        return paths.nodeTree(ve, vem);
    }

    Path veCustom(long ve) {
        return paths.veCustom(ve);
    }

    Path inImage(String path) {
        return root.resolve(path.substring(1));
    }

    /**
     * Everything under the image and beside it, entry by entry (kind, mode, owner, mtime, link,
     * content), but the agent's scratch directory (its own, empty between steps).
     */
    Map<String, TreeSnapshot.Entry> snapshot() {
        Map<String, TreeSnapshot.Entry> all = new TreeMap<>();
        TreeSnapshot.of(root).forEach((k, v) -> {
            if (!k.startsWith("private/.sharedfs/tmp")) {
                all.put("image/" + k, v);
            }
        });
        TreeSnapshot.of(outside).forEach((k, v) -> all.put("outside/" + k, v));
        return all;
    }

    /** Mode (type and permission bits), owner and mtime, read without following a link. */
    static String attributes(Path path) {
        try {
            Map<String, Object> attrs = Files.readAttributes(path, "unix:mode,uid,gid,lastModifiedTime",
                    LinkOption.NOFOLLOW_LINKS);
            return Integer.toOctalString((Integer) attrs.get("mode")) + " " + attrs.get("uid") + ":" + attrs.get("gid")
                    + " " + attrs.get("lastModifiedTime");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String link(Path path) {
        try {
            return Files.readSymbolicLink(path).toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static boolean isRegular(Path path) {
        return Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS);
    }

    static boolean exists(Path path) {
        return Files.exists(path, LinkOption.NOFOLLOW_LINKS);
    }
}
