package io.sharedfs.image.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sharedfs.image.domain.Image;
import io.sharedfs.image.domain.ImageService;
import io.sharedfs.service.http.ETags;
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

    static final String MERGE_PATCH = "application/merge-patch+json";
    private static final int MAX_PAGE_SIZE = 200;

    private final ImageService images;
    private final JsonBodies json;

    public ImageResource(ImageService images, JsonBodies json) {
        this.images = images;
        this.json = json;
    }

    @GET
    @RolesAllowed(Roles.VIEWER)
    @Operation(summary = "List images by name, optionally filtered by a name substring and the shared flag")
    public ImagePage list(@QueryParam("name") String name, @QueryParam("shared") Boolean shared,
            @QueryParam("page") @DefaultValue("0") int page, @QueryParam("size") @DefaultValue("20") int size) {
        if (page < 0) {
            throw ProblemException.invalid("page", "min", "page must be 0 or more");
        }
        if (size < 1 || size > MAX_PAGE_SIZE) {
            throw ProblemException.invalid("size", "range", "size must be between 1 and " + MAX_PAGE_SIZE);
        }
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
    public Response register(
            @RequestBody(content = @Content(schema = @Schema(implementation = ImageRequest.class))) String body,
            @jakarta.ws.rs.core.Context UriInfo uriInfo) {
        Image image = images.register(json.read(body, ImageRequest.class).toDraft());
        return withETag(Response.created(uriInfo.getBaseUriBuilder().path("images").path(image.id.toString()).build()),
                image).build();
    }

    @PUT
    @Path("/{id}")
    @RolesAllowed(Roles.OPERATOR)
    @Operation(summary = "Replace an image's fields (absent fields take their defaults)")
    public Response replace(@PathParam("id") UUID id,
            @RequestBody(content = @Content(schema = @Schema(implementation = ImageRequest.class))) String body,
            @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch) {
        ImageRequest request = json.read(body, ImageRequest.class);
        return withETag(Response.ok(), images.replace(id, request.toDraft(), ifMatch)).build();
    }

    @PATCH
    @Path("/{id}")
    @RolesAllowed(Roles.OPERATOR)
    @Consumes({MediaType.APPLICATION_JSON, MERGE_PATCH})
    @Operation(summary = "Change some fields (JSON merge patch); {\"shared\": true} is the shared checkbox")
    public Response patch(@PathParam("id") UUID id,
            @RequestBody(content = @Content(schema = @Schema(implementation = ImageRequest.class))) String body,
            @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch) {
        JsonNode patch = json.read(body, JsonNode.class);
        if (!patch.isObject()) {
            throw ProblemException.invalid("body", "object", "a patch is a JSON object of the fields to change");
        }
        ObjectNode merged = (ObjectNode) json.tree(ImageRequest.of(images.get(id)));
        merged.setAll((ObjectNode) patch);
        ImageRequest request = json.convert(merged, ImageRequest.class);
        return withETag(Response.ok(), images.replace(id, request.toDraft(), ifMatch)).build();
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
}
