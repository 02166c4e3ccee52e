package io.sharedfs.console.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/** One page of an image's customizations, newest first. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record CustomizationPage(List<Customization> items, int page, int size, long total) {

    public CustomizationPage {
        items = items == null ? List.of() : items;
    }

    /** Whether any is still being applied or reverted. */
    public boolean inProgress() {
        return items.stream().anyMatch(Customization::inProgress);
    }
}
