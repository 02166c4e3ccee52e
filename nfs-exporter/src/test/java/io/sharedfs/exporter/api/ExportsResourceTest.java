package io.sharedfs.exporter.api;

import static io.sharedfs.exporter.TestNodes.added;
import static io.sharedfs.exporter.TestNodes.address;
import static io.sharedfs.exporter.TestNodes.expectedLines;
import static io.sharedfs.exporter.TestNodes.provisioned;
import static io.sharedfs.exporter.TestNodes.sharedImage;
import static io.sharedfs.exporter.TestNodes.veId;
import static io.sharedfs.exporter.api.Rest.PROBLEM_JSON;
import static io.sharedfs.exporter.api.Rest.anonymous;
import static io.sharedfs.exporter.api.Rest.operator;
import static io.sharedfs.exporter.api.Rest.viewer;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.sharedfs.contracts.export.NodeExported;
import io.sharedfs.contracts.node.ImageRef;
import io.sharedfs.exporter.Bus;
import io.sharedfs.exporter.ExportsFile;
import io.sharedfs.exporter.TestDb;
import io.sharedfs.testsupport.SharedfsInfrastructure;
import org.junit.jupiter.api.Test;

/** A viewer reads the installed table and how applying went; an operator may apply it now. */
@QuarkusTest
@WithTestResource(SharedfsInfrastructure.class)
class ExportsResourceTest {

    @Test
    void aViewerSeesTheInstalledLinesTheGenerationAndTheLastApply() {
        long ve = veId();
        String address = address();
        ImageRef image = sharedImage();
        Bus.publish(added(ve, 1, address, image));
        Bus.publish(provisioned(ve, 1, image));
        Bus.await(NodeExported.class, event -> event.veId() == ve);
        await().atMost(Bus.WAIT).until(TestDb::settled);

        JsonPath exports = viewer().get("/exports").then().statusCode(200)
                .body("storageHost", equalTo(Bus.storageHost()))
                .body("file", equalTo(ExportsFile.file().toString()))
                .body("pending", equalTo(false))
                .body("lastApply.result", equalTo("APPLIED"))
                .body("lastApply.finishedAt", notNullValue())
                .body("lastApply.message", startsWith("sh "))
                .body("lastApply.consecutiveFailures", equalTo(0))
                .body("lines", hasItems(expectedLines(ve, 1, address, image).toArray(new String[0])))
                .extract().jsonPath();
        assertEquals(exports.getLong("generation"), exports.getLong("appliedGeneration"));
        assertEquals(exports.getLong("generation"), exports.getLong("lastApply.generation"));
        assertEquals(exports.getList("lines").size(), exports.getInt("entries"));
    }

    @Test
    void anOperatorAppliesTheTableNowAndSeesTheOutcome() {
        int runs = ExportsFile.runs();

        JsonPath answer = operator().post("/exports/apply").then().statusCode(200)
                .body("run.status", equalTo("APPLIED"))
                .body("exports.lastApply.result", equalTo("APPLIED"))
                .extract().jsonPath();

        assertEquals(answer.getLong("exports.generation"), answer.getLong("run.generation"));
        assertTrue(ExportsFile.runs() > runs, "the apply command ran");
    }

    @Test
    void anOperatorSeesAFailedApplyAsSuch() {
        ExportsFile.failWith("exportfs: simulated failure");
        try {
            operator().post("/exports/apply").then().statusCode(200)
                    .body("run.status", equalTo("FAILED"))
                    .body("exports.lastApply.result", equalTo("FAILED"))
                    .body("exports.lastApply.message", org.hamcrest.Matchers.containsString("simulated failure"));
        } finally {
            ExportsFile.succeed();
        }
        operator().post("/exports/apply").then().statusCode(200).body("run.status", equalTo("APPLIED"));
    }

    @Test
    void readingNeedsALoginAndApplyingNeedsAnOperator() {
        anonymous().get("/exports").then().statusCode(401).contentType(PROBLEM_JSON)
                .body("status", equalTo(401));
        anonymous().post("/exports/apply").then().statusCode(401).contentType(PROBLEM_JSON);
        viewer().post("/exports/apply").then().statusCode(403).contentType(PROBLEM_JSON)
                .body("detail", equalTo("this call changes something and needs the operator role"));
    }
}
