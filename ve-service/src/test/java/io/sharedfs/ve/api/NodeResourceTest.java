package io.sharedfs.ve.api;

import static io.sharedfs.ve.Api.nodeBody;
import static io.sharedfs.ve.Api.operator;
import static io.sharedfs.ve.Api.problem;
import static io.sharedfs.ve.Api.viewer;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.sharedfs.contracts.EventJson;
import io.sharedfs.contracts.export.NodeUnexported;
import io.sharedfs.contracts.node.NodeAdded;
import io.sharedfs.contracts.node.NodeRemoved;
import io.sharedfs.contracts.provisioning.NodeProvisioningFailed;
import io.sharedfs.testsupport.SharedfsInfrastructure;
import io.sharedfs.ve.Api;
import io.sharedfs.ve.Bus;
import io.sharedfs.ve.Images;
import io.sharedfs.ve.TestDb;
import io.sharedfs.ve.TestIds;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Nodes over REST: added and removed asynchronously (202), retried when failed, listed with their history. */
@QuarkusTest
@WithTestResource(SharedfsInfrastructure.class)
class NodeResourceTest {

    @Test
    void addingANodeAnswers202InProvisioningWithItsVemIdAndLocation() {
        long ve = Api.multiServerVe();
        String hostname = TestIds.hostname();
        String address = TestIds.ipv4();
        Response added = operator().body(nodeBody(hostname.toUpperCase(), address, "52-54-00-AB-CD-EF"))
                .post("/ves/{ve}/nodes", ve);
        added.then().statusCode(202)
                .body("veId", equalTo((int) ve))
                .body("vemId", equalTo(1))
                .body("hostname", equalTo(hostname))
                .body("address", equalTo(address))
                .body("mac", equalTo("52:54:00:ab:cd:ef"))
                .body("state", equalTo("PROVISIONING"))
                .body("attempt", equalTo(1))
                .body("stateSince", notNullValue())
                .body("removeRequested", is(false))
                .body("self", equalTo("/ves/" + ve + "/nodes/1"))
                .body("history.state", equalTo(List.of("PROVISIONING")));
        assertTrue(added.header("Location").endsWith("/ves/" + ve + "/nodes/1"), added.header("Location"));
        viewer().get(added.header("Location")).then().statusCode(200).body("hostname", equalTo(hostname));
    }

    @Test
    void anIpv6AddressIsStoredInItsCanonicalForm() {
        long ve = Api.multiServerVe();
        String address = TestIds.ipv6();
        String longForm = address.replace("fd00::", "FD00:0000:0000:0000:0000:0000:");
        Api.addNode(ve, TestIds.hostname(), longForm).statusCode(202).body("address", equalTo(address))
                .body("mac", nullValue());
    }

    @Test
    void vemIdsGrowAndAreNeverReused() {
        long ve = Api.multiServerVe();
        long first = Api.addNode(ve);
        long second = Api.addNode(ve);
        assertEquals(List.of(1L, 2L), List.of(first, second));

        operator().delete("/ves/{ve}/nodes/{vem}", ve, second).then().statusCode(202);
        Bus.publishAndAwait(new NodeUnexported(ve, second, "192.0.2.1", Images.STORAGE_HOST, 7));
        assertEquals("REMOVED", Api.state(ve, second));

        long third = Api.addNode(ve);
        assertEquals(3, third, "a new node never takes the VEM id (and the private tree) of a removed one");

        // Another VE counts its own VEM ids.
        assertEquals(1, Api.addNode(Api.multiServerVe()));
    }

    @Test
    void theNodeListHoldsEveryNodeByVemIdRemovedOnesIncluded() {
        long ve = Api.multiServerVe();
        long first = Api.addNode(ve);
        long second = Api.addNode(ve);
        operator().delete("/ves/{ve}/nodes/{vem}", ve, first).then().statusCode(202);
        Bus.publishAndAwait(new NodeUnexported(ve, first, "192.0.2.1", Images.STORAGE_HOST, 7));

        JsonPath list = viewer().get("/ves/{ve}/nodes", ve).then().statusCode(200).extract().jsonPath();
        assertEquals(List.of((int) first, (int) second), list.getList("vemId"));
        assertEquals(List.of("REMOVED", "PROVISIONING"), list.getList("state"));
        assertEquals(List.of("/ves/" + ve + "/nodes/" + first, "/ves/" + ve + "/nodes/" + second),
                list.getList("self"));
        assertEquals(List.of(), list.getList("findAll { it.history != null }"), "the list shows no history");
    }

    @Test
    void oneNodeShowsItsHistory() {
        long ve = Api.multiServerVe();
        long vem = Api.addNode(ve);
        operator().delete("/ves/{ve}/nodes/{vem}", ve, vem).then().statusCode(202);
        viewer().get("/ves/{ve}/nodes/{vem}", ve, vem).then().statusCode(200)
                .body("history.state", equalTo(List.of("PROVISIONING", "REMOVING")))
                .body("history.from", equalTo(Arrays.asList(null, "PROVISIONING")))
                .body("history.enteredAt", everyItem(notNullValue()));
    }

