package io.sharedfs.provisioner.api;

import static io.restassured.RestAssured.given;
import static io.sharedfs.provisioner.TestNodes.WAIT;
import static io.sharedfs.provisioner.TestNodes.added;
import static io.sharedfs.provisioner.TestNodes.jobs;
import static io.sharedfs.provisioner.TestNodes.untilOutcome;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import io.sharedfs.contracts.node.ImageRef;
import io.sharedfs.provisioner.TestNodes;
import io.sharedfs.provisioner.TestNodes.JobRow;
import io.sharedfs.provisioner.TestNodes.NodeEvent;
import io.sharedfs.testsupport.SharedfsInfrastructure;
import io.sharedfs.testsupport.TestEvents;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * Viewers read the agent's jobs and what is on disk for a node; operators retry a FAILED job,
 * which then runs again; nothing else can be retried; no credentials, no access.
 */
@QuarkusTest
@WithTestResource(SharedfsInfrastructure.class)
class JobAndTreeResourceTest {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String kafka;

    @Test
    void jobsAreListedByStateAndReadOneByOne() {
        long ve = TestNodes.nextVe();
        Path root = TestNodes.preparedImage("jobs");
        TestEvents.publish(kafka, added(ve, 1, 1, TestNodes.ref(root, true)));
        untilOutcome(kafka, ve, 1, 1);
        long id = jobs(ve, 1).get(0).id();

        viewer().queryParam("state", "DONE").queryParam("size", 500).get("/jobs").then()
                .statusCode(200)
                .body("id", hasItem((int) id))
                .body("state", not(hasItem("FAILED")));
        viewer().queryParam("state", "failed").queryParam("size", 500).get("/jobs").then()
                .statusCode(200)
                .body("id", not(hasItem((int) id)));
        viewer().get("/jobs/" + id).then()
                .statusCode(200)
                .body("id", equalTo((int) id))
                .body("kind", equalTo("PROVISION"))
                .body("veId", equalTo((int) ve))
                .body("vemId", equalTo(1))
                .body("attempt", equalTo(1))
                .body("rootPath", equalTo(root.toString()))
                .body("state", equalTo("DONE"));
    }

    @Test
    void badQueriesAndUnknownJobsAreAnsweredWithProblems() {
        viewer().queryParam("state", "SLEEPING").get("/jobs").then()
                .statusCode(400)
                .contentType(containsString("application/problem+json"))
                .body("detail", containsString("state must be one of"));
        viewer().queryParam("size", 0).get("/jobs").then().statusCode(400);
        viewer().get("/jobs/999999999").then()
                .statusCode(404)
                .contentType(containsString("application/problem+json"));
        operator().post("/jobs/999999999/retry").then().statusCode(404);
    }

    @Test
    void onlyAFailedJobCanBeRetried() {
        long ve = TestNodes.nextVe();
        Path root = TestNodes.preparedImage("retry-done");
        TestEvents.publish(kafka, added(ve, 1, 1, TestNodes.ref(root, true)));
        untilOutcome(kafka, ve, 1, 1);
        long id = jobs(ve, 1).get(0).id();

        operator().post("/jobs/" + id + "/retry").then()
                .statusCode(409)
                .contentType(containsString("application/problem+json"))
                .body("detail", equalTo("only a FAILED job can be retried; job " + id + " is DONE"));
        assertEquals("DONE", jobs(ve, 1).get(0).state());
    }

