package io.sharedfs.image.api;

import static io.sharedfs.image.TestImages.PROBLEM_JSON;
import static io.sharedfs.image.TestImages.create;
import static io.sharedfs.image.TestImages.get;
import static io.sharedfs.image.TestImages.minimal;
import static io.sharedfs.image.TestImages.operator;
import static io.sharedfs.image.TestImages.problem;
import static io.sharedfs.image.TestImages.total;
import static io.sharedfs.image.TestImages.unique;
import static io.sharedfs.image.TestImages.viewer;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;
import io.sharedfs.testsupport.SharedfsInfrastructure;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Requests the registry refuses as a whole: unknown images (404), names and root paths already
 * taken (409), stale versions (412) and bodies that are not the JSON of an image (400). Each gets
 * a problem+json body and changes nothing.
 */
@QuarkusTest
@WithTestResource(SharedfsInfrastructure.class)
class ImageConflictsTest {

    // ---- 404

    @Test
    void anUnknownImageIsNotFoundForEveryCall() {
        String unknown = UUID.randomUUID().toString();

        problem404(viewer().get("/images/{id}", unknown).then());
        problem404(operator().body(minimal()).put("/images/{id}", unknown).then());
        problem404(operator().body(Map.of("shared", true)).patch("/images/{id}", unknown).then());
        problem404(operator().delete("/images/{id}", unknown).then());
    }

    @Test
    void anIdThatIsNotAUuidIsNotFound() {
        viewer().get("/images/not-a-uuid").then().statusCode(404).contentType(PROBLEM_JSON);
    }

    // ---- 409: names and root paths

    @Test
    void aSecondImageWithTheSameNameIsAConflict() {
        Map<String, Object> first = minimal();
        create(first);
        Map<String, Object> second = minimal();
        second.put("name", first.get("name"));
        long before = total();

        problem(operator().body(second).post("/images").then(), 409, "name", "unique")
                .body("type", equalTo("urn:sharedfs:problem:conflict"))
                .body("detail", containsString((String) first.get("name")));

        assertEquals(before, total());
        viewer().get("/images?name={name}", first.get("name")).then().body("total", equalTo(1));
    }

    @Test
    void renamingAnImageToATakenNameIsAConflictAndChangesNothing() {
        Map<String, Object> first = minimal();
        create(first);
        Map<String, Object> second = minimal();
        String id = create(second);

        problem(operator().body(Map.of("name", first.get("name"))).patch("/images/{id}", id).then(),
                409, "name", "unique");

        JsonPath image = get(id);
        assertEquals(second.get("name"), image.getString("name"));
        assertEquals(1, image.getInt("version"));
    }

    @Test
    void theSameRootPathOnTheSameStorageHostIsAConflict() {
        Map<String, Object> first = minimal();
        create(first);
        Map<String, Object> second = minimal();
        second.put("rootPath", first.get("rootPath"));
        long before = total();

        problem(operator().body(second).post("/images").then(), 409, "rootPath", "no-overlap")
                .body("detail", containsString((String) first.get("name")));

        assertEquals(before, total());
    }

    @Test
    void aRootPathInsideAnotherImageIsAConflict() {
        String parent = "/srv/" + unique();
        create(image(parent));
        long before = total();

        problem(operator().body(image(parent + "/nested")).post("/images").then(), 409, "rootPath", "no-overlap");

        assertEquals(before, total());
    }

    @Test
    void aRootPathThatContainsAnotherImageIsAConflict() {
        String parent = "/srv/" + unique();
        create(image(parent + "/deep/nested"));
        long before = total();

        problem(operator().body(image(parent)).post("/images").then(), 409, "rootPath", "no-overlap");

        assertEquals(before, total());
    }

    @Test
    void rootPathsThatOnlyShareANamePrefixDoNotOverlap() {
        String parent = "/srv/" + unique();
        create(image(parent + "/web"));

        operator().body(image(parent + "/web2")).post("/images").then().statusCode(201);
        operator().body(image(parent + "/we")).post("/images").then().statusCode(201);
    }

