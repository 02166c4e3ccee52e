package io.sharedfs.console.client;

import com.fasterxml.jackson.annotation.JsonInclude;

/** The body of registering an image; absent fields take image-service's defaults. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ImageRequest(String name, String rootPath, String storageHost, Boolean shared, String description) {
}
