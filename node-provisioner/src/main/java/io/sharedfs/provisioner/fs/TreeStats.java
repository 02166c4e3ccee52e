package io.sharedfs.provisioner.fs;

import io.sharedfs.contracts.provisioning.SpecialFile;
import java.util.List;

/** What a copy put in a tree: directories, files (links included), bytes, and special files skipped. */
public record TreeStats(long directories, long files, long bytes, List<SpecialFile> skipped) {

    public TreeStats {
        skipped = List.copyOf(skipped);
    }
}
