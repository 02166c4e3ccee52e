package io.sharedfs.image.api;

import static io.sharedfs.image.TestImages.PROBLEM_JSON;
import static io.sharedfs.image.TestImages.create;
import static io.sharedfs.image.TestImages.get;
import static io.sharedfs.image.TestImages.minimal;
import static io.sharedfs.image.TestImages.operator;
import static io.sharedfs.image.TestImages.problem;
import static io.sharedfs.image.TestImages.total;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.sharedfs.testsupport.SharedfsInfrastructure;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every rule an image must follow, over REST: a 400 problem+json body naming the field and the
 * rule, and nothing changes (no image is created, an existing one keeps its version and fields).
 */
@QuarkusTest
@WithTestResource(SharedfsInfrastructure.class)
class ImageValidationTest {

    /** Marks a field that the request leaves out (a merge patch sets it to null). */
    private static final String ABSENT = "<absent>";
    private static final ObjectMapper JSON = new ObjectMapper();

    static Stream<Arguments> brokenRules() {
        String tooLong = "\"/" + "a".repeat(4096) + "\"";
        return Stream.of(
                Arguments.of("name", ABSENT, "name", "required"),
                Arguments.of("name", "\"\"", "name", "required"),
                Arguments.of("name", "\"web farm\"", "name", "pattern"),
                Arguments.of("name", "\"web/farm\"", "name", "pattern"),
                Arguments.of("name", "\"" + "n".repeat(65) + "\"", "name", "pattern"),
                Arguments.of("rootPath", ABSENT, "rootPath", "required"),
                Arguments.of("rootPath", "\"srv/images/x\"", "rootPath", "absolute"),
                Arguments.of("rootPath", "\"/\"", "rootPath", "not-root"),
                Arguments.of("rootPath", "\"/srv/images/x/\"", "rootPath", "normalised"),
                Arguments.of("rootPath", "\"/srv//images/x\"", "rootPath", "normalised"),
                Arguments.of("rootPath", "\"/srv/./images/x\"", "rootPath", "normalised"),
                Arguments.of("rootPath", "\"/srv/images/../x\"", "rootPath", "normalised"),
                Arguments.of("rootPath", "\"/srv/images/x\\u0000y\"", "rootPath", "no-control-characters"),
                Arguments.of("rootPath", "\"/srv/images/x\\ny\"", "rootPath", "no-control-characters"),
                Arguments.of("rootPath", "\"/srv/images/x\\u0085y\"", "rootPath", "no-control-characters"),
                Arguments.of("rootPath", tooLong, "rootPath", "max-length"),
                Arguments.of("storageHost", "\"nfs9\"", "storageHost", "known-storage-host"),
                Arguments.of("privateDirs", "[\"/var\", \"etc\"]", "privateDirs[1]", "absolute"),
                Arguments.of("privateDirs", "[\"/var\", null]", "privateDirs[1]", "required"),
                Arguments.of("privateDirs", "[\"/var\", \"/\"]", "privateDirs[1]", "not-root"),
                Arguments.of("privateDirs", "[\"/var\", \"/etc/\"]", "privateDirs[1]", "normalised"),
                Arguments.of("privateDirs", "[\"/var\", \"/srv//cache\"]", "privateDirs[1]", "normalised"),
                Arguments.of("privateDirs", "[\"/var\", \"/srv/cache/..\"]", "privateDirs[1]", "normalised"),
                Arguments.of("privateDirs", "[\"/var\", \"/e\\u0000tc\"]", "privateDirs[1]", "no-control-characters"),
                Arguments.of("privateDirs", "[\"/var\", " + tooLong + "]", "privateDirs[1]", "max-length"),
                Arguments.of("privateDirs", "[\"/var\", \"/proc\"]", "privateDirs[1]", "not-reserved"),
                Arguments.of("privateDirs", "[\"/var\", \"/private/10\"]", "privateDirs[1]", "not-reserved"),
                Arguments.of("privateDirs", "[\"/var\", \"/custom\"]", "privateDirs[1]", "not-reserved"),
                Arguments.of("privateDirs", "[\"/var\", \"/etc\", \"/var\"]", "privateDirs[2]", "unique"),
                Arguments.of("privateDirs", "[\"/var\", \"/var/lib\"]", "privateDirs[1]", "no-nesting"),
                Arguments.of("sharedSubdirs", "[\"/var/lib/rpm\", \"usr\"]", "sharedSubdirs[1]", "absolute"),
                Arguments.of("sharedSubdirs", "[\"/var/lib/rpm/\"]", "sharedSubdirs[0]", "normalised"),
                Arguments.of("sharedSubdirs", "[\"/var/lib/rpm\", \"/proc/sys\"]", "sharedSubdirs[1]",
                        "not-reserved"),
                Arguments.of("sharedSubdirs", "[\"/var/lib/rpm\", \"/var/lib/rpm\"]", "sharedSubdirs[1]", "unique"),
                Arguments.of("sharedSubdirs", "[\"/usr/lib\"]", "sharedSubdirs[0]", "inside-private-dir"),
                Arguments.of("sharedSubdirs", "[\"/var/lib/rpm\", \"/etc\"]", "sharedSubdirs[1]",
                        "inside-private-dir"),
                Arguments.of("ramDirs", "[\"/var/run\", \"run\"]", "ramDirs[1]", "absolute"),
                Arguments.of("ramDirs", "[\"/var/./run\"]", "ramDirs[0]", "normalised"),
                Arguments.of("ramDirs", "[\"/var/run\", \"/custom/ve\"]", "ramDirs[1]", "not-reserved"),
                Arguments.of("ramDirs", "[\"/var/run\", \"/var/run\"]", "ramDirs[1]", "unique"),
                Arguments.of("ramDirs", "[\"/var/run\", \"/var/lib/rpm\"]", "ramDirs[1]", "not-shared-subdir"),
                Arguments.of("description", "\"" + "d".repeat(2001) + "\"", "description", "max-length"));
    }

