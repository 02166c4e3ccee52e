package io.sharedfs.service.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Request bodies are read strictly, and every refusal names the field it is about. */
class StrictJsonTest {

    /** A request shaped like the services' requests. */
    record Request(String name, Boolean shared, Integer size, List<String> dirs) {
    }

    private final ObjectMapper mapper = strict();

    @Test
    void aWellFormedBodyReads() throws JsonProcessingException {
        assertEquals(new Request("web", true, 3, List.of("/var")),
                mapper.readValue("{\"name\":\"web\",\"shared\":true,\"size\":3,\"dirs\":[\"/var\"]}", Request.class));
    }

    @Test
    void wrongShapesUnknownFieldsDuplicatesAndTrailingDataAreRefusedNamingTheField() {
        assertEquals("shared", refused("{\"shared\":\"true\"}"));
        assertEquals("shared", refused("{\"shared\":1}"));
        assertEquals("name", refused("{\"name\":5}"));
        assertEquals("size", refused("{\"size\":2.5}"));
        assertEquals("size", refused("{\"size\":\"3\"}"));
        assertEquals("dirs[1]", refused("{\"dirs\":[\"/var\",7]}"));
        assertEquals("shard", refused("{\"shard\":true}"));
        assertEquals("body", refused("{\"name\":\"a\",\"name\":\"b\"}"));
        assertEquals("body", refused("{\"name\":\"a\"} {}"));
    }

    private String refused(String json) {
        JsonProcessingException e = assertThrows(JsonProcessingException.class, () -> mapper.readValue(json,
                Request.class), json);
        return JsonPaths.fieldOf(e);
    }

    private static ObjectMapper strict() {
        ObjectMapper mapper = new ObjectMapper();
        new StrictJson().customize(mapper);
        return mapper;
    }
}
