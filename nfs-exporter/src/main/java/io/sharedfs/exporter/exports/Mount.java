package io.sharedfs.exporter.exports;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One mount of a node's mount table.
 *
 * @param source {@code host:path} for NFS, {@code proc} or {@code tmpfs} otherwise
 * @param type {@code nfs}, {@code tmpfs} or {@code proc}
 * @param seedFrom for a RAM dir: the image's copy ({@code host:path}) whose contents and mode the
 *        initramfs copies into the fresh tmpfs; absent otherwise
 */
public record Mount(String source, String target, String type, String options,
        @JsonInclude(JsonInclude.Include.NON_NULL) String seedFrom) {
}
