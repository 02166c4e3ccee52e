package io.sharedfs.ve.messaging;

import static io.sharedfs.ve.Agents.bootFailed;
import static io.sharedfs.ve.Agents.booted;
import static io.sharedfs.ve.Agents.exported;
import static io.sharedfs.ve.Agents.exportsApplyFailed;
import static io.sharedfs.ve.Agents.hookRan;
import static io.sharedfs.ve.Agents.provisioned;
import static io.sharedfs.ve.Agents.provisioningFailed;
import static io.sharedfs.ve.Agents.purged;
import static io.sharedfs.ve.Agents.treeCreated;
import static io.sharedfs.ve.Agents.unexported;
import static io.sharedfs.ve.Bus.publishAndAwait;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.sharedfs.contracts.EventJson;
import io.sharedfs.contracts.SharedfsMessage;
import io.sharedfs.contracts.boot.BootStage;
import io.sharedfs.contracts.node.NodeRef;
import io.sharedfs.contracts.node.NodeState;
import io.sharedfs.contracts.node.NodeStateChanged;
import io.sharedfs.testsupport.SharedfsInfrastructure;
import io.sharedfs.ve.Api;
import io.sharedfs.ve.Bus;
import io.sharedfs.ve.TestDb;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The node lifecycle driven by the agents' reports, in any order and any number of times: same end, no extra events. */
@QuarkusTest
@WithTestResource(SharedfsInfrastructure.class)
class AgentReportConsumerTest {

    private static final String STATE_CHANGED = "io.sharedfs.NodeStateChanged";

    @Test
    void provisionedThenExportedMakesTheNodeReadyOnlyOnceBothAreKnown() {
        long ve = Api.multiServerVe();
        long vem = Api.addNode(ve);
        publishAndAwait(provisioned(ve, vem, 1));
        assertEquals("PROVISIONING", Api.state(ve, vem));
        publishAndAwait(exported(ve, vem, 4));
        assertEquals("READY", Api.state(ve, vem));
        assertEquals(List.of(change(ve, vem, null, NodeState.PROVISIONING, null),
                change(ve, vem, NodeState.PROVISIONING, NodeState.READY, null)), stateChanges(ve, vem));
    }

    @Test
    void exportedThenProvisionedMakesTheNodeReadyToo() {
        long ve = Api.multiServerVe();
        long vem = Api.addNode(ve);
        publishAndAwait(exported(ve, vem, 4));
        assertEquals("PROVISIONING", Api.state(ve, vem));
        publishAndAwait(provisioned(ve, vem, 1));
        assertEquals("READY", Api.state(ve, vem));
        assertEquals(2, stateChanges(ve, vem).size());
    }

    @Test
    void theNodesOwnBootReportsShowOnTheNodeTheLatestWinningAndTheStateUntouched() {
        long ve = Api.multiServerVe();
        long vem = Api.addNode(ve);
        publishAndAwait(provisioned(ve, vem, 1));
        publishAndAwait(exported(ve, vem, 4));
        Instant mounted = Instant.parse("2026-12-02T10:00:00Z");
        Instant up = mounted.plusSeconds(9);

        publishAndAwait(booted(ve, vem, BootStage.MOUNTED, mounted));
        publishAndAwait(booted(ve, vem, BootStage.BOOTED, up));
        publishAndAwait(bootFailed(ve, vem, "mounting /var failed", up.minusSeconds(1)));

        JsonPath node = Api.node(ve, vem);
        assertEquals("READY", node.getString("state"));
        assertEquals("BOOTED", node.getString("boot.stage"));
        assertEquals(up, Instant.parse(node.getString("boot.reportedAt")));
        assertEquals(up, Instant.parse(node.getString("boot.lastBootedAt")));
        assertNull(node.get("boot.error"), "an older failure does not replace the later boot");

        publishAndAwait(bootFailed(ve, vem, "mounting /var failed", up.plusSeconds(60)));
        node = Api.node(ve, vem);
        assertEquals("FAILED", node.getString("boot.stage"));
        assertEquals("mounting /var failed", node.getString("boot.error"));
        assertEquals(up, Instant.parse(node.getString("boot.lastBootedAt")), "the last time it was up stays");
        assertEquals("READY", node.getString("state"), "a boot failure is the node's, not its provisioning's");
        assertEquals(2, stateChanges(ve, vem).size());
    }

