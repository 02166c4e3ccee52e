package io.sharedfs.console.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/** One page of images. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ImagePage(List<Image> items, int page, int size, long total) {
}
