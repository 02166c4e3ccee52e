package io.sharedfs.image.api;

import java.util.List;

/** One page of images; {@code total} counts every image that matches the filter. */
public record ImagePage(List<ImageView> items, int page, int size, long total) {
}
