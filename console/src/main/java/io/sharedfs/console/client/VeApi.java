package io.sharedfs.console.client;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.jboss.resteasy.reactive.RestResponse;

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

    /** The VE's uploaded customized files (scope VE), without their content. */
    @GET
    @Path("/{id}/files")
    List<CustomFile> files(@PathParam("id") long veId);

    /** The VE's content of a customized file; its ETag names the content for If-Match. */
    @GET
    @Path("/{id}/files")
    @Produces(MediaType.APPLICATION_OCTET_STREAM)
    RestResponse<byte[]> fileContent(@PathParam("id") long veId, @QueryParam("path") String path);

    @PUT
    @Path("/{id}/files")
    @Consumes(MediaType.APPLICATION_OCTET_STREAM)
    CustomFile upload(@PathParam("id") long veId, @QueryParam("path") String path,
            @HeaderParam("If-Match") String ifMatch, byte[] content);

    /** One node's uploaded customized files (scope NODE). */
    @GET
    @Path("/{id}/nodes/{vem}/files")
    List<CustomFile> nodeFiles(@PathParam("id") long veId, @PathParam("vem") long vemId);

    @GET
    @Path("/{id}/nodes/{vem}/files")
    @Produces(MediaType.APPLICATION_OCTET_STREAM)
    RestResponse<byte[]> nodeFileContent(@PathParam("id") long veId, @PathParam("vem") long vemId,
            @QueryParam("path") String path);

    @PUT
    @Path("/{id}/nodes/{vem}/files")
    @Consumes(MediaType.APPLICATION_OCTET_STREAM)
    CustomFile uploadNodeFile(@PathParam("id") long veId, @PathParam("vem") long vemId,
            @QueryParam("path") String path, @HeaderParam("If-Match") String ifMatch, byte[] content);
}
