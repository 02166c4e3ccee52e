package io.sharedfs.image.api;

import static io.restassured.RestAssured.given;
import static io.sharedfs.image.TestImages.PROBLEM_JSON;
import static io.sharedfs.image.TestImages.create;
import static io.sharedfs.image.TestImages.get;
import static io.sharedfs.image.TestImages.minimal;
import static io.sharedfs.image.TestImages.total;
import static io.sharedfs.image.TestImages.viewer;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import io.sharedfs.testsupport.SharedfsInfrastructure;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Viewers read, operators change; without credentials nothing is answered but a 401. */
@QuarkusTest
@WithTestResource(SharedfsInfrastructure.class)
class ImageSecurityTest {

    @Test
    void everyCallWithoutCredentialsIsUnauthorizedWithABasicChallenge() {
        Map<String, Object> body = minimal();
        String id = create(body);
        long before = total();

        unauthorized(anonymous().get("/images"));
        unauthorized(anonymous().get("/images/{id}", id));
        unauthorized(anonymous().body(minimal()).post("/images"));
        unauthorized(anonymous().body(body).put("/images/{id}", id));
        unauthorized(anonymous().body(Map.of("shared", true)).patch("/images/{id}", id));
        unauthorized(anonymous().delete("/images/{id}", id));

        assertEquals(before, total());
        assertEquals(1, get(id).getInt("version"));
    }

    @Test
    void aWrongPasswordIsUnauthorized() {
        unauthorized(given().auth().preemptive().basic("operator", "wrong").contentType(ContentType.JSON)
                .body(minimal()).post("/images"));
        unauthorized(given().auth().preemptive().basic("nobody", "nobody").get("/images"));
    }

    @Test
    void aViewerMayNotChangeAnything() {
        Map<String, Object> body = minimal();
        String id = create(body);
        Map<String, Object> other = minimal();
        long before = total();

        forbidden(viewer().body(other).post("/images"));
        forbidden(viewer().body(body).put("/images/{id}", id));
        forbidden(viewer().body(Map.of("shared", true)).patch("/images/{id}", id));
        forbidden(viewer().delete("/images/{id}", id));

        assertEquals(before, total());
        viewer().get("/images?name={name}", other.get("name")).then().body("total", equalTo(0));
        JsonPath image = get(id);
        assertEquals(1, image.getInt("version"));
        assertEquals(false, image.getBoolean("shared"));
    }

    @Test
    void aViewerMayReadTheListAndOneImage() {
        Map<String, Object> body = minimal();
        String id = create(body);

        viewer().get("/images?name={name}", body.get("name")).then().statusCode(200)
                .body("total", equalTo(1))
                .body("items[0].id", equalTo(id));
        viewer().get("/images/{id}", id).then().statusCode(200)
                .header("ETag", "\"1\"")
                .body("name", equalTo(body.get("name")));
    }

    private static RequestSpecification anonymous() {
        return given().contentType(ContentType.JSON);
    }

    private static void unauthorized(io.restassured.response.Response response) {
        ValidatableResponse then = response.then();
        then.statusCode(401)
                .header("WWW-Authenticate", org.hamcrest.Matchers.startsWith("Basic"))
                .contentType(PROBLEM_JSON)
                .body("status", equalTo(401))
                .body("type", equalTo("urn:sharedfs:problem:unauthenticated"));
    }

    private static void forbidden(io.restassured.response.Response response) {
        response.then().statusCode(403)
                .contentType(PROBLEM_JSON)
                .body("status", equalTo(403))
                .body("type", equalTo("urn:sharedfs:problem:forbidden"));
    }
}
