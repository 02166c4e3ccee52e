package io.sharedfs.ve.api;

import static io.restassured.RestAssured.given;
import static io.sharedfs.ve.Api.anonymous;
import static io.sharedfs.ve.Api.nodeBody;
import static io.sharedfs.ve.Api.problem;
import static io.sharedfs.ve.Api.veBody;
import static io.sharedfs.ve.Api.viewer;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import io.sharedfs.contracts.image.ImageSpec;
import io.sharedfs.contracts.provisioning.NodeProvisioningFailed;
import io.sharedfs.testsupport.SharedfsInfrastructure;
import io.sharedfs.ve.Api;
import io.sharedfs.ve.Bus;
import io.sharedfs.ve.CustomizedVe;
import io.sharedfs.ve.Files;
import io.sharedfs.ve.Images;
import io.sharedfs.ve.TestDb;
import io.sharedfs.ve.TestIds;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** Reading needs a viewer, every change needs an operator; refusals are problem+json and change nothing. */
@QuarkusTest
@WithTestResource(SharedfsInfrastructure.class)
class SecurityTest {

    @Test
    void withoutCredentialsEveryCallIs401WithAChallenge() {
        long ve = Api.multiServerVe();
        long vem = Api.addNode(ve);
        for (Function<RequestSpecification, Response> call : calls(ve, vem)) {
            problem(call.apply(anonymous()).then(), 401)
                    .header("WWW-Authenticate", containsString("Basic"));
        }
        assertUnchanged(ve, vem);
    }

    @Test
    void wrongCredentialsAre401() {
        long ve = Api.multiServerVe();
        problem(given().auth().preemptive().basic("operator", "wrong")
                .contentType(ContentType.JSON).get("/ves/{ve}", ve).then(), 401);
        problem(given().auth().preemptive().basic("nobody", "nobody")
                .contentType(ContentType.JSON).get("/ves").then(), 401);
    }

    @Test
    void aViewerIs403OnEveryChangeAndNothingChanges() {
        ImageSpec image = Images.sharedReady();
        long ve = Api.createVe(image, true);
        long vem = Api.addNode(ve);
        Bus.publishAndAwait(new NodeProvisioningFailed(ve, vem, 1, "disk full"));
        int events = TestDb.outboxForKey(Long.toString(ve)).size();
        String name = TestIds.name("viewer-made");

        problem(viewer().body(veBody(name, image.imageId(), true)).post("/ves").then(), 403);
        problem(viewer().body(Map.of("description", "by a viewer")).patch("/ves/{ve}", ve).then(), 403);
        problem(viewer().delete("/ves/{ve}", ve).then(), 403);
        problem(viewer().body(nodeBody(TestIds.hostname(), TestIds.ipv4(), null)).post("/ves/{ve}/nodes", ve)
                .then(), 403);
        problem(viewer().delete("/ves/{ve}/nodes/{vem}?purge=true", ve, vem).then(), 403);
        problem(viewer().post("/ves/{ve}/nodes/{vem}/retry", ve, vem).then(), 403);

        assertEquals(events, TestDb.outboxForKey(Long.toString(ve)).size(), "nothing published");
        assertEquals(List.of(), TestDb.outboxMentioning(name));
        viewer().get("/ves/{ve}", ve).then().statusCode(200).body("version", equalTo(1))
                .body("description", equalTo("a test VE"));
        viewer().get("/ves/{ve}/nodes/{vem}", ve, vem).then().statusCode(200).body("state", equalTo("FAILED"))
                .body("attempt", equalTo(1));
        assertEquals(1, Api.nodeCount(ve));
    }

    @Test
    void aViewerReadsEverything() {
        long ve = Api.multiServerVe();
        long vem = Api.addNode(ve);
        viewer().get("/ves").then().statusCode(200);
        viewer().get("/ves/{ve}", ve).then().statusCode(200);
        viewer().get("/ves/{ve}/nodes", ve).then().statusCode(200).body("size()", equalTo(1));
        viewer().get("/ves/{ve}/nodes/{vem}", ve, vem).then().statusCode(200).body("vemId", equalTo((int) vem));
    }

    @Test
    void customFilesNeedAViewerToReadAndAnOperatorToUpload() {
        CustomizedVe setup = CustomizedVe.create();
        long ve = setup.ve();
        long vem = setup.vem();
        Files.put(ve, null, CustomizedVe.CRONTAB, "by the operator\n").statusCode(201);
        byte[] attempt = "by someone else\n".getBytes(StandardCharsets.UTF_8);
        for (Long node : new Long[] {null, vem}) {
            String path = node == null ? CustomizedVe.CRONTAB : CustomizedVe.HOSTNAME;
            problem(given().contentType(Files.OCTETS).queryParam("path", path).body(attempt)
                    .put(Files.url(ve, node)).then(), 401).header("WWW-Authenticate", containsString("Basic"));
            problem(given().queryParam("path", path).get(Files.url(ve, node)).then(), 401);
            problem(given().get(Files.url(ve, node)).then(), 401);
            problem(Files.viewer().contentType(Files.OCTETS).queryParam("path", path).body(attempt)
                    .put(Files.url(ve, node)).then(), 403);
            Files.viewer().get(Files.url(ve, node)).then().statusCode(200);
        }
        assertEquals("by the operator\n", new String(Files.content(ve, null, CustomizedVe.CRONTAB),
                StandardCharsets.UTF_8));
        assertEquals(1, Files.uploaded(ve).size());
        Files.viewer().get(Files.url(ve, vem)).then().body("size()", equalTo(0));
    }

    private static List<Function<RequestSpecification, Response>> calls(long ve, long vem) {
        return List.of(
                r -> r.get("/ves"),
                r -> r.get("/ves/{ve}", ve),
                r -> r.body(veBody(TestIds.name("anon"), UUID.randomUUID(), false)).post("/ves"),
                r -> r.body(Map.of("description", "anon")).patch("/ves/{ve}", ve),
                r -> r.delete("/ves/{ve}", ve),
                r -> r.get("/ves/{ve}/nodes", ve),
                r -> r.get("/ves/{ve}/nodes/{vem}", ve, vem),
                r -> r.body(nodeBody(TestIds.hostname(), TestIds.ipv4(), null)).post("/ves/{ve}/nodes", ve),
                r -> r.delete("/ves/{ve}/nodes/{vem}", ve, vem),
                r -> r.post("/ves/{ve}/nodes/{vem}/retry", ve, vem));
    }

    private static void assertUnchanged(long ve, long vem) {
        assertEquals(1, Api.ve(ve).getLong("version"));
        assertEquals(1, Api.nodeCount(ve));
        assertEquals("PROVISIONING", Api.state(ve, vem));
    }
}
