package io.sharedfs.ve.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.sharedfs.ve.domain.CustomFile;
import java.time.Instant;

/**
 * An uploaded customized file without its content: its revision, its SHA-256 (the ETag), and
 * whether the storage host wrote it ({@code written}) or could not ({@code writeError}).
 *
 * @param unchanged only in an upload's answer: true when the content equalled the current revision,
 *     so nothing new was stored or published
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CustomFileView(
        long veId,
        Long vemId,
        String path,
        long revision,
        String sha256,
        long size,
        boolean written,
        Instant writtenAt,
        String storageHost,
        String serverPath,
        String writeError,
        Instant uploadedAt,
        Boolean unchanged,
        String self) {

    static CustomFileView of(CustomFile file) {
        return of(file, null);
    }

    static CustomFileView of(CustomFile file, Boolean unchanged) {
        boolean written = file.written();
        return new CustomFileView(file.veId, file.vem(), file.path, file.revision, file.sha256, file.size, written,
                written ? file.writtenAt : null, file.storageHost, written ? file.serverPath : null,
                file.currentWriteError(), file.uploadedAt, unchanged, CustomFileHttp.self(file.veId, file.vem(),
                        file.path));
    }
}
