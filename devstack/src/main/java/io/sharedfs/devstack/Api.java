package io.sharedfs.devstack;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * A small REST client for the four services: HTTP Basic as one user, JSON bodies, and the services' problem+json
 * answers turned into {@link ApiException}s an operator can read.
 */
final class Api {

    static final ObjectMapper JSON = new ObjectMapper();

    /** The base URLs of the four services. */
    record Services(String images, String ves, String provisioner, String exporter) {

        static Services onLocalhost(int portBase) {
            return new Services("http://localhost:" + portBase, "http://localhost:" + (portBase + 1),
                    "http://localhost:" + (portBase + 2), "http://localhost:" + (portBase + 3));
        }
    }

    /** A service answered with an error status; {@link #getMessage()} holds the problem's title and detail. */
    static final class ApiException extends RuntimeException {

        private final int status;
        private final String rule;

        ApiException(String message, int status, String rule) {
            super(message);
            this.status = status;
            this.rule = rule;
        }

        int status() {
            return status;
        }

        /** The first broken rule's name ({@code errors[0].rule}), or null. */
        String rule() {
            return rule;
        }
    }

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String authorization;
    private final Duration timeout;

    Api(String user, String password, Duration timeout) {
        this.authorization = "Basic " + Base64.getEncoder()
                .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        this.timeout = timeout;
    }

    /**
     * As the operator: the password from {@code SHAREDFS_OPERATOR_PASSWORD} (the launcher passes the one the services
     * were given, or the development default {@code operator}).
     */
    static Api operator(Duration timeout) {
        String password = System.getenv("SHAREDFS_OPERATOR_PASSWORD");
        return new Api("operator", password == null || password.isEmpty() ? "operator" : password, timeout);
    }

    JsonNode get(String url) {
        return json(send("GET", url, null, null));
    }

    String getText(String url) {
        return send("GET", url, null, null).body();
    }

    JsonNode post(String url, Object body) {
        return json(send("POST", url, body, "application/json"));
    }

    JsonNode patch(String url, Object body) {
        return json(send("PATCH", url, body, "application/merge-patch+json"));
    }

    JsonNode delete(String url) {
        return json(send("DELETE", url, null, null));
    }

    static ObjectNode object() {
        return JSON.createObjectNode();
    }

    private HttpResponse<String> send(String method, String url, Object body, String contentType) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(timeout)
                .header("Authorization", authorization).header("Accept", "application/json, text/plain, */*");
        if (body != null) {
            String text;
            try {
                text = body instanceof String ? (String) body : JSON.writeValueAsString(body);
            } catch (JsonProcessingException e) {
                throw new IllegalArgumentException("cannot write the request body", e);
            }
            request.header("Content-Type", contentType).method(method, HttpRequest.BodyPublishers.ofString(text));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        HttpResponse<String> response;
        try {
            response = client.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (ConnectException e) {
            throw new ApiException(method + " " + url + ": no answer (connection refused); is sharedfs running?"
                    + " ./sharedfs status", 0, null);
        } catch (IOException e) {
            throw new ApiException(method + " " + url + ": " + e, 0, null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException(method + " " + url + ": interrupted", 0, null);
        }
        if (response.statusCode() >= 400) {
            throw problem(method, url, response);
        }
        return response;
    }

    private static ApiException problem(String method, String url, HttpResponse<String> response) {
        String detail = response.body();
        String rule = null;
        try {
            JsonNode problem = JSON.readTree(response.body());
            List<String> parts = new ArrayList<>();
            if (problem.hasNonNull("title")) {
                parts.add(problem.get("title").asText());
            }
            if (problem.hasNonNull("detail")) {
                parts.add(problem.get("detail").asText());
            }
            for (JsonNode error : problem.path("errors")) {
                if (rule == null && error.hasNonNull("rule")) {
                    rule = error.get("rule").asText();
                }
                if (error.hasNonNull("message") && !parts.contains(error.get("message").asText())) {
                    parts.add(error.get("message").asText());
                }
            }
            if (!parts.isEmpty()) {
                detail = String.join(": ", parts);
            }
        } catch (IOException | RuntimeException e) {
            // not JSON: keep the body as it is
        }
        if (detail == null || detail.isBlank()) {
            detail = "(no body)";
        } else if (detail.length() > 500) {
            detail = detail.substring(0, 500) + "…";
        }
        return new ApiException(method + " " + url + " → " + response.statusCode() + ": " + detail,
                response.statusCode(), rule);
    }

    private static JsonNode json(HttpResponse<String> response) {
        if (response.body() == null || response.body().isBlank()) {
            return JSON.nullNode();
        }
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new ApiException(response.request().method() + " " + response.request().uri()
                    + ": the answer is not JSON: " + response.body(), response.statusCode(), null);
        }
    }
}
