package io.sharedfs.console.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Instant;

/**
 * The uploaded content of a customized file for a VE (vemId null) or one node, as ve-service describes it (without
 * the bytes): its revision, SHA-256, and whether the storage host wrote it.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record CustomFile(long veId, Long vemId, String path, long revision, String sha256, long size,
        boolean written, Instant writtenAt, String storageHost, String serverPath, String writeError,
        Instant uploadedAt, Boolean unchanged) {
}
