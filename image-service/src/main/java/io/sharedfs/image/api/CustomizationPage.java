package io.sharedfs.image.api;

import java.util.List;

/** One page of an image's customizations, newest first; {@code total} counts every one that matches. */
public record CustomizationPage(List<CustomizationView> items, int page, int size, long total) {
}
