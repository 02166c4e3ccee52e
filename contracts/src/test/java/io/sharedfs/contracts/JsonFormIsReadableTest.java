package io.sharedfs.contracts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.sharedfs.contracts.node.NodeState;
import io.sharedfs.contracts.node.NodeStateChanged;
import java.lang.reflect.RecordComponent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The JSON an operator reads on a topic holds exactly the record's fields, as text: UUIDs, times
 * and enum names readable, absent values left out, helper methods not leaked as fields.
 */
class JsonFormIsReadableTest {

    /** A message with a time in it; no catalogued message has one yet, but the mapper must be ready. */
    private record Stamped(UUID id, Instant at) implements SharedfsMessage {

        @Override
        public String partitionKey() {
            return id.toString();
        }

        @Override
        public String subject() {
            return "stamped/" + id;
        }
    }

    @ParameterizedTest
    @EnumSource(MessageType.class)
    void fieldsAreExactlyTheRecordComponents(MessageType type) {
        SharedfsMessage sample = Samples.of(type);
        JsonNode json = JsonTrees.parse(EventJson.write(sample));

        assertFieldsAreComponents(sample, json, type.javaType().getSimpleName());
        // named too, so a leak reads plainly in the failure
        assertFalse(json.has("partitionKey"), "partitionKey leaked into " + json);
        assertFalse(json.has("subject"), "subject leaked into " + json);
    }

    @Test
    void derivedImageIdIsNotAField() {
        for (MessageType type : List.of(MessageType.IMAGE_REGISTERED, MessageType.IMAGE_UPDATED)) {
            JsonNode json = JsonTrees.parse(Samples.json(type));

            // imageId lives in "image"; a second copy at the top would be one more thing to keep in step
            assertFalse(json.has("imageId"), json::toString);
            assertEquals(Samples.IMAGE_ID.toString(), json.get("image").get("imageId").asText());
        }
    }

    @Test
    void hookVerdictIsNotAField() {
        JsonNode json = JsonTrees.parse(Samples.json(MessageType.INIT_VEM_HOOK_RAN));

        assertFalse(json.has("succeeded"), json::toString);
    }

    @Test
    void nullFieldsAreLeftOut() {
        NodeStateChanged first = new NodeStateChanged(Samples.VE_ID, Samples.VEM_ID, null, NodeState.PROVISIONING, null);
        String text = EventJson.write(first);
        JsonNode json = JsonTrees.parse(text);

        assertFalse(json.has("from"), text);
        assertFalse(json.has("reason"), text);
        assertFalse(text.contains("null"), text);
        assertFieldsAreComponents(first, json, "NodeStateChanged");
        assertEquals(first, EventJson.read(text, NodeStateChanged.class));
    }

    @Test
    void uuidsAndEnumsAreText() {
        JsonNode json = JsonTrees.parse(Samples.json(MessageType.NODE_STATE_CHANGED));
        JsonNode nodeAdded = JsonTrees.parse(Samples.json(MessageType.NODE_ADDED));

        assertTrue(nodeAdded.get("image").get("imageId").isTextual(), nodeAdded::toString);
        assertEquals(Samples.IMAGE_ID.toString(), nodeAdded.get("image").get("imageId").asText());
        assertEquals("PROVISIONING", json.get("from").asText());
        assertEquals("FAILED", json.get("to").asText());
    }

    @Test
    void timesAreIso8601Text() {
        Stamped stamped = new Stamped(Samples.IMAGE_ID, Instant.parse("2026-03-01T12:30:45.123Z"));
        String text = EventJson.write(stamped);
        JsonNode json = JsonTrees.parse(text);

        assertTrue(json.get("at").isTextual(), text);
        assertEquals(stamped.at(), Instant.parse(json.get("at").asText()));
        assertEquals(stamped, EventJson.read(text, Stamped.class));
    }

    /* Recurses into nested records and lists of records, which travel on the wire just the same. */
    private static void assertFieldsAreComponents(Object record, JsonNode json, String where) {
        assertTrue(json.isObject(), where + " is not a JSON object: " + json);
        Set<String> expected = new TreeSet<>();
        for (RecordComponent component : record.getClass().getRecordComponents()) {
            Object value = RecordValues.value(record, component);
            if (value == null) {
                continue;
            }
            expected.add(component.getName());
            String path = where + "." + component.getName();
            if (value.getClass().isRecord()) {
                assertFieldsAreComponents(value, json.get(component.getName()), path);
            } else if (value instanceof Collection<?> collection) {
                List<Object> elements = new ArrayList<>(collection);
                JsonNode array = json.get(component.getName());
                assertTrue(array != null && array.isArray(), path + " is not a JSON array: " + array);
                assertEquals(elements.size(), array.size(), path);
                for (int i = 0; i < elements.size(); i++) {
                    if (elements.get(i).getClass().isRecord()) {
                        assertFieldsAreComponents(elements.get(i), array.get(i), path + "[" + i + "]");
                    }
                }
            }
        }
        Set<String> actual = new TreeSet<>();
        for (Iterator<String> names = json.fieldNames(); names.hasNext(); ) {
            actual.add(names.next());
        }
        assertEquals(expected, actual, where);
    }
}
