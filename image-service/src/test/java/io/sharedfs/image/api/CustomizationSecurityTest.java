package io.sharedfs.image.api;

import static io.restassured.RestAssured.given;
import static io.sharedfs.image.TestCustomizations.applied;
import static io.sharedfs.image.TestCustomizations.customization;
import static io.sharedfs.image.TestCustomizations.readyImage;
import static io.sharedfs.image.TestCustomizations.request;
import static io.sharedfs.image.TestImages.PROBLEM_JSON;
import static io.sharedfs.image.TestImages.minimal;
import static io.sharedfs.image.TestImages.viewer;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import io.sharedfs.contracts.customization.CustomizationScope;
import io.sharedfs.testsupport.SharedfsInfrastructure;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/** Viewers read customizations, operators customize and revert; without credentials only a 401. */
@QuarkusTest
@WithTestResource(SharedfsInfrastructure.class)
class CustomizationSecurityTest {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String kafka;

    @Test
    void everyCallWithoutCredentialsIsUnauthorized() {
        String image = readyImage(kafka, minimal());
        String id = applied(kafka, image, "/etc/crontab", CustomizationScope.VE);

        unauthorized(anonymous().get("/images/{id}/customizations", image));
        unauthorized(anonymous().get("/images/{id}/customizations/{cid}", image, id));
        unauthorized(anonymous().body(request("/etc/motd", "VE", false)).post("/images/{id}/customizations", image));
        unauthorized(anonymous().delete("/images/{id}/customizations/{cid}", image, id));
        unauthorized(given().auth().preemptive().basic("operator", "wrong").contentType(ContentType.JSON)
                .delete("/images/{id}/customizations/{cid}", image, id));

        assertEquals("APPLIED", customization(image, id).getString("status"));
        assertEquals(1, total(image));
    }

    @Test
    void aViewerMayNotCustomizeOrRevert() {
        String image = readyImage(kafka, minimal());
        String id = applied(kafka, image, "/etc/crontab", CustomizationScope.VE);

        forbidden(viewer().body(request("/etc/motd", "VE", false)).post("/images/{id}/customizations", image));
        forbidden(viewer().delete("/images/{id}/customizations/{cid}", image, id));

        assertEquals("APPLIED", customization(image, id).getString("status"));
        assertEquals(2, customization(image, id).getInt("version"));
        assertEquals(1, total(image));
    }

    @Test
    void aViewerMayReadTheListAndOneCustomization() {
        String image = readyImage(kafka, minimal());
        String id = applied(kafka, image, "/etc/crontab", CustomizationScope.VE);

        viewer().get("/images/{id}/customizations", image).then().statusCode(200).body("items.id", contains(id));
        viewer().get("/images/{id}/customizations/{cid}", image, id).then().statusCode(200)
                .header("ETag", "\"2\"").body("status", equalTo("APPLIED"));
    }

    private static long total(String image) {
        return viewer().get("/images/{id}/customizations", image).then().extract().jsonPath().getLong("total");
    }

    private static RequestSpecification anonymous() {
        return given().contentType(ContentType.JSON);
    }

    private static void unauthorized(Response response) {
        response.then().statusCode(401)
                .header("WWW-Authenticate", startsWith("Basic"))
                .contentType(PROBLEM_JSON)
                .body("type", equalTo("urn:sharedfs:problem:unauthenticated"));
    }

    private static void forbidden(Response response) {
        response.then().statusCode(403)
                .contentType(PROBLEM_JSON)
                .body("type", equalTo("urn:sharedfs:problem:forbidden"));
    }
}
