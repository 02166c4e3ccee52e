package io.sharedfs.console.client;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.UUID;

/** The body of creating a VE. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record VeRequest(String name, UUID imageId, Boolean multiServer, String description) {
}
