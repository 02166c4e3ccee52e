package io.sharedfs.exporter.api;

import static io.restassured.RestAssured.given;

import io.restassured.specification.RequestSpecification;

/** REST calls as an operator, a viewer or nobody makes them. */
final class Rest {

    static final String PROBLEM_JSON = "application/problem+json";

    private Rest() {
    }

    static RequestSpecification operator() {
        return given().auth().preemptive().basic("operator", "operator");
    }

    static RequestSpecification viewer() {
        return given().auth().preemptive().basic("viewer", "viewer");
    }

    static RequestSpecification anonymous() {
        return given();
    }
}
