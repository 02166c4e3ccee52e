package io.sharedfs.ve.api;

import static io.sharedfs.ve.Api.nodeBody;
import static io.sharedfs.ve.Api.operator;
import static io.sharedfs.ve.Api.problem;
import static io.sharedfs.ve.Api.viewer;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import io.sharedfs.contracts.export.NodeUnexported;
import io.sharedfs.contracts.image.ImageSpec;
import io.sharedfs.contracts.image.ImageStatus;
import io.sharedfs.testsupport.SharedfsInfrastructure;
import io.sharedfs.ve.Api;
import io.sharedfs.ve.Bus;
import io.sharedfs.ve.Images;
import io.sharedfs.ve.TestDb;
import io.sharedfs.ve.TestIds;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every rule about adding nodes answers with its status and a problem+json body naming the field
 * and the rule, and changes nothing: no node, no VEM id used up, nothing in the outbox.
 */
@QuarkusTest
@WithTestResource(SharedfsInfrastructure.class)
class NodeRulesApiTest {

    @Test
    void aSingleServerVeHoldsAtMostOneNode() {
        long ve = Api.createVe(Images.sharedReady(), false);
        Api.addNode(ve);
        assertRefused(ve, 409, "veId", "single-server");
    }

    @Test
    void aSingleServerVeTakesANewNodeOnceItsNodeIsRemoved() {
        long ve = Api.createVe(Images.sharedReady(), false);
        long first = Api.addNode(ve);
        operator().delete("/ves/{ve}/nodes/{vem}", ve, first).then().statusCode(202);
        assertRefused(ve, 409, "veId", "single-server");
        Bus.publishAndAwait(new NodeUnexported(ve, first, "192.0.2.1", Images.STORAGE_HOST, 3));
        assertEquals(2, Api.addNode(ve));
    }

    @Test
    void aVeWhoseImageIsNotSharedTakesNoSecondNode() {
        long ve = Api.createVe(Images.register(false, ImageStatus.READY), false);
        Api.addNode(ve);
        assertRefused(ve, 409, "veId", "shared-image").body("detail", containsString("not shared"));
    }

    @Test
    void aMultiServerVeWhoseImageIsNoLongerSharedTakesNoNode() {
        ImageSpec image = Images.sharedReady();
        long ve = Api.createVe(image, true);
        Api.addNode(ve);
        Images.update(image, false, ImageStatus.READY);
        assertRefused(ve, 409, "imageId", "usable-image").body("detail", containsString("not shared"));
    }

    @Test
    void aMultiServerVeWhoseImageIsNotReadyTakesNoNode() {
        ImageSpec image = Images.sharedReady();
        long ve = Api.createVe(image, true);
        ImageSpec pending = Images.update(image, true, ImageStatus.PENDING);
        assertRefused(ve, 409, "imageId", "usable-image").body("detail", containsString("PENDING"));
        Images.update(pending, true, ImageStatus.INVALID);
        assertRefused(ve, 409, "imageId", "usable-image").body("detail", containsString("INVALID"));
    }

    @Test
    void aVeWhoseImageWasDeletedTakesNoNode() {
        ImageSpec image = Images.sharedReady();
        long ve = Api.createVe(image, false);
        Images.delete(image);
        assertRefused(ve, 409, "imageId", "usable-image").body("detail", containsString("deleted"));
    }

    @Test
    void anAddressBelongsToOneLiveNodeInTheWholeSystem() {
        long first = Api.multiServerVe();
        long other = Api.multiServerVe();
        String address = TestIds.ipv4();
        Api.addNode(first, TestIds.hostname(), address).statusCode(202);

        assertRefused(first, TestIds.hostname(), address, 409, "address", "unique-live-address");
        assertRefused(other, TestIds.hostname(), address, 409, "address", "unique-live-address")
                .body("detail", containsString("VE " + first));
    }

    @Test
    void oneIpv6AddressCannotBeTakenAgainUnderAnotherSpelling() {
        long ve = Api.multiServerVe();
        String address = TestIds.ipv6();
        Api.addNode(ve, TestIds.hostname(), address).statusCode(202);
        String spelledOut = address.replace("fd00::", "fd00:0:0:0:0:0:").toUpperCase();
        assertRefused(Api.multiServerVe(), TestIds.hostname(), spelledOut, 409, "address", "unique-live-address");
    }

    @Test
    void anAddressIsFreeAgainOnceItsNodeIsRemovedNotBefore() {
        long first = Api.multiServerVe();
        String address = TestIds.ipv4();
        long vem = Api.addNode(first, TestIds.hostname(), address).statusCode(202)
                .extract().jsonPath().getLong("vemId");
        operator().delete("/ves/{ve}/nodes/{vem}", first, vem).then().statusCode(202);

        long other = Api.multiServerVe();
        assertRefused(other, TestIds.hostname(), address, 409, "address", "unique-live-address");

        Bus.publishAndAwait(new NodeUnexported(first, vem, address, Images.STORAGE_HOST, 5));
        assertEquals("REMOVED", Api.state(first, vem));
        Api.addNode(other, TestIds.hostname(), address).statusCode(202).body("address", equalTo(address));
    }

