package io.sharedfs.console.web;

import io.sharedfs.console.client.Image;
import io.sharedfs.console.client.Node;
import io.sharedfs.console.client.NodeRequest;
import io.sharedfs.console.client.ServiceException;
import io.sharedfs.console.client.Services;
import io.sharedfs.console.client.Ve;
import io.sharedfs.console.client.VePage;
import io.sharedfs.console.client.VeRequest;
import io.sharedfs.console.security.CurrentUser;
import io.sharedfs.service.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.UUID;
import org.jboss.resteasy.reactive.RestForm;

/** The VEs page (search, create), each VE's page with its live nodes, and the node actions. */
@Path("/")
@Produces(MediaType.TEXT_HTML)
public class VePages {

    private static final int PAGE_SIZE = 50;

    private final Services services;
    private final CurrentUser user;

    public VePages(Services services, CurrentUser user) {
        this.services = services;
        this.user = user;
    }

    @GET
    @Path("/ves")
    @RolesAllowed(Roles.VIEWER)
    public Response list(@QueryParam("search") String search) {
        return Pages.html(200, listPage(search, Forms.VeForm.empty(), FormErrors.none()));
    }

    @POST
    @Path("/ves")
    @RolesAllowed(Roles.OPERATOR)
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response create(@RestForm String name, @RestForm String imageId, @RestForm String multiServer,
            @RestForm String description, @RestForm String csrf) {
        user.requireCsrf(csrf);
        Forms.VeForm form = new Forms.VeForm(Forms.nz(name), Forms.nz(imageId), Forms.ticked(multiServer),
                Forms.nz(description));
        UUID image = null;
        try {
            image = imageId == null || imageId.isBlank() ? null : UUID.fromString(imageId.strip());
        } catch (IllegalArgumentException e) {
            return Pages.html(400, listPage(null, form, FormErrors.message("Choose the VE's image from the list.")));
        }
        try {
            Ve ve = services.ves().create(new VeRequest(Forms.nz(name).strip(), image, form.multiServer(),
                    Forms.optional(description)));
            return Pages.seeOther("/ve?id=" + ve.id() + "&notice=created");
        } catch (ServiceException e) {
            if (e.status() >= 500) {
                throw e;
            }
            return Pages.html(e.status(), listPage(null, form, FormErrors.of(e, Forms.VE_FIELDS)));
        }
    }

    @GET
    @Path("/ve")
    @RolesAllowed(Roles.VIEWER)
    public Response ve(@QueryParam("id") String id, @QueryParam("notice") String notice,
            @QueryParam("vem") String vem) {
        long veId = Pages.id("id", id);
        Ve ve = services.ves().get(veId);
        return Pages.html(200, vePage(ve, Forms.NodeForm.empty(), FormErrors.none(), notice(notice, vem)));
    }

    /** The nodes table alone, for the live refresh. */
    @GET
    @Path("/ve/nodes")
    @RolesAllowed(Roles.VIEWER)
    public Response nodes(@QueryParam("id") String id) {
        long veId = Pages.id("id", id);
        Ve ve = services.ves().get(veId);
        return Pages.html(200, Templates.ve$nodes(user.me(), ve, services.ves().nodes(veId)));
    }

    @POST
    @Path("/ve/nodes")
    @RolesAllowed(Roles.OPERATOR)
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response addNode(@RestForm String id, @RestForm String hostname, @RestForm String address,
            @RestForm String mac, @RestForm String csrf, @HeaderParam(Pages.HX_REQUEST) String htmx) {
        user.requireCsrf(csrf);
        long veId = Pages.id("id", id);
        Forms.NodeForm form = new Forms.NodeForm(Forms.nz(hostname), Forms.nz(address), Forms.nz(mac));
        try {
            Node node = services.ves().addNode(veId, new NodeRequest(Forms.nz(hostname).strip(),
                    Forms.nz(address).strip(), Forms.optional(mac)));
            if (!Pages.htmx(htmx)) {
                return Pages.seeOther("/ve?id=" + veId + "&notice=added&vem=" + node.vemId());
            }
            Ve ve = services.ves().get(veId);
            String nodes = Templates.ve$nodes(user.me(), ve, services.ves().nodes(veId)).render();
            String cleared = Templates.ve$addnode(user.me(), ve, Forms.NodeForm.empty(), FormErrors.none(),
                    "Node " + node.vemId() + " (" + node.hostname() + ") added; it is being provisioned.", true)
                    .render();
            return Pages.html(200, nodes + cleared);
        } catch (ServiceException e) {
            if (e.status() >= 500) {
                throw e;
            }
            FormErrors errors = FormErrors.of(e, Forms.NODE_FIELDS);
            Ve ve = services.ves().get(veId);
            if (Pages.htmx(htmx)) {
                // The nodes stay as they are; the form comes back with the errors next to its fields.
                return Response.ok(Templates.ve$addnode(user.me(), ve, form, errors, null, false))
                        .type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
                        .header("HX-Retarget", "#add-node")
                        .header("HX-Reswap", "outerHTML")
                        .build();
            }
            return Pages.html(e.status(), vePage(ve, form, errors, null));
        }
    }