    @ParameterizedTest(name = "{0} = {1} breaks {2} {3}")
    @MethodSource("brokenRules")
    void aBrokenRuleIsNamedAndNoImageIsCreated(String key, String value, String field, String rule) {
        ObjectNode body = JSON.valueToTree(minimal());
        long before = total();

        problem(operator().body(with(body, key, value)).post("/images").then(), 400, field, rule)
                .body("type", equalTo("urn:sharedfs:problem:invalid-request"))
                .body("title", equalTo("Invalid request"))
                .body("instance", equalTo("/images"));

        assertEquals(before, total(), "no image was created");
    }

    @ParameterizedTest(name = "{0} = {1} breaks {2} {3}")
    @MethodSource("brokenRules")
    void aBrokenRuleInAReplacementOrAPatchIsNamedAndTheImageIsUnchanged(String key, String value, String field,
            String rule) {
        Map<String, Object> original = minimal();
        String id = create(original);
        String replacement = with(JSON.valueToTree(original), key, value);
        String patch = with(JSON.createObjectNode(), key, value.equals(ABSENT) ? "null" : value);

        problem(operator().header("If-Match", "\"1\"").body(replacement).put("/images/{id}", id).then(),
                400, field, rule);
        problem(operator().header("If-Match", "\"1\"").body(patch).patch("/images/{id}", id).then(),
                400, field, rule);

        assertUnchanged(id, original);
    }

    @Test
    void everyBrokenRuleOfOneRequestIsListed() {
        Map<String, Object> body = minimal();
        body.put("name", "bad name");
        body.put("rootPath", "relative");
        body.put("privateDirs", List.of("/proc", "/var"));
        long before = total();

        operator().body(body).post("/images").then().statusCode(400)
                .contentType(PROBLEM_JSON)
                .body("status", equalTo(400))
                .body("detail", equalTo("3 rules are broken; see errors"))
                .body("errors.field", contains("name", "rootPath", "privateDirs[0]"))
                .body("errors.rule", contains("pattern", "absolute", "not-reserved"));
        assertEquals(before, total());
    }

    @Test
    void aSharedSubdirOfAnOperatorDefinedPrivateDirIsAccepted() {
        Map<String, Object> body = minimal();
        body.put("privateDirs", List.of("/var", "/etc", "/tmp", "/srv/cache"));
        body.put("sharedSubdirs", List.of("/var/lib/rpm", "/srv/cache/common"));

        operator().body(body).post("/images").then().statusCode(201)
                .body("sharedSubdirs", contains("/var/lib/rpm", "/srv/cache/common"));
    }

    private static void assertUnchanged(String id, Map<String, Object> original) {
        JsonPath image = get(id);
        assertEquals(1, image.getInt("version"), "no change, no new version");
        assertEquals(original.get("name"), image.getString("name"));
        assertEquals(original.get("rootPath"), image.getString("rootPath"));
        assertEquals("localhost", image.getString("storageHost"));
        assertEquals(false, image.getBoolean("shared"));
        assertEquals(List.of("/var", "/etc", "/tmp"), image.getList("privateDirs"));
        assertEquals(List.of("/var/lib/rpm"), image.getList("sharedSubdirs"));
        assertEquals(List.of("/var/run"), image.getList("ramDirs"));
        assertEquals(null, image.getString("description"));
    }

    private static String with(ObjectNode body, String key, String value) {
        try {
            if (value.equals(ABSENT)) {
                body.remove(key);
            } else {
                JsonNode parsed = JSON.readTree(value);
                body.set(key, parsed);
            }
            return JSON.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(value, e);
        }
    }
}
