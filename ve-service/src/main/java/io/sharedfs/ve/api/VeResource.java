package io.sharedfs.ve.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sharedfs.service.http.ETags;
import io.sharedfs.service.http.MergePatch;
import io.sharedfs.service.http.Paging;
import io.sharedfs.service.problem.ProblemException;
import io.sharedfs.service.security.Roles;
import io.sharedfs.ve.domain.Ve;
import io.sharedfs.ve.domain.VeService;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** VEs over REST: viewers read and search, operators change. */
@Path("/ves")
@Tag(name = "ves", description = "Virtual environments")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class VeResource {

    private final VeService ves;
    private final ObjectMapper mapper;

    public VeResource(VeService ves, ObjectMapper mapper) {
        this.ves = ves;
        this.mapper = mapper;
    }

    @GET
    @RolesAllowed(Roles.VIEWER)
    @Operation(summary = "Search VEs by a name substring; each result carries its id and a self link")
    public VePage search(@QueryParam("search") String search, @QueryParam("page") @DefaultValue("0") int page,
            @QueryParam("size") @DefaultValue("20") int size) {
        Paging.check(page, size);
        VeService.VeList found = ves.search(search, page, size);
        return new VePage(found.items().stream().map(this::view).toList(), page, size, found.total());
    }

    @GET
    @Path("/{id}")
    @RolesAllowed(Roles.VIEWER)
    @Operation(summary = "One VE")
    public Response get(@PathParam("id") long id) {
        return withETag(Response.ok(), ves.get(id)).build();
    }

    @POST
    @RolesAllowed(Roles.OPERATOR)
    @Operation(summary = "Create a VE on an image; a multi-server VE needs a shared, READY image")
    public Response create(VeRequest request, @Context UriInfo uriInfo) {
        if (request == null) {
            throw ProblemException.invalid("body", "required", "a JSON body with the VE's fields is required");
        }
        Ve ve = ves.create(request.toDraft());
        return withETag(Response.created(uriInfo.getBaseUriBuilder().path("ves").path(Long.toString(ve.id)).build()),
                ve).build();
    }

    @PATCH
    @Path("/{id}")
    @RolesAllowed(Roles.OPERATOR)
    @Consumes({MediaType.APPLICATION_JSON, MergePatch.MEDIA_TYPE})
    @Operation(summary = "Change some of a VE's fields (JSON merge patch)")
    public Response patch(@PathParam("id") long id, JsonNode patch, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch) {
        // Merged into the VE as it is once locked, not as it was read before.
        Ve updated = ves.update(id,
                current -> MergePatch.apply(mapper, VeRequest.of(current), patch, VeRequest.class).toDraft(), ifMatch);
        return withETag(Response.ok(), updated).build();
    }

    @DELETE
    @Path("/{id}")
    @RolesAllowed(Roles.OPERATOR)
    @Operation(summary = "Delete a VE; refused while it has nodes")
    public Response delete(@PathParam("id") long id, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch) {
        ves.delete(id, ifMatch);
        return Response.noContent().build();
    }

    private VeView view(Ve ve) {
        return VeView.of(ve, ves.liveNodes(ve.id));
    }

    private Response.ResponseBuilder withETag(Response.ResponseBuilder builder, Ve ve) {
        return builder.tag(ETags.of(ve.version)).entity(view(ve));
    }
}
