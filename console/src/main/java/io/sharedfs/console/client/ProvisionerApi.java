package io.sharedfs.console.client;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** node-provisioner's REST API: what is on disk. */
@Path("/trees")
@Produces(MediaType.APPLICATION_JSON)
public interface ProvisionerApi {

    @GET
    @Path("/{ve}/{vem}")
    DiskTree tree(@PathParam("ve") long veId, @PathParam("vem") long vemId);
}