    @Test
    void aProvisioningFailureFailsTheNodeWithTheReason() {
        long ve = Api.multiServerVe();
        long vem = Api.addNode(ve);
        publishAndAwait(provisioningFailed(ve, vem, 1, "init_vem exited with 3"));
        JsonPath node = Api.node(ve, vem);
        assertEquals("FAILED", node.getString("state"));
        assertEquals("init_vem exited with 3", node.getString("stateReason"));
        assertEquals("init_vem exited with 3", node.getString("history[1].reason"));
        assertEquals(change(ve, vem, NodeState.PROVISIONING, NodeState.FAILED, "init_vem exited with 3"),
                stateChanges(ve, vem).get(1));
    }

    @Test
    void aFailedExportFailsEveryNodeItListsAndNoOther() {
        long ve = Api.multiServerVe();
        long listed = Api.addNode(ve);
        long alsoListed = Api.addNode(ve);
        long notListed = Api.addNode(ve);
        publishAndAwait(exportsApplyFailed(12, "exportfs: Failed to stat /srv/images/x/private/1/1/var",
                new NodeRef(ve, listed), new NodeRef(ve, alsoListed)));

        String reason = "applying the exports failed: exportfs: Failed to stat /srv/images/x/private/1/1/var";
        for (long vem : new long[] {listed, alsoListed}) {
            JsonPath node = Api.node(ve, vem);
            assertEquals("FAILED", node.getString("state"));
            assertEquals(reason, node.getString("stateReason"));
        }
        assertEquals("PROVISIONING", Api.state(ve, notListed));
    }

    @Test
    void aRetriedNodeBecomesReadyFromTheNewAttemptAndALateOldFailureChangesNothing() {
        long ve = Api.multiServerVe();
        long vem = Api.addNode(ve);
        publishAndAwait(exported(ve, vem, 2));
        publishAndAwait(provisioningFailed(ve, vem, 1, "disk full"));
        Api.operator().post("/ves/{ve}/nodes/{vem}/retry", ve, vem).then().statusCode(202);

        publishAndAwait(provisioned(ve, vem, 1));
        assertEquals("PROVISIONING", Api.state(ve, vem), "attempt 1 is not the current attempt");
        publishAndAwait(provisioned(ve, vem, 2));
        assertEquals("READY", Api.state(ve, vem));
        publishAndAwait(provisioningFailed(ve, vem, 1, "disk full"));
        assertEquals("READY", Api.state(ve, vem));
        assertEquals(List.of("PROVISIONING", "FAILED", "PROVISIONING", "READY"),
                Api.node(ve, vem).getList("history.state"));
    }

    @Test
    void aNodeFailedByAnExportIsReadyAfterARetryAndANewExport() {
        long ve = Api.multiServerVe();
        long vem = Api.addNode(ve);
        publishAndAwait(provisioned(ve, vem, 1));
        publishAndAwait(exportsApplyFailed(5, "exportfs failed", new NodeRef(ve, vem)));
        assertEquals("FAILED", Api.state(ve, vem));
        Api.operator().post("/ves/{ve}/nodes/{vem}/retry", ve, vem).then().statusCode(202);
        publishAndAwait(exportsApplyFailed(5, "exportfs failed", new NodeRef(ve, vem)));
        assertEquals("PROVISIONING", Api.state(ve, vem), "the failure the retry answered, delivered again");
        publishAndAwait(provisioned(ve, vem, 2));
        publishAndAwait(exported(ve, vem, 6));
        assertEquals("READY", Api.state(ve, vem));
    }

    @Test
    void aRemovedNodeIsRemovedOnceUnexported() {
        long ve = Api.multiServerVe();
        long vem = readyNode(ve);
        Api.operator().delete("/ves/{ve}/nodes/{vem}", ve, vem).then().statusCode(202);
        publishAndAwait(provisioned(ve, vem, 1));
        assertEquals("REMOVING", Api.state(ve, vem));
        publishAndAwait(unexported(ve, vem));
        JsonPath node = Api.node(ve, vem);
        assertEquals("REMOVED", node.getString("state"));
        assertEquals("exports withdrawn, private tree kept", node.getString("stateReason"));
        assertEquals(List.of("PROVISIONING", "READY", "REMOVING", "REMOVED"), node.getList("history.state"));
    }

