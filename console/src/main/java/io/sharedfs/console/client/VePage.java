package io.sharedfs.console.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/** One page of VEs. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record VePage(List<Ve> items, int page, int size, long total) {
}
