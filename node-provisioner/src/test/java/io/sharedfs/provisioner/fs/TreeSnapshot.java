package io.sharedfs.provisioner.fs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/** What a tree on disk holds, entry by entry, read without following links or opening special files. */
public final class TreeSnapshot {

    private static final int S_IFMT = 0170000;

    /** One entry: its kind, full mode (type and special bits), owners, mtime, link target and content digest. */
    public record Entry(String kind, String mode, int uid, int gid, String mtime, String linkTarget, String content) {
    }

    private TreeSnapshot() {
    }

    /** Every entry under {@code dir}, keyed by its path relative to {@code dir} ("" for {@code dir} itself). */
    public static Map<String, Entry> of(Path dir) {
        Map<String, Entry> entries = new TreeMap<>();
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path path, BasicFileAttributes attrs) throws IOException {
                    entries.put(dir.relativize(path).toString(), entry(path));
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path path, BasicFileAttributes attrs) throws IOException {
                    entries.put(dir.relativize(path).toString(), entry(path));
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return entries;
    }

    /** Regular files and links under {@code dir}, as the copier counts files. */
    public static long files(Map<String, Entry> snapshot) {
        return snapshot.values().stream().filter(e -> e.kind().equals("file") || e.kind().equals("link")).count();
    }

    private static Entry entry(Path path) throws IOException {
        Map<String, Object> attrs = Files.readAttributes(path, "unix:mode,uid,gid,lastModifiedTime",
                LinkOption.NOFOLLOW_LINKS);
        int mode = (Integer) attrs.get("mode");
        String kind = kind(mode);
        String target = kind.equals("link") ? Files.readSymbolicLink(path).toString() : null;
        String content = kind.equals("file") ? digest(Files.readAllBytes(path)) : null;
        return new Entry(kind, Integer.toOctalString(mode), (Integer) attrs.get("uid"), (Integer) attrs.get("gid"),
                attrs.get("lastModifiedTime").toString(), target, content);
    }

    private static String kind(int mode) {
        return switch (mode & S_IFMT) {
            case 0040000 -> "directory";
            case 0100000 -> "file";
            case 0120000 -> "link";
            case 0010000 -> "fifo";
            case 0140000 -> "socket";
            case 0020000 -> "character device";
            case 0060000 -> "block device";
            default -> "unknown";
        };
    }

    private static String digest(byte[] bytes) {
        try {
            return bytes.length + " bytes, sha256 " + HexFormat.of().formatHex(
                    MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
