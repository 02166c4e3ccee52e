package io.sharedfs.image.api;

import static io.sharedfs.image.TestCustomizations.applied;
import static io.sharedfs.image.TestCustomizations.awaitStatus;
import static io.sharedfs.image.TestCustomizations.customization;
import static io.sharedfs.image.TestCustomizations.customize;
import static io.sharedfs.image.TestCustomizations.customized;
import static io.sharedfs.image.TestCustomizations.failedAnswer;
import static io.sharedfs.image.TestCustomizations.readyImage;
import static io.sharedfs.image.TestCustomizations.request;
import static io.sharedfs.image.TestCustomizations.revert;
import static io.sharedfs.image.TestCustomizations.revertedAnswer;
import static io.sharedfs.image.TestImages.PROBLEM_JSON;
import static io.sharedfs.image.TestImages.create;
import static io.sharedfs.image.TestImages.get;
import static io.sharedfs.image.TestImages.minimal;
import static io.sharedfs.image.TestImages.operator;
import static io.sharedfs.image.TestImages.problem;
import static io.sharedfs.image.TestImages.viewer;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import io.sharedfs.contracts.customization.CustomizationScope;
import io.sharedfs.contracts.image.ImageLayoutRejected;
import io.sharedfs.image.TestCustomizations;
import io.sharedfs.testsupport.SharedfsInfrastructure;
import io.sharedfs.testsupport.TestEvents;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Customization requests and reverts the registry refuses: bad bodies (400), unknown images and
 * customizations (404), images that cannot be customized, a path already customized and reverts that do
 * not fit the state (409), stale versions (412). Each gets a problem+json body naming the field and
 * changes nothing.
 */
@QuarkusTest
@WithTestResource(SharedfsInfrastructure.class)
class CustomizationConflictsTest {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String kafka;

    // ---- 400

    @ParameterizedTest
    @ValueSource(strings = {"etc/crontab", "/etc/", "/etc/../etc/crontab", "/etc//crontab", "/private/10/custom/x",
        "/custom/ve/etc/crontab", "/proc/cpuinfo", "/sys/x", "/dev/null"})
    void aPathTheRuleRefusesIsA400NamingPathAndNothingIsRecorded(String path) {
        String image = readyImage(kafka, minimal());

        problem(customize(image, request(path, "VE", false)).then(), 400, "path", "customizable-path");

        assertEquals(0, total(image));
    }

    @Test
    void aFileSharedByAllUnderTheVeOrNodeMountPointIsRefused() {
        String image = readyImage(kafka, minimal());

        problem(customize(image, request("/ve/conf", "ALL", false)).then(), 400, "path", "customizable-path")
                .body("detail", containsString("/custom/ve"));
        problem(customize(image, request("/node/conf", "ALL", false)).then(), 400, "path", "customizable-path");

        assertEquals(0, total(image));
    }

    @Test
    void aMissingPathOrScopeOrAnUnknownScopeIsRefusedByName() {
        String image = readyImage(kafka, minimal());

        problem(customize(image, request(null, "VE", false)).then(), 400, "path", "required");
        problem(customize(image, request("/etc/crontab", null, false)).then(), 400, "scope", "required");
        problem(customize(image, request("/etc/crontab", "EVERYONE", false)).then(), 400, "scope", "one-of")
                .body("detail", containsString("VE, NODE, ALL"));
        problem(customize(image, request("/etc/crontab", "ve", false)).then(), 400, "scope", "one-of");

        assertEquals(0, total(image));
    }

    @Test
    void bodiesThatAreNotACustomizationsJsonAreRefusedByFieldName() {
        String image = readyImage(kafka, minimal());

        problem(operator().body(Map.of("path", "/etc/crontab", "scope", "VE", "colour", "blue"))
                .post("/images/{id}/customizations", image).then(), 400, "colour", "json");
        problem(operator().body(Map.of("path", "/etc/crontab", "scope", "VE", "applyToExistingNodes", "true"))
                .post("/images/{id}/customizations", image).then(), 400, "applyToExistingNodes", "json");
        problem(operator().body(Map.of("path", 5, "scope", "VE")).post("/images/{id}/customizations", image).then(),
                400, "path", "json");
        problem(operator().body("{\"path\": \"/etc/crontab\", \"scope\": ").post("/images/{id}/customizations", image)
                .then(), 400, "body", "json");
        problem(operator().post("/images/{id}/customizations", image).then(), 400, "body", "required");

        assertEquals(0, total(image));
    }

