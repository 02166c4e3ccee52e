package io.sharedfs.image;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.emptyOrNullString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Fresh image names and root paths per test, so tests sharing one broker and one database never
 * see each other's images, and the REST calls an operator or a viewer makes.
 */
public final class TestImages {

    public static final String PROBLEM_JSON = "application/problem+json";

    private static final AtomicLong NEXT = new AtomicLong(ThreadLocalRandom.current().nextLong(1, 1L << 40) * 1000);

    private TestImages() {
    }

    /** A token no other test uses: image names and root paths are built from it. */
    public static String unique() {
        return "t" + NEXT.incrementAndGet();
    }

    /** A VE id no other test uses. */
    public static long veId() {
        return NEXT.incrementAndGet();
    }

    /** A valid new image's body with only the required fields: everything else takes its default. */
    public static Map<String, Object> minimal() {
        String unique = unique();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", "img-" + unique);
        body.put("rootPath", "/srv/images/" + unique);
        return body;
    }

    public static RequestSpecification operator() {
        return given().auth().preemptive().basic("operator", "operator").contentType(ContentType.JSON);
    }

    public static RequestSpecification viewer() {
        return given().auth().preemptive().basic("viewer", "viewer").contentType(ContentType.JSON);
    }

    /** Registers the image and returns its id. */
    public static String create(Map<String, Object> body) {
        return operator().body(body).post("/images").then().statusCode(201).extract().path("id");
    }

    /** The image as GET shows it. */
    public static JsonPath get(String id) {
        return viewer().get("/images/{id}", id).then().statusCode(200).extract().jsonPath();
    }

    /** The image's current ETag, e.g. {@code "3"}. */
    public static String etag(String id) {
        return viewer().get("/images/{id}", id).then().statusCode(200).extract().header("ETag");
    }

    /** How many images there are in all. */
    public static long total() {
        return viewer().get("/images?size=1").then().statusCode(200).extract().jsonPath().getLong("total");
    }

    /** Asserts an RFC 9457 problem body with one error naming the field and the rule. */
    public static ValidatableResponse problem(ValidatableResponse response, int status, String field, String rule) {
        return response.statusCode(status)
                .contentType(PROBLEM_JSON)
                .body("type", startsWith("urn:sharedfs:problem:"))
                .body("title", not(emptyOrNullString()))
                .body("status", equalTo(status))
                .body("detail", not(emptyOrNullString()))
                .body("errors.size()", equalTo(1))
                .body("errors[0].field", equalTo(field))
                .body("errors[0].rule", equalTo(rule))
                .body("errors[0].message", not(emptyOrNullString()));
    }
}
