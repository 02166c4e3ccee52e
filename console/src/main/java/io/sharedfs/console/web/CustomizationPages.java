package io.sharedfs.console.web;

import io.sharedfs.console.client.Customization;
import io.sharedfs.console.client.CustomizationRequest;
import io.sharedfs.console.client.Image;
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
import java.util.Locale;
import java.util.UUID;
import org.jboss.resteasy.reactive.RestForm;

/**
 * The Customizations part of an image's page: the list refreshed live while the storage host works, customizing a
 * file, and reverting one (confirmed first). Each works without JavaScript (post, then redirect); with htmx the
 * answer is the part of the page that changed.
 */
@Path("/image/customizations")
@Produces(MediaType.TEXT_HTML)
public class CustomizationPages {

    private static final String ANCHOR = "#customizations-h";

    private final Services services;
    private final CurrentUser user;

    public CustomizationPages(Services services, CurrentUser user) {
        this.services = services;
        this.user = user;
    }

    /** The list alone, which the page asks for every few seconds while a customization is in progress. */
    @GET
    @RolesAllowed(Roles.VIEWER)
    public Response list(@QueryParam("id") String id) {
        UUID imageId = Pages.uuid("id", id);
        Image image = services.images().get(imageId);
        return Pages.html(200, Templates.image$customizations(user.me(), image,
                CustomizationsView.read(services, imageId)));
    }

    @POST
    @RolesAllowed(Roles.OPERATOR)
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response customize(@RestForm String id, @RestForm String path, @RestForm String scope,
            @RestForm String applyToExistingNodes, @RestForm String csrf, @HeaderParam(Pages.HX_REQUEST) String htmx) {
        user.requireCsrf(csrf);
        UUID imageId = Pages.uuid("id", id);
        Forms.CustomizationForm form = new Forms.CustomizationForm(Forms.nz(path), Forms.nz(scope),
                Forms.ticked(applyToExistingNodes));
        try {
            Customization added = services.images().customize(imageId, new CustomizationRequest(
                    Forms.optional(path), scope(scope), form.applyToExistingNodes()));
            if (!Pages.htmx(htmx)) {
                return Pages.seeOther("/image?id=" + imageId + "&notice=customizing" + ANCHOR);
            }
            Image image = services.images().get(imageId);
            CustomizationsView view = CustomizationsView.read(services, imageId)
                    .withFormNotice("Customization of " + added.path() + " (" + added.scope() + ") requested; the"
                            + " storage host applies it, its status is in the list.", true);
            String list = Templates.image$customizations(user.me(), image, view).render();
            String cleared = Templates.image$customize(user.me(), image, view).render();
            return Pages.html(200, list + cleared);
        } catch (ServiceException e) {
            if (e.status() >= 500) {
                throw e;
            }
            Image image = services.images().get(imageId);
            CustomizationsView view = CustomizationsView.read(services, imageId)
                    .withForm(form, FormErrors.of(e, Forms.CUSTOMIZATION_FIELDS));
            if (Pages.htmx(htmx)) {
                // The list stays as it is; the form comes back with the errors next to its fields.
                return Response.ok(Templates.image$customize(user.me(), image, view))
                        .type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
                        .header("HX-Retarget", "#add-customization")
                        .header("HX-Reswap", "outerHTML")
                        .build();
            }
            return Pages.html(e.status(), imagePage(image, view));
        }
    }

    /**
     * Reverts a customization once confirmed. The list's Revert button confirms in the browser with JavaScript on
     * (and sends {@code confirm=yes}); without JavaScript the answer is a page that asks.
     */
    @POST
    @Path("/revert")
    @RolesAllowed(Roles.OPERATOR)
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response revert(@RestForm String id, @RestForm String cid, @RestForm String confirm,
            @RestForm String csrf, @HeaderParam(Pages.HX_REQUEST) String htmx) {
        user.requireCsrf(csrf);
        UUID imageId = Pages.uuid("id", id);
        UUID customizationId = customizationId(cid);
        if (!Forms.ticked(confirm)) {
            Image image = services.images().get(imageId);
            Customization customization = services.images().customization(imageId, customizationId);
            return Pages.html(200, Templates.revert(user.me(), image, customization, FormErrors.none()));
        }
        try {
            Customization reverting = services.images().revert(imageId, customizationId);
            if (!Pages.htmx(htmx)) {
                return Pages.seeOther("/image?id=" + imageId + "&notice=reverting" + ANCHOR);
            }
            return Pages.html(200, Templates.image$customizations(user.me(), services.images().get(imageId),
                    CustomizationsView.read(services, imageId).withListNotice("Revert of " + reverting.path()
                            + " requested; the storage host puts the image's original file back.")));
        } catch (ServiceException e) {
            if (e.status() >= 500) {
                throw e;
            }
            Image image = services.images().get(imageId);
            String problem = "Not reverted: " + e.describe();
            if (Pages.htmx(htmx)) {
                return Pages.html(200, Templates.image$customizations(user.me(), image,
                        CustomizationsView.read(services, imageId).withListError(problem)));
            }
            Customization customization = services.images().customization(imageId, customizationId);
            return Pages.html(e.status(), Templates.revert(user.me(), image, customization,
                    FormErrors.message(problem)));
        }
    }

    /** The image page's Customizations part, with the notice a redirect named. */
    static CustomizationsView view(Services services, UUID imageId, String noticeCode) {
        return CustomizationsView.read(services, imageId).withListNotice(notice(noticeCode));
    }

    private io.quarkus.qute.TemplateInstance imagePage(Image image, CustomizationsView custom) {
        return Templates.image(user.me(), image, Forms.ImageForm.of(image), FormErrors.none(), null, null, null,
                custom);
    }

    /** The scope as the service spells it; a blank one is left out, for the service to say it is needed. */
    private static String scope(String scope) {
        return scope == null || scope.isBlank() ? null : scope.strip().toUpperCase(Locale.ROOT);
    }

    private static UUID customizationId(String cid) {
        try {
            return Pages.uuid("cid", cid);
        } catch (Pages.BadInput e) {
            throw new Pages.BadInput("cid must be a customization id (a UUID)"
                    + (cid == null || cid.isBlank() ? ", and it is missing" : ""));
        }
    }

    static String notice(String code) {
        if (code == null) {
            return null;
        }
        return switch (code) {
            case "customizing" -> "Customization requested: the storage host applies it; its status is below.";
            case "reverting" -> "Revert requested: the storage host puts the image's original file back; its status"
                    + " is below.";
            default -> null;
        };
    }
}
