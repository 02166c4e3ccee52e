package io.sharedfs.contracts.customization;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.sharedfs.contracts.Require;
import io.sharedfs.contracts.node.ImageRef;
import io.sharedfs.contracts.ve.VeMessage;
import java.util.Base64;

/**
 * An operator uploaded the content of a customized file for one VE ({@code vemId} absent) or one
 * node; the storage host writes it to {@code /custom/ve/<path>} or {@code /custom/node/<path>}.
 *
 * @param revision increases with every upload of the same file, so a stale or redelivered upload
 *     never overwrites a newer one
 * @param sha256 hex SHA-256 of the content
 * @param content the bytes, base64 (at most {@link #MAX_BYTES} once decoded)
 */
public record CustomFileUploaded(
        long veId,
        Long vemId,
        String path,
        long revision,
        String sha256,
        String content,
        ImageRef image) implements VeMessage {

    /** Largest file accepted: customized files are configuration, and a record must stay well under 1 MB. */
    public static final int MAX_BYTES = 256 * 1024;

    public CustomFileUploaded {
        Require.positive(veId, "veId");
        if (vemId != null) {
            Require.positive(vemId, "vemId");
        }
        CustomizationPath.check(path, null);
        Require.positive(revision, "revision");
        Require.text(sha256, "sha256");
        Require.present(content, "content");
        Require.present(image, "image");
        if (bytesOf(content).length > MAX_BYTES) {
            throw new IllegalArgumentException("content must be at most " + MAX_BYTES + " bytes");
        }
    }

    /** The decoded content. */
    @JsonIgnore
    public byte[] bytes() {
        return bytesOf(content);
    }

    private static byte[] bytesOf(String base64) {
        try {
            return Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("content must be base64: " + e.getMessage(), e);
        }
    }
}
