package io.sharedfs.contracts;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Edits message bodies as JSON trees, so the tests can send what another producer version would
 * send: a sample with a field taken out or changed. Paths are dotted, numbers index arrays
 * ({@code skippedSpecialFiles.0.path}).
 */
final class JsonTrees {

    /** Plain mapper: only parses and prints trees, never binds messages. */
    private static final ObjectMapper TREES = new ObjectMapper();

    private JsonTrees() {
    }

    static JsonNode parse(String json) {
        try {
            return TREES.readTree(json);
        } catch (JsonProcessingException e) {
            throw new AssertionError("not JSON: " + json, e);
        }
    }

    static String without(String json, String path) {
        JsonNode root = parse(json);
        ObjectNode parent = parentOf(root, path);
        String last = lastSegment(path);
        if (parent.remove(last) == null) {
            throw new AssertionError("no field " + path + " in " + json);
        }
        return root.toString();
    }

    /** Replaces the value at {@code path} with {@code jsonValue} (JSON text, e.g. {@code "\"\""} or {@code 0}). */
    static String with(String json, String path, String jsonValue) {
        JsonNode root = parse(json);
        ObjectNode parent = parentOf(root, path);
        String last = lastSegment(path);
        if (!parent.has(last)) {
            throw new AssertionError("no field " + path + " in " + json);
        }
        parent.set(last, parse(jsonValue));
        return root.toString();
    }

    private static ObjectNode parentOf(JsonNode root, String path) {
        String[] segments = path.split("\\.");
        JsonNode node = root;
        for (int i = 0; i < segments.length - 1; i++) {
            String segment = segments[i];
            node = segment.chars().allMatch(Character::isDigit) ? node.get(Integer.parseInt(segment)) : node.get(segment);
            if (node == null) {
                throw new AssertionError("no " + path + " in " + root);
            }
        }
        if (!(node instanceof ObjectNode object)) {
            throw new AssertionError(path + " is not inside an object in " + root);
        }
        return object;
    }

    private static String lastSegment(String path) {
        return path.substring(path.lastIndexOf('.') + 1);
    }
}
