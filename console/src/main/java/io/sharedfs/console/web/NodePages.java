package io.sharedfs.console.web;

import io.sharedfs.console.client.DiskTree;
import io.sharedfs.console.client.Mount;
import io.sharedfs.console.client.Node;
import io.sharedfs.console.client.Services;
import io.sharedfs.console.security.CurrentUser;
import io.sharedfs.service.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;

/** A node's page: its state and history (ve-service), its tree on disk (node-provisioner), its mounts (nfs-exporter). */
@Path("/node")
@Produces(MediaType.TEXT_HTML)
public class NodePages {

    private final Services services;
    private final CurrentUser user;

    public NodePages(Services services, CurrentUser user) {
        this.services = services;
        this.user = user;
    }

    @GET
    @RolesAllowed(Roles.VIEWER)
    public Response node(@QueryParam("ve") String ve, @QueryParam("vem") String vem,
            @QueryParam("notice") String notice) {
        long veId = Pages.id("ve", ve);
        long vemId = Pages.id("vem", vem);
        Node node = services.ves().node(veId, vemId);
        Section<DiskTree> tree = Section.of(() -> services.provisioner().tree(veId, vemId));
        Section<String> fstab = Section.of(() -> services.exporter().fstab(veId, vemId));
        Section<List<Mount>> mounts = Section.of(() -> services.exporter().mounts(veId, vemId));
        Section<List<CustomFiles.FileRow>> files = Section.of(() -> CustomFiles.rows(services,
                services.ves().get(veId), vemId));
        return Pages.html(200, Templates.node(user.me(), node, tree, fstab, mounts, VePages.notice(notice, vem),
                files));
    }
}
