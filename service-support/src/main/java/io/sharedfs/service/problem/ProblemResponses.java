package io.sharedfs.service.problem;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

/** Builds problem+json responses. */
final class ProblemResponses {

    private ProblemResponses() {
    }

    static Response.ResponseBuilder of(Problem problem, UriInfo uriInfo) {
        Problem located = uriInfo == null ? problem : problem.at(uriInfo.getRequestUri().getRawPath());
        return Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(located);
    }
}
