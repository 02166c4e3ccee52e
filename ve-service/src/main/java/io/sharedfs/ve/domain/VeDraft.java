package io.sharedfs.ve.domain;

import java.util.UUID;

/** What an operator asks a VE to be. */
public record VeDraft(String name, UUID imageId, boolean multiServer, String description) {
}
