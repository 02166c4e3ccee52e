package io.sharedfs.provisioner.api;

import java.util.List;

/** What is on disk for a node: its tree's path, whether it exists, and what it holds. */
public record TreeView(long veId, long vemId, String path, boolean exists, long directories, long files, long bytes,
        List<Entry> entries) {

    /** One top-level entry of the tree (a private dir or {@code custom}). */
    public record Entry(String name, String type, long files, long bytes) {
    }
}
