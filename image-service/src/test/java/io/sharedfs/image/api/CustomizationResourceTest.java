package io.sharedfs.image.api;

import static io.sharedfs.image.TestCustomizations.appliedAnswer;
import static io.sharedfs.image.TestCustomizations.awaitStatus;
import static io.sharedfs.image.TestCustomizations.customization;
import static io.sharedfs.image.TestCustomizations.customize;
import static io.sharedfs.image.TestCustomizations.customized;
import static io.sharedfs.image.TestCustomizations.failedAnswer;
import static io.sharedfs.image.TestCustomizations.readyImage;
import static io.sharedfs.image.TestCustomizations.request;
import static io.sharedfs.image.TestCustomizations.revert;
import static io.sharedfs.image.TestImages.minimal;
import static io.sharedfs.image.TestImages.operator;
import static io.sharedfs.image.TestImages.problem;
import static io.sharedfs.image.TestImages.viewer;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.sharedfs.contracts.customization.CustomizationScope;
import io.sharedfs.contracts.node.NodeRef;
import io.sharedfs.testsupport.SharedfsInfrastructure;
import io.sharedfs.testsupport.TestEvents;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/** Every customization endpoint's happy path: customize, list, read and revert a file of a READY image. */
@QuarkusTest
@WithTestResource(SharedfsInfrastructure.class)
class CustomizationResourceTest {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String kafka;

    @Test
    void customizingAFileAnswers202WithItsLocationETagAndTheRequestedCustomization() {
        String image = readyImage(kafka, minimal());
        Instant before = Instant.now().minusSeconds(1);

        Response response = customize(image, request("/etc/crontab", "VE", true));

        response.then().statusCode(202)
                .header("ETag", equalTo("\"1\""))
                .body("id", matchesPattern("[0-9a-f-]{36}"))
                .body("imageId", equalTo(image))
                .body("path", equalTo("/etc/crontab"))
                .body("scope", equalTo("VE"))
                .body("linkTarget", equalTo("/custom/ve/etc/crontab"))
                .body("applyToExistingNodes", equalTo(true))
                .body("status", equalTo("REQUESTED"))
                .body("reason", nullValue())
                .body("veCopies", empty())
                .body("nodeCopies", empty())
                .body("linkedNodes", empty())
                .body("keptLocalChanges", empty())
                .body("restoredNodes", empty())
                .body("requestedAt", notNullValue())
                .body("updatedAt", notNullValue())
                .body("version", equalTo(1));
        String id = response.path("id");
        String location = response.header("Location");
        assertTrue(location.startsWith("http") && location.endsWith("/images/" + image + "/customizations/" + id),
                location);
        assertEquals(location, response.path("self"));
        assertTrue(!Instant.parse(response.path("requestedAt")).isBefore(before));
        viewer().get(location).then().statusCode(200)
                .header("ETag", equalTo("\"1\""))
                .body("id", equalTo(id))
                .body("status", equalTo("REQUESTED"))
                .body("self", equalTo(location));
    }

    @Test
    void theLinkTargetIsTheNodesViewOfTheScope() {
        String image = readyImage(kafka, minimal());

        customize(image, request("/etc/hostname", "NODE", false)).then().statusCode(202)
                .body("linkTarget", equalTo("/custom/node/etc/hostname"));
        customize(image, request("/var/lib/app/shared.conf", "ALL", false)).then().statusCode(202)
                .body("linkTarget", equalTo("/custom/var/lib/app/shared.conf"));
    }

    @Test
    void applyToExistingNodesIsFalseUnlessAsked() {
        String image = readyImage(kafka, minimal());

        customize(image, request("/etc/motd", "ALL", null)).then().statusCode(202)
                .body("applyToExistingNodes", equalTo(false));
    }

    @Test
    void theListIsNewestFirstPagedAndFilteredByStatus() {
        String image = readyImage(kafka, minimal());
        String first = customized(image, "/etc/a", "VE");
        String second = customized(image, "/etc/b", "NODE");
        String third = customized(image, "/etc/c", "ALL");
        TestEvents.publish(kafka, failedAnswer(image, second, "/etc/b", false, "/etc/b does not exist"));
        awaitStatus(image, second, "FAILED");

        viewer().get("/images/{id}/customizations", image).then().statusCode(200)
                .body("items.id", contains(third, second, first))
                .body("items[0].self", notNullValue())
                .body("page", equalTo(0)).body("size", equalTo(20)).body("total", equalTo(3));
        viewer().get("/images/{id}/customizations?page=0&size=2", image).then().statusCode(200)
                .body("items.id", contains(third, second)).body("total", equalTo(3));
        viewer().get("/images/{id}/customizations?page=1&size=2", image).then().statusCode(200)
                .body("items.id", contains(first)).body("page", equalTo(1)).body("size", equalTo(2));
        viewer().get("/images/{id}/customizations?status=FAILED", image).then().statusCode(200)
                .body("items.id", contains(second)).body("items[0].reason", equalTo("/etc/b does not exist"))
                .body("total", equalTo(1));
        viewer().get("/images/{id}/customizations?status=REQUESTED", image).then().statusCode(200)
                .body("items.id", contains(third, first)).body("total", equalTo(2));
        viewer().get("/images/{id}/customizations?status=REVERTED", image).then().statusCode(200)
                .body("items", empty()).body("total", equalTo(0));
    }

