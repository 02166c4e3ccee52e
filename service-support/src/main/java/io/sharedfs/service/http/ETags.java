package io.sharedfs.service.http;

import io.sharedfs.service.problem.ProblemException;
import jakarta.ws.rs.core.EntityTag;

/** Optimistic concurrency over HTTP: a resource's version as its ETag, checked against If-Match. */
public final class ETags {

    private ETags() {
    }

    public static EntityTag of(long version) {
        return new EntityTag(Long.toString(version));
    }

    /**
     * Passes when {@code ifMatch} is absent, {@code *}, or names {@code currentVersion}.
     *
     * @throws ProblemException 412 otherwise
     */
    public static void check(String ifMatch, long currentVersion) {
        if (ifMatch == null || ifMatch.isBlank() || ifMatch.trim().equals("*")) {
            return;
        }
        String expected = "\"" + currentVersion + "\"";
        for (String candidate : ifMatch.split(",")) {
            String tag = candidate.trim();
            if (tag.startsWith("W/")) {
                tag = tag.substring(2);
            }
            if (tag.equals(expected)) {
                return;
            }
        }
        throw ProblemException.stale("If-Match " + ifMatch.trim() + " does not name the current version "
                + expected + "; read the resource again and retry");
    }
}
