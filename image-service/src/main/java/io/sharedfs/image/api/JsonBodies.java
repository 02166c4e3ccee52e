package io.sharedfs.image.api;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.type.LogicalType;
import io.sharedfs.service.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.stream.Collectors;

/**
 * Reads request bodies strictly, so every way a body can be wrong is a 400 problem naming the
 * field and the rule {@code json}: malformed JSON, trailing data, a field given twice, an unknown
 * field, or a value of the wrong type (no guessing: {@code "true"} is not a boolean, {@code 5} is
 * not a path).
 *
 * <p>The resource reads the body itself rather than letting the framework bind it, because the
 * framework answers some of these errors with its own non-problem bodies.
 */
@ApplicationScoped
class JsonBodies {

    private final ObjectMapper strict;

    JsonBodies(ObjectMapper mapper) {
        strict = mapper.copy()
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        for (CoercionInputShape shape : new CoercionInputShape[] {
                CoercionInputShape.Integer, CoercionInputShape.Float, CoercionInputShape.Boolean}) {
            strict.coercionConfigFor(LogicalType.Textual).setCoercion(shape, CoercionAction.Fail);
        }
        for (CoercionInputShape shape : new CoercionInputShape[] {
                CoercionInputShape.Integer, CoercionInputShape.Float, CoercionInputShape.String}) {
            strict.coercionConfigFor(LogicalType.Boolean).setCoercion(shape, CoercionAction.Fail);
        }
    }

    /** The body as the given type; an absent or empty body is refused as required. */
    <T> T read(String body, Class<T> type) {
        if (body == null || body.isBlank()) {
            throw required();
        }
        try {
            T value = strict.readValue(body, type);
            if (value == null) {
                throw required();
            }
            return value;
        } catch (JsonProcessingException e) {
            throw invalid(e);
        }
    }

    /** A JSON tree (a patch merged with the current state) as the given type. */
    <T> T convert(JsonNode tree, Class<T> type) {
        try {
            return strict.treeToValue(tree, type);
        } catch (JsonProcessingException e) {
            throw invalid(e);
        }
    }

    <T> JsonNode tree(T value) {
        return strict.valueToTree(value);
    }

    private static ProblemException required() {
        return ProblemException.invalid("body", "required", "a JSON body is required");
    }

    private static ProblemException invalid(JsonProcessingException e) {
        String field = e instanceof JsonMappingException mapping ? path(mapping) : "";
        return ProblemException.invalid(field.isEmpty() ? "body" : field, "json",
                "the request body is not valid JSON for this call: " + firstLine(e.getOriginalMessage()));
    }

    private static String path(JsonMappingException e) {
        return e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining("."))
                .replace(".[", "[");
    }

    private static String firstLine(String text) {
        if (text == null) {
            return "unreadable";
        }
        int newline = text.indexOf('\n');
        return newline < 0 ? text : text.substring(0, newline);
    }
}
