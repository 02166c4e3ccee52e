package io.sharedfs.service.problem;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.sharedfs.service.json.JsonPaths;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Every error a service's REST API returns is an RFC 9457 problem+json body. */
public class ProblemMappers {

    private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger(ProblemMappers.class);
    private static final String CHALLENGE = "Basic realm=\"sharedfs\"";

    @ServerExceptionMapper
    public Response problem(ProblemException e, @Context UriInfo uriInfo) {
        return ProblemResponses.of(e.problem(), uriInfo).build();
    }

    @ServerExceptionMapper
    public Response unreadableJson(JsonProcessingException e, @Context UriInfo uriInfo) {
        String message = "the request body is not valid JSON for this call: "
                + JsonPaths.firstLine(e.getOriginalMessage());
        return ProblemResponses.of(Problem.of("invalid-request", "Invalid request", 400, message,
                List.of(new Violation(JsonPaths.fieldOf(e), "json", message))), uriInfo).build();
    }

    /** Closer to the exception than the framework's own mapper, so shape errors are problems too. */
    @ServerExceptionMapper
    public Response mismatchedInput(MismatchedInputException e, @Context UriInfo uriInfo) {
        return unreadableJson(e, uriInfo);
    }

    @ServerExceptionMapper({UnauthorizedException.class, AuthenticationFailedException.class})
    public Response unauthenticated(RuntimeException e, @Context UriInfo uriInfo) {
        return ProblemResponses.of(Problem.of("unauthenticated", "Unauthorized", 401,
                        "log in: this call needs a viewer or operator account (HTTP Basic)", List.of()), uriInfo)
                .header(HttpHeaders.WWW_AUTHENTICATE, CHALLENGE)
                .build();
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e, @Context UriInfo uriInfo) {
        return ProblemResponses.of(Problem.of("forbidden", "Forbidden", 403,
                "this call changes something and needs the operator role", List.of()), uriInfo).build();
    }

    @ServerExceptionMapper
    public Response http(WebApplicationException e, @Context UriInfo uriInfo) {
        if (e.getCause() instanceof JsonProcessingException json) {
            return unreadableJson(json, uriInfo);
        }
        Response original = e.getResponse();
        int status = original.getStatus();
        String title = Response.Status.fromStatusCode(status) == null ? "Error"
                : Response.Status.fromStatusCode(status).getReasonPhrase();
        Response.ResponseBuilder builder = ProblemResponses.of(Problem.of(slug(title), title, status,
                e.getMessage() == null ? title : e.getMessage(), List.of()), uriInfo);
        original.getHeaders().forEach((name, values) -> {
            if (!HttpHeaders.CONTENT_TYPE.equalsIgnoreCase(name)) {
                values.forEach(value -> builder.header(name, value));
            }
        });
        return builder.build();
    }

    /**
     * A database constraint that fired despite the checks (two requests raced): the request lost
     * the race and changed nothing. Anything else unexpected is a 500 that reveals no internals.
     */
    @ServerExceptionMapper
    public Response unexpected(Exception e, @Context UriInfo uriInfo) {
        Throwable cause = e;
        while (cause != null) {
            if (cause instanceof java.sql.SQLException sql && sql.getSQLState() != null
                    && sql.getSQLState().startsWith("23")) {
                return ProblemResponses.of(Problem.of("conflict", "Conflict", 409,
                        "the request conflicts with a change made at the same moment; read again and retry",
                        List.of()), uriInfo).build();
            }
            cause = cause.getCause() == cause ? null : cause.getCause();
        }
        LOG.error("Unexpected error answering " + (uriInfo == null ? "a request" : uriInfo.getRequestUri()), e);
        return ProblemResponses.of(Problem.of("internal-error", "Internal server error", 500,
                "the service failed unexpectedly; the error is in its log", List.of()), uriInfo).build();
    }


    private static String slug(String title) {
        return title.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
    }
}
