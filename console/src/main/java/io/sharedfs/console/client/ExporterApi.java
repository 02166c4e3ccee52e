package io.sharedfs.console.client;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/** nfs-exporter's REST API: a node's mount table. */
@Path("/nodes")
public interface ExporterApi {

    @GET
    @Path("/{ve}/{vem}/fstab")
    @Produces(MediaType.TEXT_PLAIN)
    String fstab(@PathParam("ve") long veId, @PathParam("vem") long vemId);

    @GET
    @Path("/{ve}/{vem}/mounts")
    @Produces(MediaType.APPLICATION_JSON)
    List<Mount> mounts(@PathParam("ve") long veId, @PathParam("vem") long vemId);
}