    @Test
    void aPurgedNodeIsRemovedOnlyOnceUnexportedAndPurged() {
        long ve = Api.multiServerVe();
        long vem = readyNode(ve);
        Api.operator().delete("/ves/{ve}/nodes/{vem}?purge=true", ve, vem).then().statusCode(202);
        publishAndAwait(unexported(ve, vem));
        assertEquals("REMOVING", Api.state(ve, vem), "unexported but not yet purged");
        publishAndAwait(purged(ve, vem));
        assertEquals("REMOVED", Api.state(ve, vem));
        assertEquals("exports withdrawn, private tree purged", Api.node(ve, vem).getString("stateReason"));
    }

    @Test
    void aPurgeReportedBeforeTheUnexportStillWaitsForTheUnexport() {
        long ve = Api.multiServerVe();
        long vem = readyNode(ve);
        Api.operator().delete("/ves/{ve}/nodes/{vem}?purge=true", ve, vem).then().statusCode(202);
        publishAndAwait(purged(ve, vem));
        assertEquals("REMOVING", Api.state(ve, vem));
        publishAndAwait(unexported(ve, vem));
        assertEquals("REMOVED", Api.state(ve, vem));
    }

    @Test
    void duplicatesAndAnyOrderGiveTheSameEndStateAndNoExtraNodeStateChanged() {
        long ve = Api.multiServerVe();
        long inOrder = Api.addNode(ve);
        long reversed = Api.addNode(ve);
        long duplicated = Api.addNode(ve);

        deliver(provisioned(ve, inOrder, 1), exported(ve, inOrder, 3));
        deliver(exported(ve, reversed, 3), provisioned(ve, reversed, 1));
        // The same event id redelivered, and the same fact again under a new id, for each fact.
        for (SharedfsMessage fact : List.of(exported(ve, duplicated, 3), provisioned(ve, duplicated, 1))) {
            String id = Bus.publish(fact);
            Bus.publish(fact, id);
            Bus.publish(fact);
        }
        Bus.settleAgents(ve);

        for (long vem : new long[] {inOrder, reversed, duplicated}) {
            assertEquals("READY", Api.state(ve, vem), "node " + vem);
            assertEquals(List.of(change(ve, vem, null, NodeState.PROVISIONING, null),
                    change(ve, vem, NodeState.PROVISIONING, NodeState.READY, null)), stateChanges(ve, vem));
            assertEquals(List.of("PROVISIONING", "READY"), Api.node(ve, vem).getList("history.state"));
        }
    }

    @Test
    void twoFailuresInEitherOrderGiveOneFailedStateWithTheSameReason() {
        long ve = Api.multiServerVe();
        long provisioningFirst = Api.addNode(ve);
        long exportFirst = Api.addNode(ve);

        publishAndAwait(provisioningFailed(ve, provisioningFirst, 1, "disk full"));
        publishAndAwait(exportsApplyFailed(8, "exportfs failed", new NodeRef(ve, provisioningFirst)));
        publishAndAwait(exportsApplyFailed(9, "exportfs failed", new NodeRef(ve, exportFirst)));
        publishAndAwait(provisioningFailed(ve, exportFirst, 1, "disk full"));

        for (long vem : new long[] {provisioningFirst, exportFirst}) {
            JsonPath node = Api.node(ve, vem);
            assertEquals("FAILED", node.getString("state"), "node " + vem);
            assertEquals("disk full", node.getString("stateReason"), "node " + vem);
            assertEquals(List.of("PROVISIONING", "FAILED"), node.getList("history.state"), "node " + vem);
            assertEquals(2, stateChanges(ve, vem).size(), "node " + vem);
        }
    }

    @Test
    void removalReportsInAnyOrderAndTwiceGiveOneRemovedState() {
        long ve = Api.multiServerVe();
        long first = readyNode(ve);
        long second = readyNode(ve);
        Api.operator().delete("/ves/{ve}/nodes/{vem}?purge=true", ve, first).then().statusCode(202);
        Api.operator().delete("/ves/{ve}/nodes/{vem}?purge=true", ve, second).then().statusCode(202);

        deliver(unexported(ve, first), purged(ve, first), unexported(ve, first), purged(ve, first));
        deliver(purged(ve, second), purged(ve, second), unexported(ve, second), unexported(ve, second));
        Bus.settleAgents(ve);

        for (long vem : new long[] {first, second}) {
            assertEquals("REMOVED", Api.state(ve, vem));
            assertEquals(List.of(NodeState.PROVISIONING, NodeState.READY, NodeState.REMOVING, NodeState.REMOVED),
                    stateChanges(ve, vem).stream().map(NodeStateChanged::to).toList());
        }
    }

