package io.sharedfs.exporter.api;

import static io.restassured.RestAssured.given;
import static io.sharedfs.exporter.TestNodes.added;
import static io.sharedfs.exporter.TestNodes.provisioned;
import static io.sharedfs.exporter.TestNodes.sharedImage;
import static io.sharedfs.exporter.TestNodes.veId;
import static io.sharedfs.exporter.api.Rest.PROBLEM_JSON;
import static io.sharedfs.exporter.api.Rest.viewer;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.config.HttpClientConfig;
import io.restassured.specification.RequestSpecification;
import io.sharedfs.contracts.boot.BootStage;
import io.sharedfs.contracts.boot.NodeBootFailed;
import io.sharedfs.contracts.boot.NodeBooted;
import io.sharedfs.contracts.export.NodeExported;
import io.sharedfs.contracts.node.ImageRef;
import io.sharedfs.exporter.Bus;
import io.sharedfs.exporter.TestNodes;
import io.sharedfs.testsupport.SharedfsInfrastructure;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A booting node, calling from its own address without credentials, reads its own mount table and reports
 * how far its boot got; any other address learns nothing.
 */
@QuarkusTest
@WithTestResource(SharedfsInfrastructure.class)
class BootResourceTest {

    @Test
    void aNodeReadsItsOwnMountTableFromItsOwnAddress() {
        Exported node = exportedNode();

        String fstab = from(node.address).get("/boot/fstab").then().statusCode(200)
                .contentType(containsString("text/plain")).extract().asString();
        List<Object> mounts = from(node.address).get("/boot/mounts").then().statusCode(200).extract().jsonPath()
                .getList("$");

        assertEquals(viewer().get("/nodes/{ve}/{vem}/fstab", node.ve, 1).then().statusCode(200).extract().asString(),
                fstab);
        assertEquals(viewer().get("/nodes/{ve}/{vem}/mounts", node.ve, 1).then().extract().jsonPath().getList("$"),
                mounts);
        from(node.address).queryParam("node", node.ve + "/1").get("/boot/fstab").then().statusCode(200)
                .body(equalTo(fstab));
    }

    @Test
    void anAddressThatIsNoExportedNodeGets404AndLearnsNothingOfTheNodes() {
        Exported node = exportedNode();
        String waiting = loopback();
        ImageRef image = sharedImage();
        long ve = veId();
        Bus.publishAndAwait(added(ve, 1, waiting, image));

        for (String stranger : List.of(loopback(), waiting)) {
            String body = from(stranger).get("/boot/fstab").then().statusCode(404).contentType(PROBLEM_JSON)
                    .extract().asString();
            assertFalse(body.contains(node.address) || body.contains(String.valueOf(node.ve)), body);
            from(stranger).formParam("stage", "booted").post("/boot/report").then().statusCode(404)
                    .contentType(PROBLEM_JSON);
        }
        from(node.address).queryParam("node", node.ve + "/2").get("/boot/mounts").then().statusCode(404);
        from(node.address).queryParam("node", "../etc").get("/boot/mounts").then().statusCode(400)
                .contentType(PROBLEM_JSON).body("errors[0].field", equalTo("node"));
    }

    @Test
    void aReportBecomesAnEventAndTheSameStageAgainTooSoonIsRefused() {
        Exported node = exportedNode();

        from(node.address).formParam("stage", "mounted").post("/boot/report").then().statusCode(202)
                .body("stage", equalTo("mounted"));
        NodeBooted booted = Bus.await(NodeBooted.class, e -> e.veId() == node.ve);
        assertEquals(BootStage.MOUNTED, booted.stage());
        assertEquals(node.address, booted.address());
        from(node.address).formParam("stage", "mounted").post("/boot/report").then().statusCode(429)
                .contentType(PROBLEM_JSON);

        from(node.address).contentType("application/json").body("{\"stage\":\"failed\",\"error\":\"mount /var:\\u001b[31m"
                + " timed out\\n\\nretrying\"}").post("/boot/report").then().statusCode(202);
        NodeBootFailed failed = Bus.await(NodeBootFailed.class, e -> e.veId() == node.ve);
        assertEquals("mount /var: [31m timed out retrying", failed.error());
    }

    @Test
    void aReportThatBreaksTheRulesIsRefusedAndPublishesNothing() {
        Exported node = exportedNode();

        from(node.address).formParam("stage", "rebooted").post("/boot/report").then().statusCode(400)
                .contentType(PROBLEM_JSON).body("errors[0].field", equalTo("stage"));
        from(node.address).formParam("stage", "failed").post("/boot/report").then().statusCode(400)
                .body("errors[0].field", equalTo("error"));
        from(node.address).formParam("stage", "booted").formParam("error", "none").post("/boot/report").then()
                .statusCode(400).body("errors[0].field", equalTo("error"));

        from(node.address).queryParam("node", node.ve + "/1").formParam("node", node.ve + "/2")
                .formParam("stage", "booted").post("/boot/report").then().statusCode(400)
                .body("errors[0].field", equalTo("node"));
        from(node.address).queryParam("node", node.ve + "/1").formParam("stage", "booted").post("/boot/report")
                .then().statusCode(202);
        NodeBooted first = Bus.await(NodeBooted.class, e -> e.veId() == node.ve);
        assertEquals(BootStage.BOOTED, first.stage(), "the first event of the node is the valid report's");
    }

    /** A node of a fresh VE, exported to a loopback address of its own. */
    private static Exported exportedNode() {
        long ve = veId();
        String address = loopback();
        ImageRef image = sharedImage();
        Bus.publish(added(ve, 1, address, image));
        Bus.publish(provisioned(ve, 1, image));
        Bus.await(NodeExported.class, e -> e.veId() == ve);
        return new Exported(ve, address);
    }

    private record Exported(long ve, String address) {
    }

    /** An address of 127.0.0.0/8 no other node of this run has: every one of them is this machine. */
    private static String loopback() {
        return "127." + TestNodes.address().substring("10.".length());
    }

    /** Calls made from that source address, as the node there would make them. */
    private static RequestSpecification from(String address) {
        try {
            InetAddress source = InetAddress.getByName(address);
            return given().config(RestAssured.config().httpClient(HttpClientConfig.httpClientConfig()
                    .setParam("http.route.local-address", source)));
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
