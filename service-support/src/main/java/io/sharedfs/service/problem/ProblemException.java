package io.sharedfs.service.problem;

import java.util.List;

/** Ends a request with a problem+json answer; thrown before anything was changed. */
public class ProblemException extends RuntimeException {

    private final transient Problem problem;

    public ProblemException(Problem problem) {
        super(problem.detail());
        this.problem = problem;
    }

    public Problem problem() {
        return problem;
    }

    /** 400: the request breaks one or more rules. */
    public static ProblemException invalid(List<Violation> violations) {
        String detail = violations.size() == 1 ? violations.get(0).message()
                : violations.size() + " rules are broken; see errors";
        return new ProblemException(Problem.of("invalid-request", "Invalid request", 400, detail, violations));
    }

    /** 400 for one field. */
    public static ProblemException invalid(String field, String rule, String message) {
        return invalid(List.of(new Violation(field, rule, message)));
    }

    /** 404. */
    public static ProblemException notFound(String detail) {
        return new ProblemException(Problem.of("not-found", "Not found", 404, detail, List.of()));
    }

    /** 409: the request is valid but conflicts with the current state of things. */
    public static ProblemException conflict(String field, String rule, String message) {
        return new ProblemException(Problem.of("conflict", "Conflict", 409, message,
                List.of(new Violation(field, rule, message))));
    }

    /** 412: the client's {@code If-Match} names an older version. */
    public static ProblemException stale(String detail) {
        return new ProblemException(Problem.of("stale-version", "Precondition failed", 412, detail,
                List.of(new Violation("If-Match", "current-version", detail))));
    }

    /** 422: the request names something that does not exist. */
    public static ProblemException unprocessable(String field, String rule, String message) {
        return new ProblemException(Problem.of("unprocessable", "Unprocessable request", 422, message,
                List.of(new Violation(field, rule, message))));
    }

    /** 429: the caller asks more often than the service takes it; {@code detail} says when to come back. */
    public static ProblemException tooMany(String detail) {
        return new ProblemException(Problem.of("too-many-requests", "Too many requests", 429, detail, List.of()));
    }
}
