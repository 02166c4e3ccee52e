package io.sharedfs.console.client;

import com.fasterxml.jackson.annotation.JsonInclude;

/** The body of {@code POST /images/{id}/customizations}; a blank field is left out, for the service to name it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CustomizationRequest(String path, String scope, boolean applyToExistingNodes) {
}
