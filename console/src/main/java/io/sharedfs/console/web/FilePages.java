package io.sharedfs.console.web;

import io.sharedfs.console.client.Node;
import io.sharedfs.console.client.ServiceException;
import io.sharedfs.console.client.Services;
import io.sharedfs.console.client.Ve;
import io.sharedfs.console.security.CurrentUser;
import io.sharedfs.service.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Set;
import org.jboss.resteasy.reactive.RestForm;

/**
 * The content of a customized file for a VE (scope VE) or one node (scope NODE): read it, and (operators) upload new
 * content from a text area. ve-service keeps each revision; the storage host writes it into the VE's or node's
 * custom dir.
 */
@Path("/ve/file")
@Produces(MediaType.TEXT_HTML)
public class FilePages {

    /** The rules of an upload that concern its content (413 names {@code body}). */
    static final Set<String> FILE_FIELDS = Set.of("path", "body", "content");

    private final Services services;
    private final CurrentUser user;

    public FilePages(Services services, CurrentUser user) {
        this.services = services;
        this.user = user;
    }

    @GET
    @RolesAllowed(Roles.VIEWER)
    public Response file(@QueryParam("id") String id, @QueryParam("vem") String vem, @QueryParam("path") String path,
            @QueryParam("notice") String notice) {
        long veId = Pages.id("id", id);
        Long vemId = vem == null || vem.isBlank() ? null : Pages.id("vem", vem);
        String filePath = required(path);
        Ve ve = services.ves().get(veId);
        Node node = vemId == null ? null : services.ves().node(veId, vemId);
        CustomFiles.FileState file = CustomFiles.read(services, ve, vemId, filePath);
        return Pages.html(200, Templates.file(user.me(), ve, node, file, file.text() == null ? "" : file.text(),
                FormErrors.none(), "uploaded".equals(notice) ? "Uploaded. The storage host writes it into the "
                        + (vemId == null ? "VE's" : "node's") + " custom dir; “written” below says when it has." : null));
    }

    @POST
    @RolesAllowed(Roles.OPERATOR)
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response upload(@RestForm String id, @RestForm String vem, @RestForm String path, @RestForm String etag,
            @RestForm String content, @RestForm String csrf) {
        user.requireCsrf(csrf);
        long veId = Pages.id("id", id);
        Long vemId = vem == null || vem.isBlank() ? null : Pages.id("vem", vem);
        String filePath = required(path);
        String ifMatch = etag == null || etag.isBlank() ? null : etag.strip();
        try {
            byte[] bytes = CustomFiles.bytes(content);
            if (vemId == null) {
                services.ves().upload(veId, filePath, ifMatch, bytes);
            } else {
                services.ves().uploadNodeFile(veId, vemId, filePath, ifMatch, bytes);
            }
            return Pages.seeOther("/ve/file?id=" + veId + (vemId == null ? "" : "&vem=" + vemId) + "&path="
                    + Pages.q(filePath) + "&notice=uploaded");
        } catch (ServiceException e) {
            if (e.status() >= 500) {
                throw e;
            }
            Ve ve = services.ves().get(veId);
            Node node = vemId == null ? null : services.ves().node(veId, vemId);
            CustomFiles.FileState file = CustomFiles.read(services, ve, vemId, filePath);
            String hint = e.status() == 412 ? " Somebody uploaded other content since you opened the page. Your text"
                    + " is kept below: upload it again to replace theirs, or reload the page to see it." : "";
            FormErrors errors = e.status() == 412 ? FormErrors.message(e.describe() + hint)
                    : FormErrors.of(e, FILE_FIELDS);
            return Pages.html(e.status(), Templates.file(user.me(), ve, node, file, content == null ? "" : content,
                    errors, null));
        }
    }

    private static String required(String path) {
        if (path == null || path.isBlank()) {
            throw new Pages.BadInput("path is missing: which customized file, e.g. /etc/crontab?");
        }
        return path;
    }
}