    @Test
    void anotherImagesCustomizationsAreNotListed() {
        String image = readyImage(kafka, minimal());
        String other = readyImage(kafka, minimal());
        String mine = customized(image, "/etc/crontab", "VE");
        customized(other, "/etc/crontab", "VE");

        viewer().get("/images/{id}/customizations", image).then().statusCode(200)
                .body("items.id", contains(mine)).body("total", equalTo(1));
    }

    @Test
    void aBadStatusFilterOrPageIsRefused() {
        String image = readyImage(kafka, minimal());

        problem(viewer().get("/images/{id}/customizations?status=DONE", image).then(), 400, "status", "one-of");
        problem(viewer().get("/images/{id}/customizations?page=-1", image).then(), 400, "page", "min");
        problem(viewer().get("/images/{id}/customizations?size=0", image).then(), 400, "size", "range");
    }

    @Test
    void anAppliedCustomizationShowsWhatTheStorageHostDid() {
        String image = readyImage(kafka, minimal());
        String id = customized(image, "/etc/crontab", "VE");

        TestEvents.publish(kafka, appliedAnswer(image, id, "/etc/crontab", CustomizationScope.VE, List.of(10L, 11L),
                List.of(), List.of(new NodeRef(10, 1)), List.of(new NodeRef(11, 2), new NodeRef(11, 3))));

        JsonPath applied = awaitStatus(image, id, "APPLIED");
        assertEquals(List.of(10, 11), applied.getList("veCopies"));
        assertEquals(List.of(Map.of("veId", 10, "vemId", 1)), applied.getList("linkedNodes"));
        assertEquals(List.of(Map.of("veId", 11, "vemId", 2), Map.of("veId", 11, "vemId", 3)),
                applied.getList("keptLocalChanges"));
        assertEquals(2, applied.getInt("version"));
        viewer().get("/images/{id}/customizations/{cid}", image, id).then().header("ETag", equalTo("\"2\""));
    }

    @Test
    void revertingAnAppliedCustomizationAnswers202Reverting() {
        String image = readyImage(kafka, minimal());
        String id = customized(image, "/etc/crontab", "NODE");
        TestEvents.publish(kafka, appliedAnswer(image, id, "/etc/crontab", CustomizationScope.NODE, List.of(),
                List.of(new NodeRef(5, 1)), List.of(), List.of()));
        awaitStatus(image, id, "APPLIED");

        revert(image, id).then().statusCode(202)
                .header("ETag", equalTo("\"3\""))
                .body("id", equalTo(id))
                .body("status", equalTo("REVERTING"))
                .body("nodeCopies", contains(Map.of("veId", 5, "vemId", 1)))
                .body("version", equalTo(3));
        assertEquals("REVERTING", customization(image, id).getString("status"));
    }

    @Test
    void aCurrentIfMatchIsAcceptedWhenReverting() {
        String image = readyImage(kafka, minimal());
        String id = customized(image, "/etc/crontab", "ALL");
        TestEvents.publish(kafka, appliedAnswer(image, id, "/etc/crontab", CustomizationScope.ALL, List.of(),
                List.of(), List.of(), List.of()));
        awaitStatus(image, id, "APPLIED");

        operator().header("If-Match", "\"2\"")
                .delete("/images/{id}/customizations/{cid}", image, id).then().statusCode(202)
                .body("status", equalTo("REVERTING"));
    }

    @Test
    void theOpenApiDocumentDescribesTheCustomizationEndpoints() {
        JsonPath api = io.restassured.RestAssured.given().accept("application/json").get("/q/openapi?format=json")
                .then().statusCode(200).extract().jsonPath();

        Map<String, Object> content = api.getMap("paths.'/images/{id}/customizations'.post.requestBody.content");
        assertTrue(content.toString().contains("CustomizationRequest"), content.toString());
        for (String operation : List.of("'/images/{id}/customizations'.get",
                "'/images/{id}/customizations/{cid}'.get", "'/images/{id}/customizations/{cid}'.delete")) {
            assertTrue(api.getMap("paths." + operation) != null, operation);
        }
    }
}
