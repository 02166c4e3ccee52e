package io.sharedfs.ve.api;

import io.sharedfs.ve.domain.Ve;
import java.time.Instant;
import java.util.UUID;

/** A VE as the API shows it, with its id, a link to itself and its number of live nodes. */
public record VeView(
        long id,
        String name,
        UUID imageId,
        boolean multiServer,
        String description,
        long liveNodes,
        long version,
        Instant createdAt,
        Instant updatedAt,
        String self,
        String nodes) {

    static VeView of(Ve ve, long liveNodes) {
        String self = "/ves/" + ve.id;
        return new VeView(ve.id, ve.name, ve.imageId, ve.multiServer, ve.description, liveNodes, ve.version,
                ve.createdAt, ve.updatedAt, self, self + "/nodes");
    }
}
