package io.sharedfs.console.browser;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

/** The services' REST APIs, as the operator, for setting up and checking what the browser did. */
final class Api {

    static final ObjectMapper JSON = new ObjectMapper();
    private static final String OPERATOR = "Basic " + Base64.getEncoder().encodeToString(
            "operator:operator".getBytes(StandardCharsets.UTF_8));

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    static ObjectNode object() {
        return JSON.createObjectNode();
    }

    JsonNode get(String url) {
        return send(HttpRequest.newBuilder(URI.create(url)).GET(), 200);
    }

    JsonNode post(String url, JsonNode body) {
        return send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())), 0);
    }

    private JsonNode send(HttpRequest.Builder request, int expected) {
        try {
            HttpResponse<String> response = http.send(request.header("Authorization", OPERATOR)
                    .header("Accept", "application/json").timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
            int status = response.statusCode();
            if (status >= 400 || (expected != 0 && status != expected)) {
                throw new ApiException(status, response.body());
            }
            return response.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(response.body());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** An error answer, with its problem+json body. */
    static final class ApiException extends RuntimeException {
        final int status;
        final String body;

        ApiException(int status, String body) {
            super(status + ": " + body);
            this.status = status;
            this.body = body;
        }
    }
}
