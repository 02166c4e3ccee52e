package io.sharedfs.image.api;

import static io.sharedfs.image.TestCustomizations.applied;
import static io.sharedfs.image.TestCustomizations.awaitStatus;
import static io.sharedfs.image.TestCustomizations.customized;
import static io.sharedfs.image.TestCustomizations.failedAnswer;
import static io.sharedfs.image.TestCustomizations.readyImage;
import static io.sharedfs.image.TestCustomizations.revert;
import static io.sharedfs.image.TestCustomizations.revertedAnswer;
import static io.sharedfs.image.TestImages.get;
import static io.sharedfs.image.TestImages.minimal;
import static io.sharedfs.image.TestImages.operator;
import static io.sharedfs.image.TestImages.problem;
import static io.sharedfs.image.TestImages.viewer;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.sharedfs.contracts.customization.CustomizationScope;
import io.sharedfs.testsupport.SharedfsInfrastructure;
import io.sharedfs.testsupport.TestEvents;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * While an image has live customizations (REQUESTED, APPLIED, REVERTING, REVERT_FAILED) its files are, or
 * may become, links into /custom: it cannot be deleted, moved or unshared; FAILED and REVERTED ones are
 * history and hold nothing back.
 */
@QuarkusTest
@WithTestResource(SharedfsInfrastructure.class)
class LiveCustomizationsProtectTheImageTest {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String kafka;

    @Test
    void anImageWithARequestedCustomizationCannotBeDeletedMovedOrUnsharedAndTheProblemNamesIt() {
        Map<String, Object> body = minimal();
        String image = readyImage(kafka, body);
        String id = customized(image, "/etc/crontab", "VE");
        int version = get(image).getInt("version");

        refusedEverything(image, body, id);

        JsonPath unchanged = get(image);
        assertEquals(version, unchanged.getInt("version"));
        assertEquals(true, unchanged.getBoolean("shared"));
        assertEquals(body.get("rootPath"), unchanged.getString("rootPath"));
        operator().body(Map.of("description", "still editable")).patch("/images/{id}", image).then().statusCode(200);
    }

    @Test
    void appliedRevertingAndRevertFailedCustomizationsHoldTheImageToo() {
        Map<String, Object> body = minimal();
        String image = readyImage(kafka, body);
        String id = applied(kafka, image, "/etc/crontab", CustomizationScope.NODE);
        refusedEverything(image, body, id);

        revert(image, id).then().statusCode(202);
        refusedEverything(image, body, id);

        TestEvents.publish(kafka, failedAnswer(image, id, "/etc/crontab", true, "changed by hand"));
        awaitStatus(image, id, "REVERT_FAILED");
        refusedEverything(image, body, id);
    }

    @Test
    void everyLiveCustomizationIsNamed() {
        Map<String, Object> body = minimal();
        String image = readyImage(kafka, body);
        String first = customized(image, "/etc/a", "VE");
        String second = applied(kafka, image, "/etc/b", CustomizationScope.ALL);

        problem(operator().delete("/images/{id}", image).then(), 409, "id", "no-live-customizations")
                .body("detail", containsString(first + " (/etc/a, REQUESTED)"))
                .body("detail", containsString(second + " (/etc/b, APPLIED)"));
    }

    @Test
    void failedAndRevertedCustomizationsDoNotHoldTheImage() {
        Map<String, Object> body = minimal();
        String image = readyImage(kafka, body);
        String failed = customized(image, "/etc/a", "VE");
        TestEvents.publish(kafka, failedAnswer(image, failed, "/etc/a", false, "no such file"));
        awaitStatus(image, failed, "FAILED");
        String reverted = applied(kafka, image, "/etc/b", CustomizationScope.VE);
        revert(image, reverted).then().statusCode(202);
        TestEvents.publish(kafka, revertedAnswer(image, reverted, "/etc/b", List.of()));
        awaitStatus(image, reverted, "REVERTED");

        operator().body(Map.of("rootPath", body.get("rootPath") + "/v2")).patch("/images/{id}", image).then()
                .statusCode(200).body("rootPath", equalTo(body.get("rootPath") + "/v2"));
        operator().body(Map.of("shared", false)).patch("/images/{id}", image).then().statusCode(200)
                .body("shared", equalTo(false));
        operator().delete("/images/{id}", image).then().statusCode(204);

        viewer().get("/images/{id}/customizations", image).then().statusCode(404);
    }

    private static void refusedEverything(String image, Map<String, Object> body, String id) {
        problem(operator().delete("/images/{id}", image).then(), 409, "id", "no-live-customizations")
                .body("detail", containsString(id))
                .body("detail", containsString("delete the image"));
        problem(operator().body(Map.of("shared", false)).patch("/images/{id}", image).then(),
                409, "shared", "no-live-customizations")
                .body("detail", containsString(id))
                .body("detail", containsString("turn shared off"));
        Map<String, Object> moved = new LinkedHashMap<>(body);
        moved.put("rootPath", body.get("rootPath") + "/moved");
        problem(operator().body(moved).put("/images/{id}", image).then(), 409, "rootPath", "no-live-customizations")
                .body("detail", containsString(id))
                .body("detail", containsString("move the image"));
    }
}
