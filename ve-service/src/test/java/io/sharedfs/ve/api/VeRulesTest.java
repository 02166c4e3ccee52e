package io.sharedfs.ve.api;

import static io.sharedfs.ve.Api.operator;
import static io.sharedfs.ve.Api.problem;
import static io.sharedfs.ve.Api.veBody;
import static io.sharedfs.ve.Api.viewer;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.sharedfs.contracts.image.ImageSpec;
import io.sharedfs.contracts.image.ImageStatus;
import io.sharedfs.testsupport.SharedfsInfrastructure;
import io.sharedfs.ve.Api;
import io.sharedfs.ve.Images;
import io.sharedfs.ve.TestDb;
import io.sharedfs.ve.TestIds;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Every rule about VEs answers with its status and a problem+json body naming the field and the
 * rule, and changes nothing: no VE, no new version, nothing in the outbox (so nothing published).
 */
@QuarkusTest
@WithTestResource(SharedfsInfrastructure.class)
class VeRulesTest {

    @Test
    void anUnknownImageIs422() {
        String name = TestIds.name("ve");
        problem(operator().body(veBody(name, UUID.randomUUID(), false)).post("/ves").then(), 422, "imageId",
                "existing-image");
        assertNothingMentions(name);
    }

    @Test
    void aDeletedImageIs422() {
        ImageSpec image = Images.sharedReady();
        Images.delete(image);
        String name = TestIds.name("ve");
        problem(operator().body(veBody(name, image.imageId(), false)).post("/ves").then(), 422, "imageId",
                "existing-image");
        assertNothingMentions(name);
    }

    @Test
    void aMultiServerVeOnAnImageThatIsNotSharedIs409WithTheReason() {
        ImageSpec image = Images.register(false, ImageStatus.READY);
        String name = TestIds.name("ve");
        problem(operator().body(veBody(name, image.imageId(), true)).post("/ves").then(), 409, "imageId",
                "shared-and-ready")
                .body("detail", containsString("not shared"));
        assertNothingMentions(name);
    }

    @Test
    void aMultiServerVeOnASharedImageThatIsNotReadyIs409WithTheReason() {
        ImageSpec pending = Images.register(true, ImageStatus.PENDING);
        String name = TestIds.name("ve");
        problem(operator().body(veBody(name, pending.imageId(), true)).post("/ves").then(), 409, "imageId",
                "shared-and-ready")
                .body("detail", containsString("PENDING"));

        ImageSpec invalid = Images.register(true, ImageStatus.INVALID);
        problem(operator().body(veBody(name, invalid.imageId(), true)).post("/ves").then(), 409, "imageId",
                "shared-and-ready")
                .body("detail", containsString("INVALID"))
                .body("detail", containsString(invalid.statusReason()));
        assertNothingMentions(name);
    }

    @Test
    void evenASingleServerVeNeedsAnImageThatIsNotInvalid() {
        ImageSpec invalid = Images.register(false, ImageStatus.INVALID);
        String name = TestIds.name("ve");
        problem(operator().body(veBody(name, invalid.imageId(), false)).post("/ves").then(), 409, "imageId",
                "valid-image")
                .body("detail", containsString(invalid.statusReason()));
        assertNothingMentions(name);
    }

    @Test
    void aDuplicateNameIs409() {
        ImageSpec image = Images.sharedReady();
        String name = TestIds.name("dup");
        operator().body(veBody(name, image.imageId(), true)).post("/ves").then().statusCode(201);
        long before = TestDb.outboxMentioning(name).size();
        assertEquals(1, before, "the VeCreated of the first VE");
        problem(operator().body(veBody(name, image.imageId(), false)).post("/ves").then(), 409, "name", "unique");
        assertEquals(before, TestDb.outboxMentioning(name).size());
        viewer().queryParam("search", name).get("/ves").then().body("total", equalTo(1));
    }

    @Test
    void badFieldsAre400AndEveryBrokenRuleIsListed() {
        ImageSpec image = Images.sharedReady();
        problem(operator().body(veBody("web farm", image.imageId(), true)).post("/ves").then(), 400, "name",
                "pattern");
        problem(operator().body(veBody("x".repeat(65), image.imageId(), true)).post("/ves").then(), 400, "name",
                "pattern");
        problem(operator().body(Map.of("imageId", image.imageId().toString())).post("/ves").then(), 400, "name",
                "required");
        problem(operator().body(Map.of("name", TestIds.name("ve"))).post("/ves").then(), 400, "imageId", "required");
        Map<String, Object> longDescription = veBody(TestIds.name("ve"), image.imageId(), true);
        longDescription.put("description", "d".repeat(2001));
        problem(operator().body(longDescription).post("/ves").then(), 400, "description", "max-length");
        problem(operator().body(Map.of("name", "bad name", "description", "d".repeat(2001))).post("/ves").then(), 400)
                .body("errors.field", equalTo(List.of("name", "imageId", "description")));
    }

    @Test
    void aBodyThatIsNotTheRightJsonIs400() {
        ImageSpec image = Images.sharedReady();
        String name = TestIds.name("ve");
        Map<String, Object> unknownField = veBody(name, image.imageId(), true);
        unknownField.put("shared", true);
        problem(operator().body(unknownField).post("/ves").then(), 400, "shared", "json");
        problem(operator().body("{\"name\": \"" + name + "\", \"imageId\": \"not-a-uuid\"}").post("/ves").then(), 400,
                "imageId", "json");
        problem(operator().body("{\"name\": ").post("/ves").then(), 400);
        problem(operator().body("[]").post("/ves").then(), 400);
        problem(operator().post("/ves").then(), 400);
        assertNothingMentions(name);
    }

