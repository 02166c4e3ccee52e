package io.sharedfs.image.api;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The body of {@code POST /images/{id}/customizations}: which file, shared by whom, and whether
 * existing nodes' private copies become the link too (default false).
 */
public record CustomizationRequest(
        @Schema(description = "absolute, normalised path of a regular file in the image", example = "/etc/crontab")
        String path,
        @Schema(description = "who shares the file", enumeration = {"VE", "NODE", "ALL"})
        String scope,
        Boolean applyToExistingNodes) {
}
