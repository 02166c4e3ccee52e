package io.sharedfs.console.web;

import io.sharedfs.console.client.CustomizationPage;
import io.sharedfs.console.client.Services;
import java.util.UUID;

/**
 * The Customizations part of an image's page: the list (or why image-service could not give it), the add form as it
 * was sent or cleared, and what the last action did.
 *
 * @param formNotice shown above the add form (e.g. what was just requested)
 * @param listNotice shown above the list (e.g. a revert was requested)
 * @param listError shown above the list (e.g. a revert the service refused)
 * @param oob whether the add form is answered out of band, next to the list (htmx)
 */
public record CustomizationsView(Section<CustomizationPage> list, Forms.CustomizationForm form, FormErrors errors,
        String formNotice, String listNotice, String listError, boolean oob) {

    /** The newest customizations shown; an image has a handful, history included. */
    static final int SHOWN = 100;

    /** The image's customizations as image-service has them now, with an empty form. */
    static CustomizationsView read(Services services, UUID imageId) {
        return of(Section.of(() -> services.images().customizations(imageId, 0, SHOWN)));
    }

    static CustomizationsView of(Section<CustomizationPage> list) {
        return new CustomizationsView(list, Forms.CustomizationForm.empty(), FormErrors.none(), null, null, null,
                false);
    }

    /** Whether the page keeps asking for the list: some customization is being applied or reverted. */
    public boolean inProgress() {
        return list.ok() && list.value().inProgress();
    }

    CustomizationsView withForm(Forms.CustomizationForm sent, FormErrors refusal) {
        return new CustomizationsView(list, sent, refusal, formNotice, listNotice, listError, oob);
    }

    CustomizationsView withFormNotice(String notice, boolean outOfBand) {
        return new CustomizationsView(list, form, errors, notice, listNotice, listError, outOfBand);
    }

    CustomizationsView withListNotice(String notice) {
        return new CustomizationsView(list, form, errors, formNotice, notice, listError, oob);
    }

    CustomizationsView withListError(String error) {
        return new CustomizationsView(list, form, errors, formNotice, listNotice, error, oob);
    }
}
