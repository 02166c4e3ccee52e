package io.sharedfs.ve.api;

import io.sharedfs.contracts.customization.CustomFileUploaded;
import io.sharedfs.service.problem.Problem;
import io.sharedfs.service.problem.ProblemException;
import io.sharedfs.service.problem.Violation;
import io.sharedfs.ve.domain.CustomFile;
import io.sharedfs.ve.domain.CustomFileService;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** What the VE and node file resources share: reading an upload within the size limit, and the answers. */
final class CustomFileHttp {

    /** The revision of the content a GET returns. */
    static final String REVISION = "Sharedfs-Revision";
    /** Whether the storage host reported writing that revision. */
    static final String WRITTEN = "Sharedfs-Written";

    /**
     * After refusing an upload that is too large, the rest is read and dropped so the client, which
     * sends its whole body before reading the answer, gets the 413 rather than a reset connection;
     * a client sending more than this has its connection closed instead.
     */
    static final long DRAIN_LIMIT = 64L * 1024 * 1024;

    private CustomFileHttp() {
    }

    /** The upload's bytes; 413 when there are more than {@link CustomFileUploaded#MAX_BYTES}. */
    static byte[] read(InputStream body) {
        if (body == null) {
            return new byte[0];
        }
        try {
            byte[] content = body.readNBytes(CustomFileUploaded.MAX_BYTES + 1);
            if (content.length > CustomFileUploaded.MAX_BYTES) {
                drain(body);
                throw new ProblemException(tooLarge());
            }
            return content;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the uploaded file", e);
        }
    }

    /** The answer to an upload larger than a customized file may be. */
    static Problem tooLarge() {
        String detail = "the file is larger than " + CustomFileUploaded.MAX_BYTES + " bytes ("
                + CustomFileUploaded.MAX_BYTES / 1024 + " KiB), the most a customized file may hold";
        return Problem.of("content-too-large", "Content too large", 413, detail,
                List.of(new Violation("body", "max-size", detail)));
    }

    static Response uploaded(CustomFileService.Upload upload) {
        CustomFile file = upload.file();
        Response.ResponseBuilder builder = upload.created()
                ? Response.created(URI.create(self(file.veId, file.vem(), file.path)))
                : Response.ok();
        return withHeaders(builder, file).type(MediaType.APPLICATION_JSON)
                .entity(CustomFileView.of(file, upload.unchanged())).build();
    }

    static Response content(CustomFile file) {
        return withHeaders(Response.ok(file.content), file).type(MediaType.APPLICATION_OCTET_STREAM).build();
    }

    static Response list(List<CustomFile> files) {
        return Response.ok(files.stream().map(CustomFileView::of).toList()).type(MediaType.APPLICATION_JSON).build();
    }

    /** The file's URL; the path is percent-encoded as a query value, its slashes kept for readability. */
    static String self(long veId, Long vemId, String path) {
        String encoded = URLEncoder.encode(path, StandardCharsets.UTF_8).replace("+", "%20").replace("%2F", "/");
        return "/ves/" + veId + (vemId == null ? "" : "/nodes/" + vemId) + "/files?path=" + encoded;
    }

    private static Response.ResponseBuilder withHeaders(Response.ResponseBuilder builder, CustomFile file) {
        return builder.tag(new EntityTag(file.sha256)).header(REVISION, file.revision)
                .header(WRITTEN, file.written());
    }

    private static void drain(InputStream body) {
        byte[] buffer = new byte[64 * 1024];
        long dropped = 0;
        int read;
        try {
            while (dropped < DRAIN_LIMIT && (read = body.read(buffer)) >= 0) {
                dropped += read;
            }
        } catch (IOException e) {
            // The client went away or the HTTP layer gave up on the body: the answer is 413 all the same.
        }
    }
}
