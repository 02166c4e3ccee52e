package io.sharedfs.console.client;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/** ve-service's REST API, as far as the console uses it. */
@Path("/ves")
@Produces(MediaType.APPLICATION_JSON)
public interface VeApi {

    @GET
    VePage search(@QueryParam("search") String search, @QueryParam("page") int page, @QueryParam("size") int size);

    @GET
    @Path("/{id}")
    Ve get(@PathParam("id") long id);

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    Ve create(VeRequest request);

    @GET
    @Path("/{id}/nodes")
    List<Node> nodes(@PathParam("id") long veId);

    @GET
    @Path("/{id}/nodes/{vem}")
    Node node(@PathParam("id") long veId, @PathParam("vem") long vemId);

    @POST
    @Path("/{id}/nodes")
    @Consumes(MediaType.APPLICATION_JSON)
    Node addNode(@PathParam("id") long veId, NodeRequest request);

    @DELETE
    @Path("/{id}/nodes/{vem}")
    Node removeNode(@PathParam("id") long veId, @PathParam("vem") long vemId, @QueryParam("purge") boolean purge);

    @POST
    @Path("/{id}/nodes/{vem}/retry")
    Node retry(@PathParam("id") long veId, @PathParam("vem") long vemId);
}
