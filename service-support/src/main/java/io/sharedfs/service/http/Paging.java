package io.sharedfs.service.http;

import io.sharedfs.service.problem.ProblemException;

/** Checks the page and size query parameters of every paged list. */
public final class Paging {

    public static final int MAX_SIZE = 200;

    private Paging() {
    }

    public static void check(int page, int size) {
        if (page < 0) {
            throw ProblemException.invalid("page", "min", "page must be 0 or more");
        }
        if (size < 1 || size > MAX_SIZE) {
            throw ProblemException.invalid("size", "range", "size must be between 1 and " + MAX_SIZE);
        }
        if ((long) page * size > Integer.MAX_VALUE) {
            throw ProblemException.invalid("page", "max", "page " + page + " of size " + size
                    + " starts past the last result there can be");
        }
    }
}
