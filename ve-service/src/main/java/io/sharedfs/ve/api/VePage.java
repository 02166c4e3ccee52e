package io.sharedfs.ve.api;

import java.util.List;

/** One page of VEs; {@code total} counts every VE that matches the search. */
public record VePage(List<VeView> items, int page, int size, long total) {
}
