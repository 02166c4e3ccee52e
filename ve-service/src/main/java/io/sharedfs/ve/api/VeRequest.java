package io.sharedfs.ve.api;

import io.sharedfs.ve.domain.Ve;
import io.sharedfs.ve.domain.VeDraft;
import java.util.UUID;

/** The body of {@code POST /ves}; also the shape a {@code PATCH} merges into. */
public record VeRequest(String name, UUID imageId, Boolean multiServer, String description) {

    VeDraft toDraft() {
        return new VeDraft(name, imageId, Boolean.TRUE.equals(multiServer), description);
    }

    static VeRequest of(Ve ve) {
        return new VeRequest(ve.name, ve.imageId, ve.multiServer, ve.description);
    }
}
