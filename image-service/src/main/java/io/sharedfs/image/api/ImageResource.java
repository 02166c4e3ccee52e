package io.sharedfs.image.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sharedfs.image.domain.Image;
import io.sharedfs.image.domain.ImageDraft;
import io.sharedfs.image.domain.ImageService;
import io.sharedfs.service.http.ETags;
import io.sharedfs.service.http.MergePatch;
import io.sharedfs.service.http.Paging;
import io.sharedfs.service.problem.ProblemException;
import io.sharedfs.service.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The FS image registry over REST: viewers read, operators change. */
@Path("/images")
@Tag(name = "images", description = "FS images and their shared flag")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class ImageResource {

    private final ImageService images;
    private final ObjectMapper mapper;

    public ImageResource(ImageService images, ObjectMapper mapper) {
        this.images = images;
        this.mapper = mapper;
    }

    @GET
    @RolesAllowed(Roles.VIEWER)
    @Operation(summary = "List images by name, optionally filtered by a name substring and the shared flag")
    public ImagePage list(@QueryParam("name") String name, @QueryParam("shared") Boolean shared,
            @QueryParam("page") @DefaultValue("0") int page, @QueryParam("size") @DefaultValue("20") int size) {
        Paging.check(page, size);
        ImageService.ImageList found = images.list(name, shared, page, size);
        return new ImagePage(found.items().stream().map(image -> ImageView.of(image, images.usersOf(image.id)))
                .toList(), page, size, found.total());
    }

    @GET
    @Path("/{id}")
    @RolesAllowed(Roles.VIEWER)
    @Operation(summary = "One image, with its status and the VEs that use it")
    public Response get(@PathParam("id") UUID id) {
        return withETag(Response.ok(), images.get(id)).build();
    }

    @POST
    @RolesAllowed(Roles.OPERATOR)
    @Operation(summary = "Register an image; its status is PENDING until the storage host answers")
    public Response register(ImageRequest request, @Context UriInfo uriInfo) {
        Image image = images.register(required(request).toDraft());
        return withETag(Response.created(uriInfo.getBaseUriBuilder().path("images").path(image.id.toString()).build()),
                image).build();
    }

    @PUT
    @Path("/{id}")
    @RolesAllowed(Roles.OPERATOR)
    @Operation(summary = "Replace an image's fields (absent fields take their defaults)")
    public Response replace(@PathParam("id") UUID id, ImageRequest request,
            @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch) {
        ImageDraft draft = required(request).toDraft();
        return withETag(Response.ok(), images.update(id, current -> draft, ifMatch)).build();
    }

    @PATCH
    @Path("/{id}")
    @RolesAllowed(Roles.OPERATOR)
    @Consumes({MediaType.APPLICATION_JSON, MergePatch.MEDIA_TYPE})
    @Operation(summary = "Change some fields (JSON merge patch); {\"shared\": true} is the shared checkbox")
    public Response patch(@PathParam("id") UUID id,
            @RequestBody(content = @Content(schema = @Schema(implementation = ImageRequest.class))) JsonNode patch,
            @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch) {
        // Merged with the image as locked for the change, so concurrent patches never lose a field.
        return withETag(Response.ok(), images.update(id,
                current -> MergePatch.apply(mapper, ImageRequest.of(current), patch, ImageRequest.class).toDraft(),
                ifMatch)).build();
    }

    @DELETE
    @Path("/{id}")
    @RolesAllowed(Roles.OPERATOR)
    @Operation(summary = "Remove an image from the registry (its files stay); refused while a VE uses it")
    public Response delete(@PathParam("id") UUID id, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch) {
        images.delete(id, ifMatch);
        return Response.noContent().build();
    }

    private Response.ResponseBuilder withETag(Response.ResponseBuilder builder, Image image) {
        return builder.tag(ETags.of(image.version)).entity(ImageView.of(image, images.usersOf(image.id)));
    }

    private static ImageRequest required(ImageRequest request) {
        if (request == null) {
            throw ProblemException.invalid("body", "required", "a JSON body with the image's fields is required");
        }
        return request;
    }
}