    @Test
    void movingAnImageOntoOrAroundAnotherRootPathIsAConflictAndChangesNothing() {
        String parent = "/srv/" + unique();
        create(image(parent + "/taken"));
        Map<String, Object> mine = image(parent + "/mine");
        String id = create(mine);

        for (String target : new String[] {parent + "/taken", parent + "/taken/inner", parent}) {
            Map<String, Object> moved = new LinkedHashMap<>(mine);
            moved.put("rootPath", target);
            problem(operator().body(moved).put("/images/{id}", id).then(), 409, "rootPath", "no-overlap");
        }

        JsonPath image = get(id);
        assertEquals(parent + "/mine", image.getString("rootPath"));
        assertEquals(1, image.getInt("version"));
    }

    @Test
    void anImageMayMoveInsideItsOwnRootPath() {
        String parent = "/srv/" + unique();
        String id = create(image(parent + "/img"));

        operator().body(Map.of("rootPath", parent + "/img/v2")).patch("/images/{id}", id).then().statusCode(200)
                .body("rootPath", equalTo(parent + "/img/v2"));
    }

    // ---- 412

    @Test
    void aStaleIfMatchIsRefusedOnEveryChangeAndTheCurrentETagSucceeds() {
        Map<String, Object> body = minimal();
        String id = create(body);
        operator().body(Map.of("description", "v2")).patch("/images/{id}", id).then().statusCode(200)
                .header("ETag", "\"2\"");
        Map<String, Object> replacement = new LinkedHashMap<>(body);
        replacement.put("description", "replaced");

        problem(operator().header("If-Match", "\"1\"").body(replacement).put("/images/{id}", id).then(),
                412, "If-Match", "current-version")
                .body("type", equalTo("urn:sharedfs:problem:stale-version"));
        problem(operator().header("If-Match", "\"1\"").body(Map.of("shared", true)).patch("/images/{id}", id)
                .then(), 412, "If-Match", "current-version");
        problem(operator().header("If-Match", "\"1\"").delete("/images/{id}", id).then(),
                412, "If-Match", "current-version");

        JsonPath image = get(id);
        assertEquals(2, image.getInt("version"));
        assertEquals("v2", image.getString("description"));
        assertEquals(false, image.getBoolean("shared"));

        operator().header("If-Match", "\"2\"").body(replacement).put("/images/{id}", id).then().statusCode(200)
                .header("ETag", "\"3\"");
        operator().header("If-Match", "\"3\"").body(Map.of("shared", true)).patch("/images/{id}", id).then()
                .statusCode(200).header("ETag", "\"4\"");
        operator().header("If-Match", "\"4\"").delete("/images/{id}", id).then().statusCode(204);
        viewer().get("/images/{id}", id).then().statusCode(404);
    }

    // ---- 400: bodies that are not an image's JSON

    @Test
    void anUnknownFieldIsRefusedByName() {
        Map<String, Object> body = minimal();
        body.put("sharde", true);
        long before = total();

        problem(operator().body(body).post("/images").then(), 400, "sharde", "json");

        assertEquals(before, total());
    }

    @Test
    void anUnknownFieldInAReplacementOrPatchIsRefusedByNameAndChangesNothing() {
        Map<String, Object> body = minimal();
        String id = create(body);
        Map<String, Object> replacement = new LinkedHashMap<>(body);
        replacement.put("status", "READY");

        problem(operator().body(replacement).put("/images/{id}", id).then(), 400, "status", "json");
        problem(operator().body(Map.of("shared", true, "colour", "blue")).patch("/images/{id}", id).then(),
                400, "colour", "json");

        JsonPath image = get(id);
        assertEquals(1, image.getInt("version"));
        assertEquals(false, image.getBoolean("shared"));
    }

