package io.sharedfs.ve.api;

import io.sharedfs.service.security.Roles;
import io.sharedfs.ve.domain.CustomFileService;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
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
import java.io.InputStream;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The content of one node's customized files (scope NODE). */
@Path("/ves/{veId}/nodes/{vemId}/files")
@Tag(name = "custom files", description = "Content of customized files, per VE and per node")
public class NodeFileResource {

    private final CustomFileService files;

    public NodeFileResource(CustomFileService files) {
        this.files = files;
    }

    @GET
    @RolesAllowed(Roles.VIEWER)
    @Produces({MediaType.APPLICATION_OCTET_STREAM, MediaType.APPLICATION_JSON})
    @Operation(summary = "With ?path=, the node's content of that file (ETag: its quoted SHA-256; "
            + "Sharedfs-Revision, Sharedfs-Written headers); without, the node's uploaded files as JSON")
    public Response get(@PathParam("veId") long veId, @PathParam("vemId") long vemId,
            @QueryParam("path") String path, @Context UriInfo uriInfo) {
        // "?path=" asks for a file (and is refused), only no path at all asks for the list.
        return uriInfo.getQueryParameters().containsKey("path")
                ? CustomFileHttp.content(files.get(veId, vemId, path == null ? "" : path))
                : CustomFileHttp.list(files.list(veId, vemId));
    }

    @PUT
    @RolesAllowed(Roles.OPERATOR)
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Upload the node's content of a file its VE's image customizes with scope NODE (the raw "
            + "bytes, at most 256 KiB); If-Match takes the quoted SHA-256 of the content last read")
    public Response put(@PathParam("veId") long veId, @PathParam("vemId") long vemId,
            @QueryParam("path") String path, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch, InputStream body) {
        byte[] content = CustomFileHttp.read(body);
        return CustomFileHttp.uploaded(files.upload(veId, vemId, path, content, ifMatch));
    }
}