    // ---- 404

    @Test
    void anUnknownImageIsNotFoundForEveryCall() {
        String unknown = UUID.randomUUID().toString();
        String cid = UUID.randomUUID().toString();

        notFound(customize(unknown, request("/etc/crontab", "VE", false)).then(), "no image with id");
        notFound(viewer().get("/images/{id}/customizations", unknown).then(), "no image with id");
        notFound(viewer().get("/images/{id}/customizations/{cid}", unknown, cid).then(), "no image with id");
        notFound(revert(unknown, cid).then(), "no image with id");
    }

    @Test
    void anUnknownCustomizationOrOneOfAnotherImageIsNotFound() {
        String image = readyImage(kafka, minimal());
        String other = readyImage(kafka, minimal());
        String others = customized(other, "/etc/crontab", "VE");
        String unknown = UUID.randomUUID().toString();

        notFound(viewer().get("/images/{id}/customizations/{cid}", image, unknown).then(), "no customization");
        notFound(revert(image, unknown).then(), "no customization");
        notFound(viewer().get("/images/{id}/customizations/{cid}", image, others).then(), "no customization");
        notFound(revert(image, others).then(), "no customization");
        viewer().get("/images/{id}/customizations/not-a-uuid", image).then().statusCode(404).contentType(PROBLEM_JSON);

        assertEquals("REQUESTED", customization(other, others).getString("status"));
    }

    // ---- 409: the image

    @Test
    void anImageThatIsNotSharedCannotBeCustomized() {
        String image = create(minimal());

        problem(customize(image, request("/etc/crontab", "VE", false)).then(), 409, "shared", "image-shared")
                .body("type", equalTo("urn:sharedfs:problem:conflict"))
                .body("detail", containsString("shared checkbox"));

        assertEquals(0, total(image));
    }

    @Test
    void aSharedImageWhoseLayoutIsPendingCannotBeCustomizedYet() {
        Map<String, Object> body = minimal();
        body.put("shared", true);
        String image = create(body);

        problem(customize(image, request("/etc/crontab", "VE", false)).then(), 409, "status", "image-ready")
                .body("detail", containsString("PENDING"))
                .body("detail", containsString("wait"));

        assertEquals(0, total(image));
    }

    @Test
    void anInvalidImageCannotBeCustomizedAndTheProblemSaysWhy() {
        Map<String, Object> body = minimal();
        body.put("shared", true);
        String image = create(body);
        TestEvents.publish(kafka, new ImageLayoutRejected(UUID.fromString(image), TestCustomizations.HOST,
                (String) body.get("rootPath"), "no such directory", 1L));
        await().atMost(TestCustomizations.WAIT).until(() -> "INVALID".equals(get(image).getString("status")));

        problem(customize(image, request("/etc/crontab", "VE", false)).then(), 409, "status", "image-ready")
                .body("detail", containsString("INVALID"))
                .body("detail", containsString("no such directory"));
    }

    // ---- 409: one live customization per path

    @Test
    void aPathWithALiveCustomizationCannotBeCustomizedAgainAndTheProblemNamesIt() {
        String image = readyImage(kafka, minimal());
        String live = customized(image, "/etc/crontab", "VE");

        for (String scope : List.of("VE", "NODE", "ALL")) {
            problem(customize(image, request("/etc/crontab", scope, true)).then(), 409, "path", "one-live-per-path")
                    .body("detail", containsString(live))
                    .body("detail", containsString("REQUESTED"));
        }

        assertEquals(1, total(image));
        customize(image, request("/etc/crontab2", "VE", false)).then().statusCode(202);
        String other = readyImage(kafka, minimal());
        customize(other, request("/etc/crontab", "VE", false)).then().statusCode(202);
    }

    @Test
    void aFailedCustomizationsPathMayBeCustomizedAgain() {
        String image = readyImage(kafka, minimal());
        String failed = customized(image, "/etc/crontab", "VE");
        TestEvents.publish(kafka, failedAnswer(image, failed, "/etc/crontab", false, "no such file"));
        awaitStatus(image, failed, "FAILED");

        customize(image, request("/etc/crontab", "NODE", false)).then().statusCode(202);

        assertEquals(2, total(image));
    }