    @Test
    void malformedJsonIsRefused() {
        Map<String, Object> body = minimal();
        String id = create(body);
        Map<String, Object> other = minimal();
        String valid = "{\"name\": \"" + other.get("name") + "\", \"rootPath\": \"" + other.get("rootPath") + "\"}";
        long before = total();

        problem(operator().body("{\"name\": \"x\", \"rootPath\": ").post("/images").then(), 400, "body", "json");
        problem(operator().body(valid + " {").post("/images").then(), 400, "body", "json");
        problem(operator().body(valid.replace("}", ",}")).post("/images").then(), 400, "body", "json");
        problem(operator().body("{\"shared\": tru}").patch("/images/{id}", id).then(), 400, "body", "json");
        problem(operator().body(valid + " trailing").put("/images/{id}", id).then(), 400, "body", "json");

        assertEquals(before, total());
        assertEquals(1, get(id).getInt("version"));
    }

    @Test
    void aValueOfTheWrongTypeIsRefusedByFieldNameWithoutGuessing() {
        long before = total();

        problem(operator().body(with("privateDirs", "/var")).post("/images").then(), 400, "privateDirs", "json");
        problem(operator().body(with("privateDirs", List.of("/var", 5))).post("/images").then(),
                400, "privateDirs[1]", "json");
        problem(operator().body(with("name", 5)).post("/images").then(), 400, "name", "json");
        problem(operator().body(with("shared", "true")).post("/images").then(), 400, "shared", "json");
        problem(operator().body(with("shared", 1)).post("/images").then(), 400, "shared", "json");
        problem(operator().body(with("description", Map.of("text", "x"))).post("/images").then(),
                400, "description", "json");

        assertEquals(before, total());
    }

    @Test
    void aValueOfTheWrongTypeInAPatchIsRefusedAndChangesNothing() {
        String id = create(minimal());

        problem(operator().body("{\"shared\": \"yes\"}").patch("/images/{id}", id).then(), 400, "shared", "json");
        problem(operator().body("{\"shared\": \"true\"}").patch("/images/{id}", id).then(), 400, "shared", "json");
        problem(operator().body("{\"ramDirs\": [\"/var/run\", 7]}").patch("/images/{id}", id).then(),
                400, "ramDirs[1]", "json");

        JsonPath image = get(id);
        assertEquals(1, image.getInt("version"));
        assertEquals(false, image.getBoolean("shared"));
    }

    @Test
    void aFieldGivenTwiceIsRefused() {
        Map<String, Object> body = minimal();
        String twice = "{\"name\": \"" + body.get("name") + "\", \"rootPath\": \"" + body.get("rootPath")
                + "\", \"name\": \"" + body.get("name") + "-2\"}";
        long before = total();

        problem(operator().body(twice).post("/images").then(), 400, "body", "json")
                .body("detail", containsString("name"));

        assertEquals(before, total());
    }

    @Test
    void aMissingBodyIsRefused() {
        problem(operator().post("/images").then(), 400, "body", "required");
    }

    @Test
    void aPatchThatIsNotAnObjectIsRefused() {
        String id = create(minimal());

        problem(operator().body("[{\"shared\": true}]").patch("/images/{id}", id).then(), 400, "body", "object");

        assertEquals(1, get(id).getInt("version"));
    }

    private static Map<String, Object> with(String field, Object value) {
        Map<String, Object> body = minimal();
        body.put(field, value);
        return body;
    }

    private static Map<String, Object> image(String rootPath) {
        Map<String, Object> body = minimal();
        body.put("rootPath", rootPath);
        return body;
    }

    private static void problem404(ValidatableResponse response) {
        response.statusCode(404).contentType(PROBLEM_JSON)
                .body("type", equalTo("urn:sharedfs:problem:not-found"))
                .body("status", equalTo(404))
                .body("detail", containsString("no image with id"));
    }
}