    @Test
    void removingANodeAnswers202InRemovingAndPublishesNodeRemovedWithThePurgeFlag() {
        long ve = Api.multiServerVe();
        long kept = Api.addNode(ve);
        long purged = Api.addNode(ve);

        Response keep = operator().delete("/ves/{ve}/nodes/{vem}?purge=false", ve, kept);
        keep.then().statusCode(202)
                .body("state", equalTo("REMOVING"))
                .body("removeRequested", is(true))
                .body("purgeRequested", is(false));
        assertTrue(keep.header("Location").endsWith("/ves/" + ve + "/nodes/" + kept));
        operator().delete("/ves/{ve}/nodes/{vem}?purge=true", ve, purged).then().statusCode(202)
                .body("state", equalTo("REMOVING"))
                .body("purgeRequested", is(true));

        assertEquals(List.of(false), removals(ve, kept).stream().map(NodeRemoved::purge).toList());
        assertEquals(List.of(true), removals(ve, purged).stream().map(NodeRemoved::purge).toList());
    }

    @Test
    void removingWithoutThePurgeParameterKeepsThePrivateTree() {
        long ve = Api.multiServerVe();
        long vem = Api.addNode(ve);
        operator().delete("/ves/{ve}/nodes/{vem}", ve, vem).then().statusCode(202).body("purgeRequested", is(false));
    }

    @Test
    void removingAgainChangesNothingUnlessAPurgeIsNowAskedFor() {
        long ve = Api.multiServerVe();
        long vem = Api.addNode(ve);
        operator().delete("/ves/{ve}/nodes/{vem}", ve, vem).then().statusCode(202);
        operator().delete("/ves/{ve}/nodes/{vem}", ve, vem).then().statusCode(202).body("state", equalTo("REMOVING"));
        assertEquals(1, removals(ve, vem).size());

        operator().delete("/ves/{ve}/nodes/{vem}?purge=true", ve, vem).then().statusCode(202)
                .body("purgeRequested", is(true));
        assertEquals(List.of(false, true), removals(ve, vem).stream().map(NodeRemoved::purge).toList());
        operator().delete("/ves/{ve}/nodes/{vem}?purge=false", ve, vem).then().statusCode(202)
                .body("purgeRequested", is(true));
        assertEquals(2, removals(ve, vem).size());
        assertEquals(List.of("PROVISIONING", "REMOVING"), Api.node(ve, vem).getList("history.state"));
    }

    @Test
    void aRemovedNodeCannotBeRemovedAgain() {
        long ve = Api.multiServerVe();
        long vem = Api.addNode(ve);
        operator().delete("/ves/{ve}/nodes/{vem}", ve, vem).then().statusCode(202);
        Bus.publishAndAwait(new NodeUnexported(ve, vem, "192.0.2.1", Images.STORAGE_HOST, 7));
        problem(operator().delete("/ves/{ve}/nodes/{vem}", ve, vem).then(), 409, "vemId", "not-removed");
    }

    @Test
    void aPurgeFlagThatIsNeitherTrueNorFalseIs400() {
        long ve = Api.multiServerVe();
        long vem = Api.addNode(ve);
        problem(operator().delete("/ves/{ve}/nodes/{vem}?purge=yes", ve, vem).then(), 400, "purge", "boolean");
        assertEquals("PROVISIONING", Api.state(ve, vem));
        assertEquals(0, removals(ve, vem).size());
        operator().delete("/ves/{ve}/nodes/{vem}?purge=TRUE", ve, vem).then().statusCode(202)
                .body("purgeRequested", is(true));
    }

    @Test
    void retryingAFailedNodeAnswers202AndPublishesNodeAddedWithTheNextAttempt() {
        long ve = Api.multiServerVe();
        long vem = Api.addNode(ve);
        Bus.publishAndAwait(new NodeProvisioningFailed(ve, vem, 1, "cannot copy /var: No space left on device"));
        assertEquals("FAILED", Api.state(ve, vem));

        Response retried = operator().post("/ves/{ve}/nodes/{vem}/retry", ve, vem);
        retried.then().statusCode(202)
                .body("state", equalTo("PROVISIONING"))
                .body("attempt", equalTo(2))
                .body("history.state", equalTo(List.of("PROVISIONING", "FAILED", "PROVISIONING")));
        assertTrue(retried.header("Location").endsWith("/ves/" + ve + "/nodes/" + vem));

        List<NodeAdded> added = TestDb.outbox("ve/" + ve + "/node/" + vem, "io.sharedfs.NodeAdded").stream()
                .map(row -> EventJson.read(row.payload(), NodeAdded.class)).toList();
        assertEquals(List.of(1, 2), added.stream().map(NodeAdded::attempt).toList());
        assertEquals(added.get(0).image(), added.get(1).image());
        assertEquals(added.get(0).address(), added.get(1).address());
    }

    @Test
    void retryingANodeThatHasNotFailedIs409() {
        long ve = Api.multiServerVe();
        long vem = Api.addNode(ve);
        problem(operator().post("/ves/{ve}/nodes/{vem}/retry", ve, vem).then(), 409, "state", "failed")
                .body("detail", containsString("PROVISIONING"));
        assertEquals(1, Api.node(ve, vem).getInt("attempt"));
        assertEquals(1, TestDb.outbox("ve/" + ve + "/node/" + vem, "io.sharedfs.NodeAdded").size());
    }

    @Test
    void theMacIsOptional() {
        long ve = Api.multiServerVe();
        operator().body(Map.of("hostname", TestIds.hostname(), "address", TestIds.ipv4(), "mac", ""))
                .post("/ves/{ve}/nodes", ve).then().statusCode(202).body("mac", nullValue());
    }

    private static List<NodeRemoved> removals(long ve, long vem) {
        return TestDb.outbox("ve/" + ve + "/node/" + vem, "io.sharedfs.NodeRemoved").stream()
                .map(row -> EventJson.read(row.payload(), NodeRemoved.class)).toList();
    }
}
