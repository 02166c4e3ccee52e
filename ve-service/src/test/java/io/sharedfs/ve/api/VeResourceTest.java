package io.sharedfs.ve.api;

import static io.sharedfs.ve.Api.operator;
import static io.sharedfs.ve.Api.veBody;
import static io.sharedfs.ve.Api.viewer;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.sharedfs.contracts.export.NodeUnexported;
import io.sharedfs.contracts.image.ImageSpec;
import io.sharedfs.contracts.image.ImageStatus;
import io.sharedfs.service.http.MergePatch;
import io.sharedfs.testsupport.SharedfsInfrastructure;
import io.sharedfs.ve.Api;
import io.sharedfs.ve.Bus;
import io.sharedfs.ve.Images;
import io.sharedfs.ve.TestIds;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** VEs over REST: create, find, change and delete, each answered as an operator expects. */
@QuarkusTest
@WithTestResource(SharedfsInfrastructure.class)
class VeResourceTest {

    @Test
    void creatingAVeAnswers201WithANumericIdItsLocationAndItsETag() {
        ImageSpec image = Images.sharedReady();
        String name = TestIds.name("web");
        Response created = operator().body(veBody(name, image.imageId(), true)).post("/ves");
        created.then().statusCode(201)
                .header("ETag", equalTo("\"1\""))
                .body("id", greaterThan(0))
                .body("name", equalTo(name))
                .body("imageId", equalTo(image.imageId().toString()))
                .body("multiServer", is(true))
                .body("description", equalTo("a test VE"))
                .body("liveNodes", equalTo(0))
                .body("version", equalTo(1));
        long id = created.jsonPath().getLong("id");
        assertTrue(created.header("Location").endsWith("/ves/" + id), created.header("Location"));
        created.then().body("self", equalTo("/ves/" + id)).body("nodes", equalTo("/ves/" + id + "/nodes"));

        viewer().get(created.header("Location")).then().statusCode(200)
                .header("ETag", equalTo("\"1\""))
                .body("id", equalTo((int) id))
                .body("name", equalTo(name));
    }

    @Test
    void veIdsAreNumbersThatGrow() {
        ImageSpec image = Images.sharedReady();
        long first = Api.createVe(image, true);
        long second = Api.createVe(image, false);
        assertTrue(second > first, first + " then " + second);
    }

    @Test
    void aSingleServerVeMayUseAnImageThatIsNotSharedOrNotReadyYet() {
        for (ImageSpec image : List.of(Images.register(false, ImageStatus.READY),
                Images.register(true, ImageStatus.PENDING))) {
            operator().body(veBody(TestIds.name("single"), image.imageId(), false)).post("/ves")
                    .then().statusCode(201).body("multiServer", is(false));
        }
    }

    @Test
    void multiServerDefaultsToFalseAndDescriptionIsOptional() {
        ImageSpec image = Images.sharedReady();
        operator().body(Map.of("name", TestIds.name("plain"), "imageId", image.imageId().toString())).post("/ves")
                .then().statusCode(201).body("multiServer", is(false)).body("description", nullValue());
    }

    @Test
    void searchFindsNameSubstringsPageByPageAndEachResultLinksToItself() {
        ImageSpec image = Images.sharedReady();
        String token = "srch" + TestIds.next();
        for (int i = 0; i < 5; i++) {
            operator().body(veBody("a-" + token + "-" + i, image.imageId(), false)).post("/ves").then().statusCode(201);
        }
        operator().body(veBody("other-" + TestIds.next(), image.imageId(), false)).post("/ves").then().statusCode(201);

        JsonPath first = viewer().queryParam("search", token.toUpperCase()).queryParam("size", 2).get("/ves")
                .then().statusCode(200)
                .body("total", equalTo(5))
                .body("page", equalTo(0))
                .body("size", equalTo(2))
                .body("items.size()", equalTo(2))
                .extract().jsonPath();
        List<Map<String, Object>> items = first.getList("items");
        for (Map<String, Object> item : items) {
            assertTrue(((String) item.get("name")).contains(token), item.toString());
            assertEquals("/ves/" + item.get("id"), item.get("self"));
        }
        List<String> names = new java.util.ArrayList<>(first.getList("items.name", String.class));
        for (int page = 1; page <= 2; page++) {
            names.addAll(viewer().queryParam("search", token).queryParam("size", 2).queryParam("page", page)
                    .get("/ves").then().statusCode(200).body("total", equalTo(5))
                    .extract().jsonPath().getList("items.name", String.class));
        }
        assertEquals(List.of("a-" + token + "-0", "a-" + token + "-1", "a-" + token + "-2", "a-" + token + "-3",
                "a-" + token + "-4"), names);
        viewer().queryParam("search", token).queryParam("size", 2).queryParam("page", 3).get("/ves")
                .then().statusCode(200).body("items.size()", equalTo(0)).body("total", equalTo(5));
    }

