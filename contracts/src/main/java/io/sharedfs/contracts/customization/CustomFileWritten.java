package io.sharedfs.contracts.customization;

import io.sharedfs.contracts.Require;
import io.sharedfs.contracts.ve.VeMessage;

/**
 * The storage host wrote an uploaded customized file; the node sees it at once through its
 * {@code /custom} mount.
 *
 * @param serverPath where the file is on the storage host
 */
public record CustomFileWritten(
        long veId,
        Long vemId,
        String path,
        long revision,
        String sha256,
        String storageHost,
        String serverPath) implements VeMessage {

    public CustomFileWritten {
        Require.positive(veId, "veId");
        if (vemId != null) {
            Require.positive(vemId, "vemId");
        }
        Require.text(path, "path");
        Require.positive(revision, "revision");
        Require.text(sha256, "sha256");
        Require.text(storageHost, "storageHost");
        Require.text(serverPath, "serverPath");
    }
}