    @Test
    void aHostnameIsUniqueAmongTheLiveNodesOfOneVe() {
        long ve = Api.multiServerVe();
        String hostname = TestIds.hostname();
        Api.addNode(ve, hostname, TestIds.ipv4()).statusCode(202);
        assertRefused(ve, hostname.toUpperCase(), TestIds.ipv4(), 409, "hostname", "unique-in-ve");
        Api.addNode(Api.multiServerVe(), hostname, TestIds.ipv4()).statusCode(202);
    }

    @Test
    void badHostnamesAddressesAndMacsAre400() {
        long ve = Api.multiServerVe();
        assertRefused(ve, "web_01", TestIds.ipv4(), 400, "hostname", "rfc1123");
        assertRefused(ve, "-web", TestIds.ipv4(), 400, "hostname", "rfc1123");
        assertRefused(ve, "a".repeat(64), TestIds.ipv4(), 400, "hostname", "rfc1123");
        assertRefused(ve, null, TestIds.ipv4(), 400, "hostname", "required");
        assertRefused(ve, TestIds.hostname(), "10.0.0.256", 400, "address", "ip-address");
        assertRefused(ve, TestIds.hostname(), "010.0.0.1", 400, "address", "ip-address");
        assertRefused(ve, TestIds.hostname(), "localhost", 400, "address", "ip-address");
        assertRefused(ve, TestIds.hostname(), "fe80::1%eth0", 400, "address", "ip-address");
        assertRefused(ve, TestIds.hostname(), "10.0.0.0/8", 400, "address", "ip-address");
        assertRefused(ve, TestIds.hostname(), null, 400, "address", "required");

        String hostname = TestIds.hostname();
        problem(operator().body(nodeBody(hostname, TestIds.ipv4(), "52:54:00:12:34")).post("/ves/{ve}/nodes", ve)
                .then(), 400, "mac", "mac-address");
        problem(operator().body(nodeBody("bad_host", "nope", "nope")).post("/ves/{ve}/nodes", ve).then(), 400)
                .body("errors.field", equalTo(List.of("hostname", "address", "mac")));
        assertNothingChanged(ve, 0, hostname);
    }

    @Test
    void aBodyThatIsNotTheRightJsonIs400() {
        long ve = Api.multiServerVe();
        String hostname = TestIds.hostname();
        problem(operator().body(Map.of("hostname", hostname, "address", TestIds.ipv4(), "vemId", 7))
                .post("/ves/{ve}/nodes", ve).then(), 400, "vemId", "json");
        problem(operator().post("/ves/{ve}/nodes", ve).then(), 400, "body", "required");
        problem(operator().body("{\"hostname\": [\"a\"]}").post("/ves/{ve}/nodes", ve).then(), 400, "hostname", "json");
        assertNothingChanged(ve, 0, hostname);
    }

    @Test
    void anUnknownVeOrNodeIs404() {
        long missingVe = 9_000_000_000L + TestIds.next();
        problem(operator().body(nodeBody(TestIds.hostname(), TestIds.ipv4(), null)).post("/ves/{ve}/nodes", missingVe)
                .then(), 404);
        problem(viewer().get("/ves/{ve}/nodes", missingVe).then(), 404);
        problem(viewer().get("/ves/{ve}/nodes/1", missingVe).then(), 404);
        problem(operator().delete("/ves/{ve}/nodes/1", missingVe).then(), 404);
        problem(operator().post("/ves/{ve}/nodes/1/retry", missingVe).then(), 404);

        long ve = Api.multiServerVe();
        problem(viewer().get("/ves/{ve}/nodes/42", ve).then(), 404).body("detail", containsString("42"));
        problem(operator().delete("/ves/{ve}/nodes/42", ve).then(), 404);
        problem(operator().post("/ves/{ve}/nodes/42/retry", ve).then(), 404);
        problem(viewer().get("/ves/{ve}/nodes/first", ve).then(), 404);
        assertEquals(0, Api.nodeCount(ve));
    }

    @Test
    void aRejectedAddUsesUpNoVemId() {
        long ve = Api.createVe(Images.sharedReady(), false);
        assertEquals(1, Api.addNode(ve));
        assertRefused(ve, 409, "veId", "single-server");
        long other = Api.multiServerVe();
        assertRefused(other, "bad_host", TestIds.ipv4(), 400, "hostname", "rfc1123");
        assertEquals(1, Api.addNode(other));
    }

    private static ValidatableResponse assertRefused(long ve, int status, String field, String rule) {
        return assertRefused(ve, TestIds.hostname(), TestIds.ipv4(), status, field, rule);
    }

    /** Asserts the add is refused and nothing about it was stored or published. */
    private static ValidatableResponse assertRefused(long ve, String hostname, String address, int status,
            String field, String rule) {
        int nodes = Api.nodeCount(ve);
        String normalised = hostname == null ? null : hostname.toLowerCase();
        int published = normalised == null ? 0 : TestDb.outboxMentioning(normalised).size();
        ValidatableResponse response = problem(operator().body(nodeBody(hostname, address, null))
                .post("/ves/{ve}/nodes", ve).then(), status, field, rule);
        assertEquals(nodes, Api.nodeCount(ve), "no node was created");
        if (normalised != null) {
            assertEquals(published, TestDb.outboxMentioning(normalised).size(), "nothing was published");
        }
        return response;
    }

    private static void assertNothingChanged(long ve, int nodesBefore, String hostname) {
        assertEquals(nodesBefore, Api.nodeCount(ve), "no node was created");
        assertEquals(List.of(), TestDb.outboxMentioning(hostname.toLowerCase()), "nothing was published");
    }
}
