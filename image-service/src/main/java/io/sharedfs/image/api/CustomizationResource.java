package io.sharedfs.image.api;

import io.sharedfs.image.domain.Customization;
import io.sharedfs.image.domain.CustomizationRules;
import io.sharedfs.image.domain.CustomizationService;
import io.sharedfs.image.domain.CustomizationStatus;
import io.sharedfs.service.http.ETags;
import io.sharedfs.service.http.Paging;
import io.sharedfs.service.problem.ProblemException;
import io.sharedfs.service.problem.Violation;
import io.sharedfs.service.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
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
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * An image's customized files over REST: customizing and reverting are asynchronous (202) because
 * the image's storage host does the work and answers; viewers read, operators change.
 */
@Path("/images/{id}/customizations")
@Tag(name = "customizations", description = "Files of a shared image customized per VE, per node or for all nodes")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class CustomizationResource {

    private final CustomizationService customizations;

    public CustomizationResource(CustomizationService customizations) {
        this.customizations = customizations;
    }

    @GET
    @RolesAllowed(Roles.VIEWER)
    @Operation(summary = "The image's customizations, newest first, optionally only those in one status")
    public CustomizationPage list(@PathParam("id") UUID imageId, @QueryParam("status") String status,
            @QueryParam("page") @DefaultValue("0") int page, @QueryParam("size") @DefaultValue("20") int size,
            @Context UriInfo uriInfo) {
        Paging.check(page, size);
        List<Violation> violations = new ArrayList<>();
        CustomizationStatus wanted = CustomizationRules.status(status, "status", violations);
        if (!violations.isEmpty()) {
            throw ProblemException.invalid(violations);
        }
        CustomizationService.CustomizationList found = customizations.list(imageId, wanted, page, size);
        return new CustomizationPage(found.items().stream().map(c -> CustomizationView.of(c, self(c, uriInfo)))
                .toList(), page, size, found.total());
    }

    @GET
    @Path("/{cid}")
    @RolesAllowed(Roles.VIEWER)
    @Operation(summary = "One customization, with what the storage host did")
    public Response get(@PathParam("id") UUID imageId, @PathParam("cid") UUID customizationId,
            @Context UriInfo uriInfo) {
        return view(Response.ok(), customizations.get(imageId, customizationId), uriInfo).build();
    }

    @POST
    @RolesAllowed(Roles.OPERATOR)
    @Operation(summary = "Customize a file of a shared, READY image: 202 REQUESTED; APPLIED or FAILED once the "
            + "storage host answers")
    public Response customize(@PathParam("id") UUID imageId, CustomizationRequest request, @Context UriInfo uriInfo) {
        if (request == null) {
            throw ProblemException.invalid("body", "required", "a JSON body with path and scope is required");
        }
        Customization customization = customizations.request(imageId, request.path(), request.scope(),
                Boolean.TRUE.equals(request.applyToExistingNodes()));
        URI self = self(customization, uriInfo);
        return view(Response.accepted().location(self), customization, uriInfo).build();
    }

    @DELETE
    @Path("/{cid}")
    @RolesAllowed(Roles.OPERATOR)
    @Operation(summary = "Revert an APPLIED (or REVERT_FAILED) customization: 202 REVERTING; REVERTED or "
            + "REVERT_FAILED once the storage host answers. Its VE, node and /custom copies stay on disk")
    public Response revert(@PathParam("id") UUID imageId, @PathParam("cid") UUID customizationId,
            @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch, @Context UriInfo uriInfo) {
        return view(Response.accepted(), customizations.revert(imageId, customizationId, ifMatch), uriInfo).build();
    }

    private static Response.ResponseBuilder view(Response.ResponseBuilder builder, Customization customization,
            UriInfo uriInfo) {
        return builder.tag(ETags.of(customization.version))
                .entity(CustomizationView.of(customization, self(customization, uriInfo)));
    }

    private static URI self(Customization customization, UriInfo uriInfo) {
        return uriInfo.getBaseUriBuilder().path("images").path(customization.imageId.toString())
                .path("customizations").path(customization.id.toString()).build();
    }
}