    /** Asks how to remove a node: keep its private tree, or purge it (which must be confirmed). */
    @GET
    @Path("/ve/node/remove")
    @RolesAllowed(Roles.OPERATOR)
    public Response removeForm(@QueryParam("ve") String ve, @QueryParam("vem") String vem,
            @QueryParam("back") String back) {
        long veId = Pages.id("ve", ve);
        long vemId = Pages.id("vem", vem);
        return Pages.html(200, Templates.remove(user.me(), services.ves().get(veId),
                services.ves().node(veId, vemId), back(back), FormErrors.none()));
    }

    @POST
    @Path("/ve/node/remove")
    @RolesAllowed(Roles.OPERATOR)
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response remove(@RestForm String ve, @RestForm String vem, @RestForm String purge,
            @RestForm String confirm, @RestForm String back, @RestForm String csrf) {
        user.requireCsrf(csrf);
        long veId = Pages.id("ve", ve);
        long vemId = Pages.id("vem", vem);
        boolean purgeTree = "purge".equals(purge);
        if (purgeTree && !Forms.ticked(confirm)) {
            return Pages.html(400, Templates.remove(user.me(), services.ves().get(veId),
                    services.ves().node(veId, vemId), back(back), FormErrors.message(
                            "Purging deletes the node's private tree for good: tick the box to confirm, or choose"
                                    + " to keep the tree.")));
        }
        try {
            services.ves().removeNode(veId, vemId, purgeTree);
        } catch (ServiceException e) {
            if (e.status() >= 500) {
                throw e;
            }
            return Pages.html(e.status(), Templates.remove(user.me(), services.ves().get(veId),
                    services.ves().node(veId, vemId), back(back), FormErrors.message(e.describe())));
        }
        return Pages.seeOther(target(back, veId, vemId) + "&notice=" + (purgeTree ? "purging" : "removing"));
    }

    @POST
    @Path("/ve/node/retry")
    @RolesAllowed(Roles.OPERATOR)
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response retry(@RestForm String ve, @RestForm String vem, @RestForm String back, @RestForm String csrf) {
        user.requireCsrf(csrf);
        long veId = Pages.id("ve", ve);
        long vemId = Pages.id("vem", vem);
        try {
            services.ves().retry(veId, vemId);
        } catch (ServiceException e) {
            if (e.status() >= 500) {
                throw e;
            }
            throw new Pages.BadInput(e.describe());
        }
        return Pages.seeOther(target(back, veId, vemId) + "&notice=retrying");
    }

    private io.quarkus.qute.TemplateInstance listPage(String search, Forms.VeForm form, FormErrors errors) {
        VePage page = services.ves().search(Forms.optional(search), 0, PAGE_SIZE);
        List<Image> images = user.operator() ? services.images().list(null, null, 0, 200).items() : List.of();
        return Templates.ves(user.me(), page, Forms.nz(search), images, form, errors);
    }

    private io.quarkus.qute.TemplateInstance vePage(Ve ve, Forms.NodeForm form, FormErrors errors, String notice) {
        Section<Image> image = Section.of(() -> services.images().get(ve.imageId()));
        Section<List<CustomFiles.FileRow>> files = Section.of(() -> CustomFiles.rows(services, ve, null));
        return Templates.ve(user.me(), ve, image, services.ves().nodes(ve.id()), form, errors, notice, null, false,
                files);
    }

    private static String back(String back) {
        return "node".equals(back) ? "node" : "ve";
    }

    private static String target(String back, long veId, long vemId) {
        return "node".equals(back) ? "/node?ve=" + veId + "&vem=" + vemId : "/ve?id=" + veId + "&vem=" + vemId;
    }

    static String notice(String code, String vem) {
        if (code == null) {
            return null;
        }
        String node = vem != null && vem.matches("\\d{1,18}") ? "Node " + vem : "The node";
        return switch (code) {
            case "created" -> "VE created. Add its nodes below.";
            case "added" -> node + " added; it is being provisioned.";
            case "removing" -> node + " is being removed; its private tree is kept.";
            case "purging" -> node + " is being removed and its private tree purged.";
            case "retrying" -> node + " is being provisioned again.";
            default -> null;
        };
    }
}