    @Test
    void anOperatorRetriesAFailedJobAndItRunsAgain() {
        long ve = TestNodes.nextVe();
        // Not prepared yet: the job fails, the operator prepares the layout, then retries.
        Path root = TestNodes.smallImage("retry-failed");
        ImageRef ref = TestNodes.ref(root, true);
        TestEvents.publish(kafka, added(ve, 1, 1, ref));
        untilOutcome(kafka, ve, 1, 1);
        JobRow failed = jobs(ve, 1).get(0);
        assertEquals("FAILED", failed.state());
        viewer().queryParam("state", "FAILED").queryParam("size", 500).get("/jobs").then()
                .statusCode(200)
                .body("id", hasItem((int) failed.id()));
        viewer().get("/jobs/" + failed.id()).then()
                .body("reason", equalTo("the image has no /private directory; its layout is not prepared"
                        + " (is it marked shared?)"));

        viewer().post("/jobs/" + failed.id() + "/retry").then().statusCode(403);
        given().post("/jobs/" + failed.id() + "/retry").then().statusCode(401);
        assertEquals("FAILED", jobs(ve, 1).get(0).state(), "refused retries change nothing");

        TestNodes.prepareLayout(root);
        operator().post("/jobs/" + failed.id() + "/retry").then()
                .statusCode(200)
                .body("id", equalTo((int) failed.id()));

        await().atMost(WAIT).until(() -> jobs(ve, 1).get(0).state().equals("DONE"));
        List<NodeEvent> events = TestNodes.provisioningEvents(kafka, ve, 1,
                all -> TestNodes.types(all).contains("NodeProvisioned"));
        assertEquals(List.of("NodeProvisioningFailed", "PrivateTreeCreated", "InitVemHookRan", "NodeProvisioned"),
                TestNodes.types(events));
        assertTrue(Files.isDirectory(TestNodes.tree(root, ve, 1)));
    }

    @Test
    void aTreeIsDescribedFromWhatIsOnDisk() throws Exception {
        long ve = TestNodes.nextVe();
        Path root = TestNodes.preparedImage("tree");
        TestEvents.publish(kafka, added(ve, 1, 1, TestNodes.ref(root, true)));
        untilOutcome(kafka, ve, 1, 1);
        Path tree = TestNodes.tree(root, ve, 1);
        Files.writeString(tree.resolve("custom/notes"), "12345678\n");

        // var, var/log and etc copied, custom made, plus the tree itself; 4 files of 3, 5, 10 and 9 bytes.
        viewer().get("/trees/" + ve + "/1").then()
                .statusCode(200)
                .body("veId", equalTo((int) ve))
                .body("vemId", equalTo(1))
                .body("path", equalTo(tree.toString()))
                .body("exists", equalTo(true))
                .body("directories", equalTo(5))
                .body("files", equalTo(4))
                .body("bytes", equalTo(27))
                .body("entries.name", equalTo(List.of("custom", "etc", "var")))
                .body("entries.type", equalTo(List.of("directory", "directory", "directory")))
                .body("entries.files", equalTo(List.of(1, 2, 1)))
                .body("entries.bytes", equalTo(List.of(9, 15, 3)));
    }

    @Test
    void aTreeThatIsGoneOrNeverWasIsSaidSo() throws Exception {
        long ve = TestNodes.nextVe();
        Path root = TestNodes.preparedImage("tree-gone");
        TestEvents.publish(kafka, added(ve, 1, 1, TestNodes.ref(root, true)));
        untilOutcome(kafka, ve, 1, 1);
        io.sharedfs.provisioner.fs.Durable.deleteTree(TestNodes.tree(root, ve, 1));

        viewer().get("/trees/" + ve + "/1").then()
                .statusCode(200)
                .body("exists", equalTo(false))
                .body("files", equalTo(0));
        viewer().get("/trees/" + ve + "/2").then().statusCode(404);
        viewer().get("/trees/0/1").then().statusCode(400);
    }

    @Test
    void readingNeedsCredentials() {
        given().get("/jobs").then().statusCode(401);
        given().get("/jobs/1").then().statusCode(401);
        given().get("/trees/1/1").then().statusCode(401);
        given().auth().preemptive().basic("viewer", "wrong").get("/jobs").then().statusCode(401);
    }

    private static RequestSpecification viewer() {
        return given().auth().preemptive().basic("viewer", "viewer");
    }

    private static RequestSpecification operator() {
        return given().auth().preemptive().basic("operator", "operator");
    }
}
