package io.sharedfs.exporter.api;

import io.sharedfs.exporter.config.ExportSettings;
import io.sharedfs.exporter.domain.ExportStore;
import io.sharedfs.exporter.domain.NodeRow;
import io.sharedfs.exporter.exports.Mount;
import io.sharedfs.service.problem.ProblemException;
import io.sharedfs.service.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** A node's mount table, for its initramfs: as JSON, or as fstab lines. */
@Path("/nodes/{veId}/{vemId}")
@Tag(name = "mounts", description = "What each node mounts where, matching its exports")
public class MountResource {

    private final ExportStore store;
    private final ExportSettings settings;
    private final NodeMounts mounts;

    public MountResource(ExportStore store, ExportSettings settings, NodeMounts mounts) {
        this.store = store;
        this.settings = settings;
        this.mounts = mounts;
    }

    @GET
    @Path("/mounts")
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.VIEWER)
    @Operation(summary = "The node's mounts, parents before children: NFS sources and options, /proc, RAM dirs")
    public List<Mount> mounts(@PathParam("veId") long veId, @PathParam("vemId") long vemId) {
        return mounts.of(node(veId, vemId));
    }

    @GET
    @Path("/fstab")
    @Produces(MediaType.TEXT_PLAIN)
    @RolesAllowed(Roles.VIEWER)
    @Operation(summary = "The same mount table as fstab(5) lines")
    public String fstab(@PathParam("veId") long veId, @PathParam("vemId") long vemId) {
        return mounts.fstab(node(veId, vemId));
    }

    private NodeRow node(long veId, long vemId) {
        NodeRow node = store.node(settings.storageHost(), veId, vemId).orElseThrow(() -> ProblemException.notFound(
                "storage host " + settings.storageHost() + " has no node " + veId + "/" + vemId));
        if (node.removed) {
            throw ProblemException.notFound("node " + veId + "/" + vemId + " was removed; it has no exports any more");
        }
        if (!node.known()) {
            throw ProblemException.notFound("node " + veId + "/" + vemId + " has no exports on storage host "
                    + settings.storageHost() + (node.imageDeleted ? " (its image was deleted)"
                            : node.elsewhere ? " (it moved to another storage host)" : " yet"));
        }
        return node;
    }
}
