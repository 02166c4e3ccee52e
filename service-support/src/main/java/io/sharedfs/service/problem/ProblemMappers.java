package io.sharedfs.service.problem;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import java.util.stream.Collectors;
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
        String field = e instanceof JsonMappingException mapping ? path(mapping) : "body";
        String message = "the request body is not valid JSON for this call: " + firstLine(e.getOriginalMessage());
        return ProblemResponses.of(Problem.of("invalid-request", "Invalid request", 400, message,
                List.of(new Violation(field.isEmpty() ? "body" : field, "json", message))), uriInfo).build();
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

    private static String path(JsonMappingException e) {
        return e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining("."))
                .replace(".[", "[");
    }

    private static String slug(String title) {
        return title.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
    }

    private static String firstLine(String text) {
        if (text == null) {
            return "unreadable";
        }
        int newline = text.indexOf('\n');
        return newline < 0 ? text : text.substring(0, newline);
    }
}