    @Test
    void theNodeShowsItsHistoryItsHookResultsAndItsTree() {
        long ve = Api.multiServerVe();
        long vem = Api.addNode(ve);
        Instant before = Instant.now();
        publishAndAwait(treeCreated(ve, vem, 1, 1234, 56_789));
        publishAndAwait(hookRan(ve, vem, 1, 3, "cannot reach license server\n"));
        publishAndAwait(provisioningFailed(ve, vem, 1, "init_vem exited with 3"));
        Api.operator().post("/ves/{ve}/nodes/{vem}/retry", ve, vem).then().statusCode(202);
        publishAndAwait(hookRan(ve, vem, 2, 0, "configured node " + vem + "\n"));
        publishAndAwait(provisioned(ve, vem, 2));
        publishAndAwait(exported(ve, vem, 2));

        JsonPath node = Api.node(ve, vem);
        assertEquals("READY", node.getString("state"));
        assertEquals(io.sharedfs.ve.Agents.treePath(ve, vem), node.getString("tree.path"));
        assertEquals(1234, node.getLong("tree.files"));
        assertEquals(56_789, node.getLong("tree.bytes"));
        assertEquals(List.of("/var/spool/postfix/public/pickup (FIFO)"), node.getList("tree.skippedSpecialFiles"));

        assertEquals(2, node.getInt("hook.attempt"));
        assertEquals("EXITED", node.getString("hook.outcome"));
        assertEquals(0, node.getInt("hook.exitCode"));
        assertEquals("configured node " + vem + "\n", node.getString("hook.outputTail"));
        assertEquals(List.of(1, 2), node.getList("hooks.attempt"));
        assertEquals(List.of(3, 0), node.getList("hooks.exitCode"));
        assertEquals("cannot reach license server\n", node.getString("hooks[0].outputTail"));

        List<Map<String, Object>> history = node.getList("history");
        assertEquals(List.of("PROVISIONING", "FAILED", "PROVISIONING", "READY"),
                history.stream().map(entry -> entry.get("state")).toList());
        assertEquals(Arrays.asList(null, "init_vem exited with 3", null, null),
                history.stream().map(entry -> entry.get("reason")).toList());
        Instant previous = Instant.EPOCH;
        for (Map<String, Object> entry : history.subList(1, history.size())) {
            Instant enteredAt = Instant.parse((String) entry.get("enteredAt"));
            assertTrue(!enteredAt.isBefore(previous) && !enteredAt.isBefore(before.minusSeconds(1)), "" + history);
            previous = enteredAt;
        }
        assertNull(node.get("stateReason"));
    }

    @Test
    void aReportAboutAnUnknownNodeChangesNothing() {
        long ve = Api.multiServerVe();
        long vem = Api.addNode(ve);
        publishAndAwait(provisioned(ve, vem + 1, 1));
        publishAndAwait(exported(ve + 1_000_000, vem, 1));
        assertEquals(1, Api.nodeCount(ve));
        assertEquals(1, stateChanges(ve, vem).size());
        assertEquals(0, TestDb.outbox("ve/" + ve + "/node/" + (vem + 1), STATE_CHANGED).size());
    }

    private static long readyNode(long ve) {
        long vem = Api.addNode(ve);
        publishAndAwait(provisioned(ve, vem, 1));
        publishAndAwait(exported(ve, vem, 2));
        assertEquals("READY", Api.state(ve, vem));
        return vem;
    }

    /** Publishes each with a new event id and waits until each is processed. */
    private static void deliver(SharedfsMessage... messages) {
        for (SharedfsMessage message : messages) {
            publishAndAwait(message);
        }
    }

    /** The NodeStateChanged ve-service published for the node, in order (its outbox holds exactly those). */
    private static List<NodeStateChanged> stateChanges(long ve, long vem) {
        return TestDb.outbox("ve/" + ve + "/node/" + vem, STATE_CHANGED).stream()
                .map(row -> EventJson.read(row.payload(), NodeStateChanged.class)).toList();
    }

    private static NodeStateChanged change(long ve, long vem, NodeState from, NodeState to, String reason) {
        return new NodeStateChanged(ve, vem, from, to, reason);
    }
}
