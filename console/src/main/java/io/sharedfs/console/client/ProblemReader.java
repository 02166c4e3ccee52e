package io.sharedfs.console.client;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sharedfs.service.problem.Problem;
import io.sharedfs.service.problem.Violation;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.rest.client.ext.ResponseExceptionMapper;

/** Turns a service's error answer into a {@link ServiceException} carrying its problem+json body. */
public class ProblemReader implements ResponseExceptionMapper<ServiceException> {

    private static final ObjectMapper LENIENT = new ObjectMapper()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    private static final int MAX_TEXT = 500;

    private final String service;

    public ProblemReader(String service) {
        this.service = service;
    }

    @Override
    public ServiceException toThrowable(Response response) {
        String body = "";
        try {
            if (response.hasEntity()) {
                body = response.readEntity(String.class);
            }
        } catch (RuntimeException e) {
            body = "";
        }
        return new ServiceException(service, parse(response.getStatus(), body));
    }

    /** The problem in {@code body}, or one made from its status and text when it is not problem+json. */
    public static Problem parse(int status, String body) {
        String reason = Response.Status.fromStatusCode(status) == null ? "HTTP " + status
                : Response.Status.fromStatusCode(status).getReasonPhrase();
        if (body != null && body.trim().startsWith("{")) {
            try {
                JsonNode json = LENIENT.readTree(body);
                List<Violation> violations = new ArrayList<>();
                for (JsonNode error : json.path("errors")) {
                    violations.add(new Violation(text(error, "field"), text(error, "rule"), text(error, "message")));
                }
                return new Problem(text(json, "type"), json.hasNonNull("title") ? text(json, "title") : reason,
                        json.path("status").asInt(status), text(json, "detail"), text(json, "instance"), violations);
            } catch (java.io.IOException e) {
                // not JSON after all: shown as text below
            }
        }
        String text = body == null ? "" : body.strip();
        if (text.length() > MAX_TEXT) {
            text = text.substring(0, MAX_TEXT) + "…";
        }
        return new Problem(null, reason, status, text.isEmpty() ? reason : text, null, List.of());
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }
}
