package io.sharedfs.console.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** An FS image as image-service shows it. Fields the console does not know are ignored. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Image(UUID id, String name, String rootPath, String storageHost, boolean shared,
        List<String> privateDirs, List<String> sharedSubdirs, List<String> ramDirs, String description,
        String status, String statusReason, long version, Instant createdAt, Instant updatedAt,
        List<VeUse> usedBy) {

    public Image {
        privateDirs = privateDirs == null ? List.of() : privateDirs;
        sharedSubdirs = sharedSubdirs == null ? List.of() : sharedSubdirs;
        ramDirs = ramDirs == null ? List.of() : ramDirs;
        usedBy = usedBy == null ? List.of() : usedBy;
    }

    /** The If-Match value naming this version. */
    public String etag() {
        return "\"" + version + "\"";
    }

    /** A VE that uses the image, with its number of live nodes. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record VeUse(long veId, String veName, long nodes) {
    }
}
