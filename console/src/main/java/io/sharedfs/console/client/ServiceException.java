package io.sharedfs.console.client;

import io.sharedfs.service.problem.Problem;
import io.sharedfs.service.problem.Violation;
import java.util.List;

/** A service answered with an error; {@link #problem()} is its problem+json body (or one made from its text). */
public class ServiceException extends RuntimeException {

    private final String service;
    private final transient Problem problem;

    public ServiceException(String service, Problem problem) {
        super(service + " answered " + problem.status() + ": " + problem.detail());
        this.service = service;
        this.problem = problem;
    }

    public String service() {
        return service;
    }

    public Problem problem() {
        return problem;
    }

    public int status() {
        return problem.status();
    }

    public List<Violation> violations() {
        return problem.errors();
    }

    /** One sentence for the operator, e.g. {@code image-service: Conflict: the image is used by VE 10}. */
    public String describe() {
        String title = problem.title() == null || problem.title().isBlank() ? "HTTP " + problem.status()
                : problem.title();
        String detail = problem.detail() == null || problem.detail().isBlank() ? "" : ": " + problem.detail();
        return service + " refused (" + problem.status() + " " + title + ")" + detail;
    }
}
