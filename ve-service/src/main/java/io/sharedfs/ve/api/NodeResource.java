package io.sharedfs.ve.api;

import io.sharedfs.service.problem.ProblemException;
import io.sharedfs.service.security.Roles;
import io.sharedfs.ve.domain.Node;
import io.sharedfs.ve.domain.NodeService;
import jakarta.annotation.security.RolesAllowed;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.net.URI;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The nodes (VEMs) of a VE over REST: adding and removing them is asynchronous (202). A change and
 * the node it answers with are read in one transaction.
 */
@Path("/ves/{veId}/nodes")
@Tag(name = "nodes", description = "The nodes (VEMs) of a VE and their lifecycle")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class NodeResource {

    private final NodeService nodes;

    public NodeResource(NodeService nodes) {
        this.nodes = nodes;
    }

    @GET
    @RolesAllowed(Roles.VIEWER)
    @Operation(summary = "The VE's nodes, removed ones included, by VEM id")
    public List<NodeView> list(@PathParam("veId") long veId) {
        return nodes.list(veId).stream().map(NodeView::summary).toList();
    }

    @GET
    @Path("/{vemId}")
    @RolesAllowed(Roles.VIEWER)
    @Operation(summary = "One node with its state history and its hook results")
    @Transactional
    public NodeView get(@PathParam("veId") long veId, @PathParam("vemId") long vemId) {
        return detail(nodes.get(veId, vemId));
    }

    @POST
    @RolesAllowed(Roles.OPERATOR)
    @Operation(summary = "Add a node: 202 in PROVISIONING; it becomes READY once provisioned and exported")
    @Transactional
    public Response add(@PathParam("veId") long veId, NodeRequest request, @Context UriInfo uriInfo) {
        if (request == null) {
            throw ProblemException.invalid("body", "required", "a JSON body with hostname and address is required");
        }
        Node node = nodes.add(veId, request.hostname(), request.address(), request.mac());
        return accepted(node, uriInfo);
    }

    @DELETE
    @Path("/{vemId}")
    @RolesAllowed(Roles.OPERATOR)
    @Operation(summary = "Remove a node: 202 in REMOVING; its private tree is kept unless purge=true")
    @Transactional
    public Response remove(@PathParam("veId") long veId, @PathParam("vemId") long vemId,
            @QueryParam("purge") @DefaultValue("false") String purge, @Context UriInfo uriInfo) {
        return accepted(nodes.remove(veId, vemId, flag("purge", purge)), uriInfo);
    }

    @POST
    @Path("/{vemId}/retry")
    @RolesAllowed(Roles.OPERATOR)
    @Operation(summary = "Retry a FAILED node: NodeAdded again with the next attempt number")
    @Transactional
    public Response retry(@PathParam("veId") long veId, @PathParam("vemId") long vemId, @Context UriInfo uriInfo) {
        return accepted(nodes.retry(veId, vemId), uriInfo);
    }

    // JAX-RS reads any text but "true" as false: "purge=yes" would silently keep the tree.
    private static boolean flag(String name, String value) {
        if ("true".equalsIgnoreCase(value)) {
            return true;
        }
        if ("false".equalsIgnoreCase(value)) {
            return false;
        }
        throw ProblemException.invalid(name, "boolean", name + " must be true or false, not '" + value + "'");
    }

    private Response accepted(Node node, UriInfo uriInfo) {
        URI location = uriInfo.getBaseUriBuilder().path("ves").path(Long.toString(node.veId)).path("nodes")
                .path(Long.toString(node.vemId)).build();
        return Response.accepted(detail(node)).location(location).build();
    }

    private NodeView detail(Node node) {
        return NodeView.of(node, nodes.hookResults(node.veId, node.vemId), nodes.history(node.veId, node.vemId));
    }
}