    @Test
    void anUnknownVeIs404() {
        long missing = 9_000_000_000L + TestIds.next();
        problem(viewer().get("/ves/{id}", missing).then(), 404);
        problem(operator().body(Map.of("description", "x")).patch("/ves/{id}", missing).then(), 404);
        problem(operator().delete("/ves/{id}", missing).then(), 404);
        problem(viewer().get("/ves/{id}", "ten").then(), 404);
    }

    @Test
    void aStaleIfMatchIs412ForPatchAndDeleteAndChangesNothing() {
        long id = Api.createVe(Images.sharedReady(), true);
        operator().body(Map.of("description", "second")).patch("/ves/{id}", id).then().statusCode(200);
        int events = TestDb.outboxForKey(Long.toString(id)).size();

        problem(operator().header("If-Match", "\"1\"").body(Map.of("description", "third")).patch("/ves/{id}", id)
                .then(), 412, "If-Match", "current-version");
        problem(operator().header("If-Match", "\"1\"").delete("/ves/{id}", id).then(), 412, "If-Match",
                "current-version");

        JsonPath ve = Api.ve(id);
        assertEquals("second", ve.getString("description"));
        assertEquals(2, ve.getLong("version"));
        assertEquals(events, TestDb.outboxForKey(Long.toString(id)).size());
        operator().header("If-Match", "\"2\"").delete("/ves/{id}", id).then().statusCode(204);
    }

    @Test
    void anUnknownFieldInAPatchIs400NamingIt() {
        long id = Api.createVe(Images.sharedReady(), true);
        problem(operator().body(Map.of("liveNodes", 3)).patch("/ves/{id}", id).then(), 400, "liveNodes", "json");
        problem(operator().body("[1]").patch("/ves/{id}", id).then(), 400, "body", "object");
        assertEquals(1, Api.ve(id).getLong("version"));
    }

    @Test
    void aPatchIsHeldToTheSameRulesAsACreate() {
        ImageSpec image = Images.sharedReady();
        long id = Api.createVe(image, true);
        String taken = Api.ve(Api.createVe(image, true)).getString("name");

        problem(operator().body(Map.of("name", taken)).patch("/ves/{id}", id).then(), 409, "name", "unique");
        problem(operator().body(Map.of("name", "not valid")).patch("/ves/{id}", id).then(), 400, "name", "pattern");
        problem(operator().body(Map.of("imageId", UUID.randomUUID().toString())).patch("/ves/{id}", id).then(), 422,
                "imageId", "existing-image");
        ImageSpec notShared = Images.register(false, ImageStatus.READY);
        problem(operator().body(Map.of("imageId", notShared.imageId().toString())).patch("/ves/{id}", id).then(),
                409, "imageId", "shared-and-ready");
        assertEquals(1, Api.ve(id).getLong("version"));

        long single = Api.createVe(notShared, false);
        problem(operator().body(Map.of("multiServer", true)).patch("/ves/{id}", single).then(), 409, "imageId",
                "shared-and-ready");
        assertEquals(false, Api.ve(single).getBoolean("multiServer"));
    }

    @Test
    void aVeWithNodesKeepsItsImageAndCannotBecomeSingleServerWithSeveralNodes() {
        long id = Api.multiServerVe();
        Api.addNode(id);
        Api.addNode(id);
        ImageSpec other = Images.sharedReady();
        problem(operator().body(Map.of("imageId", other.imageId().toString())).patch("/ves/{id}", id).then(), 409,
                "imageId", "no-nodes");
        problem(operator().body(Map.of("multiServer", false)).patch("/ves/{id}", id).then(), 409, "multiServer",
                "at-most-one-node");
        JsonPath ve = Api.ve(id);
        assertEquals(1, ve.getLong("version"));
        assertEquals(true, ve.getBoolean("multiServer"));
    }

    @Test
    void deletingAVeWithLiveNodesIs409() {
        long id = Api.multiServerVe();
        long vem = Api.addNode(id);
        problem(operator().delete("/ves/{id}", id).then(), 409, "id", "no-nodes");
        Api.ve(id);

        // A node being removed is still live.
        operator().delete("/ves/{id}/nodes/{vem}", id, vem).then().statusCode(202);
        problem(operator().delete("/ves/{id}", id).then(), 409, "id", "no-nodes");
        assertEquals(0, TestDb.outbox("ve/" + id, "io.sharedfs.VeDeleted").size());
    }

    @Test
    void badPagingIs400() {
        problem(viewer().queryParam("size", 0).get("/ves").then(), 400, "size", "range");
        problem(viewer().queryParam("size", 201).get("/ves").then(), 400, "size", "range");
        problem(viewer().queryParam("page", -1).get("/ves").then(), 400, "page", "min");
        problem(viewer().queryParam("page", "first").get("/ves").then(), 404);
        // page * size past what an offset can hold
        problem(viewer().queryParam("page", Integer.MAX_VALUE).queryParam("size", 200).get("/ves").then(), 400,
                "page", "max");
    }

    private static void assertNothingMentions(String name) {
        viewer().queryParam("search", name).get("/ves").then().statusCode(200).body("total", equalTo(0));
        assertEquals(List.of(), TestDb.outboxMentioning(name), "nothing published about " + name);
    }
}
