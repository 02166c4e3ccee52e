package io.sharedfs.console.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/** What node-provisioner finds on disk for a node now. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record DiskTree(long veId, long vemId, String path, boolean exists, long directories, long files, long bytes,
        List<Entry> entries) {

    public DiskTree {
        entries = entries == null ? List.of() : entries;
    }

    /** One top-level entry (a private dir or custom). */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Entry(String name, String type, long files, long bytes) {
    }
}