    @Test
    void searchTreatsUnderscoreAndPercentAsPlainCharacters() {
        ImageSpec image = Images.sharedReady();
        String token = "lit" + TestIds.next();
        operator().body(veBody(token + "_x", image.imageId(), false)).post("/ves").then().statusCode(201);
        operator().body(veBody(token + "ax", image.imageId(), false)).post("/ves").then().statusCode(201);

        viewer().queryParam("search", token + "_").get("/ves").then().statusCode(200)
                .body("total", equalTo(1)).body("items[0].name", equalTo(token + "_x"));
        viewer().queryParam("search", token + "%").get("/ves").then().statusCode(200).body("total", equalTo(0));
        viewer().queryParam("search", token + "!x\\_'").get("/ves").then().statusCode(200).body("total", equalTo(0));
    }

    @Test
    void withoutASearchEveryVeIsListed() {
        long id = Api.createVe(Images.sharedReady(), true);
        int total = viewer().get("/ves?size=1").then().statusCode(200).extract().path("total");
        assertTrue(total >= 1);
        viewer().queryParam("size", 200).queryParam("page", (total - 1) / 200).get("/ves").then().statusCode(200)
                .body("items.id", hasItem((int) id))
                .body("items.self", everyItem(notNullValue()));
    }

    @Test
    void patchMergesTheGivenFieldsAndBumpsTheETag() {
        ImageSpec image = Images.sharedReady();
        long id = Api.createVe(image, true);
        String renamed = TestIds.name("renamed");
        operator().contentType(MergePatch.MEDIA_TYPE).header("If-Match", "\"1\"")
                .body(Map.of("name", renamed, "description", "changed")).patch("/ves/{id}", id)
                .then().statusCode(200)
                .header("ETag", equalTo("\"2\""))
                .body("name", equalTo(renamed))
                .body("description", equalTo("changed"))
                .body("multiServer", is(true))
                .body("imageId", equalTo(image.imageId().toString()))
                .body("version", equalTo(2));

        // null clears a field (RFC 7396); plain application/json is accepted too; no If-Match is fine.
        operator().body("{\"description\": null}").patch("/ves/{id}", id)
                .then().statusCode(200)
                .header("ETag", equalTo("\"3\""))
                .body("description", nullValue())
                .body("name", equalTo(renamed));
        assertEquals(renamed, Api.ve(id).getString("name"));
    }

    @Test
    void aPatchThatChangesNothingKeepsTheVersion() {
        long id = Api.createVe(Images.sharedReady(), true);
        String name = Api.ve(id).getString("name");
        operator().body(Map.of("name", name)).patch("/ves/{id}", id).then().statusCode(200)
                .header("ETag", equalTo("\"1\""));
    }

    @Test
    void patchMovesAVeWithoutNodesToAnotherImageAndBetweenSingleAndMultiServer() {
        long id = Api.createVe(Images.register(false, ImageStatus.READY), false);
        ImageSpec shared = Images.sharedReady();
        operator().body(Map.of("imageId", shared.imageId().toString(), "multiServer", true)).patch("/ves/{id}", id)
                .then().statusCode(200)
                .body("imageId", equalTo(shared.imageId().toString()))
                .body("multiServer", is(true));
        operator().body(Map.of("multiServer", false)).patch("/ves/{id}", id).then().statusCode(200)
                .body("multiServer", is(false));
    }

    @Test
    void deletingAVeWithoutNodesAnswers204AndItIsGone() {
        long id = Api.createVe(Images.sharedReady(), true);
        operator().header("If-Match", Api.etag(id)).delete("/ves/{id}", id).then().statusCode(204);
        Api.problem(viewer().get("/ves/{id}", id).then(), 404);
        Api.problem(operator().delete("/ves/{id}", id).then(), 404);
    }

    @Test
    void aVeWhoseNodesAreAllRemovedCanBeDeleted() {
        long id = Api.multiServerVe();
        long vem = Api.addNode(id);
        operator().delete("/ves/{ve}/nodes/{vem}", id, vem).then().statusCode(202);
        Bus.publishAndAwait(new NodeUnexported(id, vem, "10.0.0.1",
                Images.STORAGE_HOST, 9));
        assertEquals("REMOVED", Api.state(id, vem));
        assertEquals(0, Api.ve(id).getLong("liveNodes"));
        operator().delete("/ves/{id}", id).then().statusCode(204);
        Api.problem(viewer().get("/ves/{id}/nodes", id).then(), 404);
    }

    @Test
    void liveNodesCountsNodesThatAreNotRemoved() {
        long id = Api.multiServerVe();
        Api.addNode(id);
        Api.addNode(id);
        assertEquals(2, Api.ve(id).getLong("liveNodes"));
        viewer().queryParam("search", Api.ve(id).getString("name")).get("/ves").then()
                .body("items[0].liveNodes", equalTo(2));
        assertEquals(2, Api.nodeCount(id));
        viewer().get("/ves/{id}", id).then().body("self", endsWith("/ves/" + id));
    }
}
