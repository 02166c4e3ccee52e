package io.sharedfs.ve.api;

import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.sharedfs.service.problem.ProblemMappers;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Answers a body of the wrong shape (an unknown field, a value of the wrong type) with the same
 * problem+json as other unreadable JSON. Quarkus' own mapper for {@link MismatchedInputException}
 * is closer to the exception than service-support's {@code JsonProcessingException} mapper and
 * would answer plain JSON; this belongs in service-support, for every service.
 */
public class JsonInputProblems {

    private final ProblemMappers problems = new ProblemMappers();

    @ServerExceptionMapper
    public Response mismatchedInput(MismatchedInputException e, @Context UriInfo uriInfo) {
        return problems.unreadableJson(e, uriInfo);
    }
}
