package io.sharedfs.provisioner.fs;

import io.sharedfs.contracts.provisioning.SpecialFile;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;

/** Counts what a tree on disk holds, without following links. */
public final class TreeInspector {

    private TreeInspector() {
    }

    public static TreeStats inspect(Path tree) throws IOException {
        long[] counts = new long[3];
        List<SpecialFile> special = new ArrayList<>();
        Files.walkFileTree(tree, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                counts[0]++;
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                if (attrs.isOther()) {
                    special.add(new SpecialFile("/" + tree.relativize(file), SpecialFile.Kind.OTHER));
                } else {
                    counts[1]++;
                    counts[2] += attrs.isRegularFile() ? attrs.size() : 0;
                }
                return FileVisitResult.CONTINUE;
            }
        });
        return new TreeStats(counts[0], counts[1], counts[2], special);
    }
}
