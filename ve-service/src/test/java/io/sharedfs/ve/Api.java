package io.sharedfs.ve;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.emptyOrNullString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import io.sharedfs.contracts.image.ImageSpec;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/** The REST calls an operator or a viewer makes, and what every error answer looks like. */
public final class Api {

    public static final String PROBLEM_JSON = "application/problem+json";

    private Api() {
    }

    public static RequestSpecification operator() {
        return given().auth().preemptive().basic("operator", "operator").contentType(ContentType.JSON);
    }

    public static RequestSpecification viewer() {
        return given().auth().preemptive().basic("viewer", "viewer").contentType(ContentType.JSON);
    }

    public static RequestSpecification anonymous() {
        return given().contentType(ContentType.JSON);
    }

    public static Map<String, Object> veBody(String name, UUID imageId, boolean multiServer) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", name);
        body.put("imageId", imageId.toString());
        body.put("multiServer", multiServer);
        body.put("description", "a test VE");
        return body;
    }

    /** Creates a VE on the image and returns its id. */
    public static long createVe(ImageSpec image, boolean multiServer) {
        return operator().body(veBody(TestIds.name("ve"), image.imageId(), multiServer)).post("/ves")
                .then().statusCode(201).extract().jsonPath().getLong("id");
    }

    /** A multi-server VE on a fresh shared, READY image. */
    public static long multiServerVe() {
        return createVe(Images.sharedReady(), true);
    }

    public static Map<String, Object> nodeBody(String hostname, String address, String mac) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("hostname", hostname);
        body.put("address", address);
        if (mac != null) {
            body.put("mac", mac);
        }
        return body;
    }

    public static ValidatableResponse addNode(long veId, String hostname, String address) {
        return operator().body(nodeBody(hostname, address, null)).post("/ves/{ve}/nodes", veId).then();
    }

    /** Adds a node with a fresh hostname and address; returns its VEM id. */
    public static long addNode(long veId) {
        return addNode(veId, TestIds.hostname(), TestIds.ipv4()).statusCode(202).extract().jsonPath().getLong("vemId");
    }

    public static JsonPath ve(long veId) {
        return viewer().get("/ves/{ve}", veId).then().statusCode(200).extract().jsonPath();
    }

    public static String etag(long veId) {
        return viewer().get("/ves/{ve}", veId).then().statusCode(200).extract().header("ETag");
    }

    public static JsonPath node(long veId, long vemId) {
        return viewer().get("/ves/{ve}/nodes/{vem}", veId, vemId).then().statusCode(200).extract().jsonPath();
    }

    public static String state(long veId, long vemId) {
        return node(veId, vemId).getString("state");
    }

    public static int nodeCount(long veId) {
        return viewer().get("/ves/{ve}/nodes", veId).then().statusCode(200).extract().jsonPath().getList("$").size();
    }

    /** Asserts an RFC 9457 problem body naming the broken rule among its errors. */
    public static ValidatableResponse problem(ValidatableResponse response, int status, String field, String rule) {
        return problem(response, status)
                .body("errors.find { it.field == '" + field + "' }.rule", equalTo(rule))
                .body("errors.message", hasItem(not(emptyOrNullString())));
    }

    /** Asserts an RFC 9457 problem body with the status. */
    public static ValidatableResponse problem(ValidatableResponse response, int status) {
        return response.statusCode(status)
                .contentType(PROBLEM_JSON)
                .body("type", startsWith("urn:sharedfs:problem:"))
                .body("title", not(emptyOrNullString()))
                .body("status", equalTo(status))
                .body("detail", not(emptyOrNullString()));
    }
}
