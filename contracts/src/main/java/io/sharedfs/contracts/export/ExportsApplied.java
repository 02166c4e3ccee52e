package io.sharedfs.contracts.export;

import io.sharedfs.contracts.Require;

/** One run of the apply command (e.g. {@code exportfs -ra}) installed export table {@code generation}. */
public record ExportsApplied(String storageHost, long generation, int entries, long durationMillis)
        implements StorageHostMessage {

    public ExportsApplied {
        Require.text(storageHost, "storageHost");
        Require.notNegative(entries, "entries");
        Require.notNegative(durationMillis, "durationMillis");
    }
}
