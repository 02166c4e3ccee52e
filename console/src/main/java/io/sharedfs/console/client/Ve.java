package io.sharedfs.console.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Instant;
import java.util.UUID;

/** A VE as ve-service shows it. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Ve(long id, String name, UUID imageId, boolean multiServer, String description, long liveNodes,
        long version, Instant createdAt, Instant updatedAt, String self) {
}