    @Test
    void aRevertedCustomizationsPathMayBeCustomizedAgainButNotWhileItIsBeingReverted() {
        String image = readyImage(kafka, minimal());
        String id = applied(kafka, image, "/etc/crontab", CustomizationScope.VE);
        revert(image, id).then().statusCode(202);

        problem(customize(image, request("/etc/crontab", "VE", false)).then(), 409, "path", "one-live-per-path")
                .body("detail", containsString("REVERTING"));

        TestEvents.publish(kafka, revertedAnswer(image, id, "/etc/crontab", List.of()));
        awaitStatus(image, id, "REVERTED");
        customize(image, request("/etc/crontab", "VE", false)).then().statusCode(202);
    }

    // ---- 409: reverts that do not fit the state

    @Test
    void aRequestedCustomizationCannotBeRevertedUntilTheStorageHostAnswered() {
        String image = readyImage(kafka, minimal());
        String id = customized(image, "/etc/crontab", "VE");

        problem(revert(image, id).then(), 409, "status", "revertable")
                .body("detail", containsString("wait for the storage host's answer"));

        assertEquals("REQUESTED", customization(image, id).getString("status"));
        assertEquals(1, customization(image, id).getInt("version"));
    }

    @Test
    void aSecondRevertWhileRevertingIsAConflict() {
        String image = readyImage(kafka, minimal());
        String id = applied(kafka, image, "/etc/crontab", CustomizationScope.VE);
        revert(image, id).then().statusCode(202);

        problem(revert(image, id).then(), 409, "status", "revertable")
                .body("detail", containsString("REVERTING"))
                .body("detail", containsString("wait for the storage host's answer"));

        assertEquals(3, customization(image, id).getInt("version"));
    }

    @Test
    void aFailedOrRevertedCustomizationHasNothingToRevert() {
        String image = readyImage(kafka, minimal());
        String failed = customized(image, "/etc/a", "VE");
        TestEvents.publish(kafka, failedAnswer(image, failed, "/etc/a", false, "no such file"));
        awaitStatus(image, failed, "FAILED");
        String reverted = applied(kafka, image, "/etc/b", CustomizationScope.ALL);
        revert(image, reverted).then().statusCode(202);
        TestEvents.publish(kafka, revertedAnswer(image, reverted, "/etc/b", List.of()));
        awaitStatus(image, reverted, "REVERTED");

        problem(revert(image, failed).then(), 409, "status", "revertable")
                .body("detail", containsString("nothing to revert"));
        problem(revert(image, reverted).then(), 409, "status", "revertable")
                .body("detail", containsString("nothing to revert"));

        assertEquals("FAILED", customization(image, failed).getString("status"));
        assertEquals("REVERTED", customization(image, reverted).getString("status"));
    }

    @Test
    void aFailedRevertMayBeAskedAgain() {
        String image = readyImage(kafka, minimal());
        String id = applied(kafka, image, "/etc/crontab", CustomizationScope.VE);
        revert(image, id).then().statusCode(202);
        TestEvents.publish(kafka, failedAnswer(image, id, "/etc/crontab", true, "/etc/crontab is no longer our link"));
        awaitStatus(image, id, "REVERT_FAILED");

        revert(image, id).then().statusCode(202).body("status", equalTo("REVERTING")).body("reason",
                nullValue());
    }

    // ---- 412

    @Test
    void aStaleIfMatchIsRefusedWhenReverting() {
        String image = readyImage(kafka, minimal());
        String id = applied(kafka, image, "/etc/crontab", CustomizationScope.VE);

        problem(operator().header("If-Match", "\"1\"").delete("/images/{id}/customizations/{cid}", image, id).then(),
                412, "If-Match", "current-version");

        assertEquals("APPLIED", customization(image, id).getString("status"));
    }

    private static long total(String image) {
        return viewer().get("/images/{id}/customizations", image).then().statusCode(200).extract().jsonPath()
                .getLong("total");
    }

    private static void notFound(ValidatableResponse response, String detail) {
        response.statusCode(404).contentType(PROBLEM_JSON)
                .body("type", equalTo("urn:sharedfs:problem:not-found"))
                .body("status", equalTo(404))
                .body("detail", containsString(detail));
    }
}
