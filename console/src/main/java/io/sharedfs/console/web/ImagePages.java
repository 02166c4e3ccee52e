package io.sharedfs.console.web;

import io.sharedfs.console.client.Image;
import io.sharedfs.console.client.ImagePage;
import io.sharedfs.console.client.ImageRequest;
import io.sharedfs.console.client.ServiceException;
import io.sharedfs.console.client.Services;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jboss.resteasy.reactive.RestForm;

/** The Images page (list, filter, register) and each image's configuration page. */
@Path("/")
@Produces(MediaType.TEXT_HTML)
public class ImagePages {

    private static final int PAGE_SIZE = 50;

    private final Services services;
    private final CurrentUser user;

    public ImagePages(Services services, CurrentUser user) {
        this.services = services;
        this.user = user;
    }

    @GET
    @Path("/images")
    @RolesAllowed(Roles.VIEWER)
    public Response list(@QueryParam("name") String name, @QueryParam("shared") String shared) {
        return Pages.html(200, listPage(name, shared, Forms.Register.empty(), FormErrors.none(), false));
    }

    @POST
    @Path("/images")
    @RolesAllowed(Roles.OPERATOR)
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response register(@RestForm String name, @RestForm String rootPath, @RestForm String storageHost,
            @RestForm String shared, @RestForm String description, @RestForm String csrf) {
        user.requireCsrf(csrf);
        Forms.Register form = new Forms.Register(Forms.nz(name), Forms.nz(rootPath), Forms.nz(storageHost),
                Forms.ticked(shared), Forms.nz(description));
        try {
            Image image = services.images().register(new ImageRequest(Forms.nz(name).strip(),
                    Forms.nz(rootPath).strip(), Forms.optional(storageHost), form.shared(),
                    Forms.optional(description)));
            return Pages.seeOther("/image?id=" + image.id() + "&notice=registered");
        } catch (ServiceException e) {
            if (e.status() >= 500) {
                throw e;
            }
            return Pages.html(e.status(), listPage(null, null, form, FormErrors.of(e, Forms.REGISTER_FIELDS), true));
        }
    }

    @GET
    @Path("/image")
    @RolesAllowed(Roles.VIEWER)
    public Response image(@QueryParam("id") String id, @QueryParam("notice") String notice) {
        Image image = services.images().get(Pages.uuid("id", id));
        return Pages.html(200, Templates.image(user.me(), image, Forms.ImageForm.of(image), FormErrors.none(),
                notice(notice), sharedNotice(notice, image), null, CustomizationPages.view(services, image.id(),
                        notice)));
    }

    /** The shared checkbox: saved as soon as it is ticked (htmx), or with its own button without JavaScript. */
    @POST
    @Path("/image/shared")
    @RolesAllowed(Roles.OPERATOR)
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response shared(@RestForm String id, @RestForm String version, @RestForm String shared,
            @RestForm String csrf, @HeaderParam(Pages.HX_REQUEST) String htmx) {
        user.requireCsrf(csrf);
        UUID imageId = Pages.uuid("id", id);
        boolean wanted = Forms.ticked(shared);
        try {
            Image image = services.images().patch(imageId, ifMatch(version), Map.of("shared", wanted));
            if (Pages.htmx(htmx)) {
                return Pages.html(200, Templates.image$shared(user.me(), image,
                        wanted ? "Saved: the image is shared." : "Saved: the image is no longer shared.", null));
            }
            return Pages.seeOther("/image?id=" + imageId + "&notice=" + (wanted ? "shared" : "unshared"));
        } catch (ServiceException e) {
            if (e.status() >= 500 && e.status() != 503) {
                throw e;
            }
            Image current = services.images().get(imageId);
            String problem = "Not saved: " + e.describe() + e.violations().stream()
                    .filter(v -> v.message() != null && !v.message().equals(e.problem().detail()))
                    .map(v -> " " + v.message()).reduce("", String::concat);
            if (Pages.htmx(htmx)) {
                return Pages.html(200, Templates.image$shared(user.me(), current, null, problem));
            }
            return Pages.html(e.status(), Templates.image(user.me(), current, Forms.ImageForm.of(current),
                    FormErrors.none(), null, null, problem, CustomizationsView.read(services, imageId)));
        }
    }

    /** The configuration form: every field but the shared flag, saved as one merge patch. */
    @POST
    @Path("/image")
    @RolesAllowed(Roles.OPERATOR)
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response save(@RestForm String id, @RestForm String version, @RestForm String name,
            @RestForm String rootPath, @RestForm String storageHost, @RestForm List<String> privateDirs,
            @RestForm List<String> sharedSubdirs, @RestForm List<String> ramDirs, @RestForm String description,
            @RestForm String csrf) {
        user.requireCsrf(csrf);
        UUID imageId = Pages.uuid("id", id);
        Forms.ImageForm form = new Forms.ImageForm(parseVersion(version), Forms.nz(name), Forms.nz(rootPath),
                Forms.nz(storageHost), Forms.entries(privateDirs), Forms.entries(sharedSubdirs),
                Forms.entries(ramDirs), Forms.nz(description));
        Map<String, Object> patch = new LinkedHashMap<>();
        patch.put("name", form.name().strip());
        patch.put("rootPath", form.rootPath().strip());
        patch.put("storageHost", Forms.optional(form.storageHost()));
        patch.put("privateDirs", form.privateDirs());
        patch.put("sharedSubdirs", form.sharedSubdirs());
        patch.put("ramDirs", form.ramDirs());
        patch.put("description", Forms.optional(form.description()));
        try {
            services.images().patch(imageId, ifMatch(version), patch);
            return Pages.seeOther("/image?id=" + imageId + "&notice=saved");
        } catch (ServiceException e) {
            if (e.status() >= 500) {
                throw e;
            }
            Image current = services.images().get(imageId);
            return Pages.html(e.status(), Templates.image(user.me(), current, form, FormErrors.of(e,
                    Forms.IMAGE_FIELDS), null, null, null, CustomizationsView.read(services, imageId)));
        }
    }

    private io.quarkus.qute.TemplateInstance listPage(String name, String shared, Forms.Register form,
            FormErrors errors, boolean formOpen) {
        Boolean sharedFilter = "yes".equals(shared) ? Boolean.TRUE : "no".equals(shared) ? Boolean.FALSE : null;
        ImagePage page = services.images().list(Forms.optional(name), sharedFilter, 0, PAGE_SIZE);
        return Templates.images(user.me(), page, Forms.nz(name), sharedFilter == null ? "" : shared, form, errors,
                formOpen);
    }

    private static String ifMatch(String version) {
        return version == null || version.isBlank() ? null : "\"" + version.strip() + "\"";
    }

    private static long parseVersion(String version) {
        try {
            return version == null ? 0 : Long.parseLong(version.strip());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static String notice(String code) {
        if (code == null) {
            return null;
        }
        return switch (code) {
            case "registered" -> "Registered. The storage host prepares the image's layout; its status shows the result.";
            case "saved" -> "Saved.";
            default -> null;
        };
    }

    private static String sharedNotice(String code, Image image) {
        if ("shared".equals(code) || "unshared".equals(code)) {
            return image.shared() ? "Saved: the image is shared." : "Saved: the image is no longer shared.";
        }
        return null;
    }
}
