package io.sharedfs.console.client;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.Map;
import java.util.UUID;

/** image-service's REST API, as far as the console uses it. */
@Path("/images")
@Produces(MediaType.APPLICATION_JSON)
public interface ImageApi {

    @GET
    ImagePage list(@QueryParam("name") String name, @QueryParam("shared") Boolean shared,
            @QueryParam("page") int page, @QueryParam("size") int size);

    @GET
    @Path("/{id}")
    Image get(@PathParam("id") UUID id);

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    Image register(ImageRequest request);

    /** A JSON merge patch; {@code {"shared": true}} is the shared checkbox. */
    @PATCH
    @Path("/{id}")
    @Consumes("application/merge-patch+json")
    Image patch(@PathParam("id") UUID id, @HeaderParam("If-Match") String ifMatch, Map<String, Object> patch);

    /** The image's customizations, newest first. */
    @GET
    @Path("/{id}/customizations")
    CustomizationPage customizations(@PathParam("id") UUID id, @QueryParam("page") int page,
            @QueryParam("size") int size);

    @GET
    @Path("/{id}/customizations/{cid}")
    Customization customization(@PathParam("id") UUID id, @PathParam("cid") UUID customizationId);

    /** Customizes a file of the image: 202 with the customization REQUESTED. */
    @POST
    @Path("/{id}/customizations")
    @Consumes(MediaType.APPLICATION_JSON)
    Customization customize(@PathParam("id") UUID id, CustomizationRequest request);

    /** Reverts a customization: 202 with it REVERTING. */
    @DELETE
    @Path("/{id}/customizations/{cid}")
    Customization revert(@PathParam("id") UUID id, @PathParam("cid") UUID customizationId);
}
