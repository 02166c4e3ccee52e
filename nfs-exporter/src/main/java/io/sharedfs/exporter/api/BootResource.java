package io.sharedfs.exporter.api;

import io.sharedfs.contracts.node.NodeRef;
import io.sharedfs.exporter.boot.BootReports;
import io.sharedfs.exporter.boot.BootingNodes;
import io.sharedfs.exporter.domain.NodeRow;
import io.sharedfs.exporter.exports.Mount;
import io.sharedfs.service.problem.ProblemException;
import io.vertx.core.http.HttpServerRequest;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestForm;

/**
 * What a booting node asks, without credentials (an initramfs holds none): its own mount table and where
 * its boot got to. The node is the one whose exported address the request comes from; the request's
 * source address is taken as the connection gives it, never from a forwarded-for header.
 */
@Path("/boot")
@PermitAll
@Tag(name = "boot", description = "For nodes at boot: their own mount table, and reports of how far the boot got")
public class BootResource {

    private static final Pattern NODE = Pattern.compile("([1-9][0-9]{0,17})/([1-9][0-9]{0,17})");

    private final BootingNodes nodes;
    private final NodeMounts mounts;
    private final BootReports reports;

    public BootResource(BootingNodes nodes, NodeMounts mounts, BootReports reports) {
        this.nodes = nodes;
        this.mounts = mounts;
        this.reports = reports;
    }

    @GET
    @Path("/mounts")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "The calling node's mounts, parents before children; 404 when the caller's address is no"
            + " exported node (optional node=VE/VEM must then be that node)")
    public List<Mount> mounts(@QueryParam("node") String node, @Context HttpServerRequest request) {
        return mounts.of(caller(node, request));
    }

    @GET
    @Path("/fstab")
    @Produces(MediaType.TEXT_PLAIN)
    @Operation(summary = "The same mount table as fstab(5) lines, for the initramfs")
    public String fstab(@QueryParam("node") String node, @Context HttpServerRequest request) {
        return mounts.fstab(caller(node, request));
    }

    @POST
    @Path("/report")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "The calling node reports a stage of its boot: stage=mounted|booted, or stage=failed with"
            + " error; published as NodeBooted or NodeBootFailed (429 when the same stage comes again too soon)")
    public Response reportForm(@RestForm String stage, @RestForm String error, @RestForm("node") String formNode,
            @QueryParam("node") String node, @Context HttpServerRequest request) {
        if (formNode != null && node != null && !formNode.strip().equals(node.strip())) {
            throw ProblemException.invalid("node", "one-node", "the query and the form name different nodes");
        }
        return report(node != null ? node : formNode, new BootReports.Report(stage, error), request);
    }

    @POST
    @Path("/report")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "The same report as JSON: {\"stage\": ..., \"error\": ...}")
    public Response reportJson(BootReports.Report body, @QueryParam("node") String node,
            @Context HttpServerRequest request) {
        if (body == null) {
            throw ProblemException.invalid("stage", "required", "the body must name the stage");
        }
        return report(node, body, request);
    }

    private Response report(String node, BootReports.Report report, HttpServerRequest request) {
        return Response.accepted(reports.accept(caller(node, request), report)).build();
    }

    private NodeRow caller(String node, HttpServerRequest request) {
        return nodes.caller(request.remoteAddress().hostAddress(), claimed(node));
    }

    private static Optional<NodeRef> claimed(String node) {
        if (node == null || node.isBlank()) {
            return Optional.empty();
        }
        Matcher matcher = NODE.matcher(node.strip());
        if (!matcher.matches()) {
            throw ProblemException.invalid("node", "ve-slash-vem", "node must be VE/VEM, two positive numbers");
        }
        return Optional.of(new NodeRef(Long.parseLong(matcher.group(1)), Long.parseLong(matcher.group(2))));
    }
}
