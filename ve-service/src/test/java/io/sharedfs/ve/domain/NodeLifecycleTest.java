package io.sharedfs.ve.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sharedfs.contracts.node.NodeState;
import org.junit.jupiter.api.Test;

/** A node's state follows from the facts reported about it: every path of {@link NodeLifecycle#derive}. */
class NodeLifecycleTest {

    @Test
    void aNewNodeIsProvisioning() {
        assertEquals(new NodeLifecycle.Outcome(NodeState.PROVISIONING, null), NodeLifecycle.derive(fresh()));
    }

    @Test
    void provisionedAloneOrExportedAloneIsStillProvisioning() {
        Node provisioned = fresh();
        NodeFacts.provisioned(provisioned, 1);
        assertEquals(NodeState.PROVISIONING, NodeLifecycle.derive(provisioned).state());

        Node exported = fresh();
        NodeFacts.exported(exported, 4);
        assertEquals(NodeState.PROVISIONING, NodeLifecycle.derive(exported).state());
    }

    @Test
    void provisionedForTheCurrentAttemptAndExportedIsReady() {
        Node node = fresh();
        NodeFacts.provisioned(node, 1);
        NodeFacts.exported(node, 4);
        assertEquals(new NodeLifecycle.Outcome(NodeState.READY, null), NodeLifecycle.derive(node));
    }

    @Test
    void provisionedForAnEarlierAttemptIsNotReady() {
        Node node = fresh();
        node.attempt = 2;
        NodeFacts.provisioned(node, 1);
        NodeFacts.exported(node, 4);
        assertEquals(NodeState.PROVISIONING, NodeLifecycle.derive(node).state());
    }

    @Test
    void aProvisioningFailureOfTheCurrentAttemptFailsTheNodeWithItsReason() {
        Node node = fresh();
        NodeFacts.provisioningFailed(node, 1, "cannot copy /var: disk full");
        assertEquals(new NodeLifecycle.Outcome(NodeState.FAILED, "cannot copy /var: disk full"),
                NodeLifecycle.derive(node));
    }

    @Test
    void aSuccessReportedForTheSameAttemptWinsOverItsFailure() {
        // node-provisioner's own job retry (POST /jobs/{id}/retry) reports success after a failure.
        Node node = fresh();
        NodeFacts.provisioningFailed(node, 1, "cannot copy /var: disk full");
        NodeFacts.provisioned(node, 1);
        NodeFacts.exported(node, 4);
        assertEquals(new NodeLifecycle.Outcome(NodeState.READY, null), NodeLifecycle.derive(node));
    }

    @Test
    void aProvisioningFailureOfAnEarlierAttemptDoesNotFailTheNode() {
        Node node = fresh();
        node.attempt = 2;
        NodeFacts.provisioningFailed(node, 1, "disk full");
        assertEquals(NodeState.PROVISIONING, NodeLifecycle.derive(node).state());
        NodeFacts.provisioned(node, 2);
        NodeFacts.exported(node, 4);
        assertEquals(NodeState.READY, NodeLifecycle.derive(node).state());
    }

    @Test
    void anExportFailureAtALaterGenerationThanTheExportFailsTheNode() {
        Node node = fresh();
        NodeFacts.provisioned(node, 1);
        NodeFacts.exported(node, 4);
        NodeFacts.exportFailed(node, 5, "exportfs: /srv/images/web/private/10/3/var: No such file");
        NodeLifecycle.Outcome outcome = NodeLifecycle.derive(node);
        assertEquals(NodeState.FAILED, outcome.state());
        assertEquals("applying the exports failed: exportfs: /srv/images/web/private/10/3/var: No such file",
                outcome.reason());
    }

    @Test
    void anExportFailureWithoutAnyExportFailsTheNode() {
        Node node = fresh();
        NodeFacts.exportFailed(node, 2, "exportfs failed");
        assertEquals(NodeState.FAILED, NodeLifecycle.derive(node).state());
    }

    @Test
    void anExportFailureAtOrBeforeTheExportedGenerationDoesNotFailTheNode() {
        Node same = fresh();
        NodeFacts.provisioned(same, 1);
        NodeFacts.exported(same, 5);
        NodeFacts.exportFailed(same, 5, "exportfs failed");
        assertEquals(NodeState.READY, NodeLifecycle.derive(same).state());

        Node earlier = fresh();
        NodeFacts.provisioned(earlier, 1);
        NodeFacts.exportFailed(earlier, 3, "exportfs failed");
        NodeFacts.exported(earlier, 5);
        assertEquals(NodeState.READY, NodeLifecycle.derive(earlier).state());
    }

    @Test
    void aRetryClearsAProvisioningFailure() {
        Node node = fresh();
        NodeFacts.provisioningFailed(node, 1, "disk full");
        NodeFacts.retried(node);
        assertEquals(2, node.attempt);
        assertEquals(new NodeLifecycle.Outcome(NodeState.PROVISIONING, null), NodeLifecycle.derive(node));
    }

    @Test
    void aRetryClearsTheExportFailuresKnownSoFarButNotALaterOne() {
        Node node = fresh();
        NodeFacts.provisioned(node, 1);
        NodeFacts.exportFailed(node, 3, "exportfs failed");
        NodeFacts.retried(node);
        assertEquals(3, node.exportFailuresRetried);
        assertEquals(NodeState.PROVISIONING, NodeLifecycle.derive(node).state());
        NodeFacts.exportFailed(node, 3, "exportfs failed");
        assertEquals(NodeState.PROVISIONING, NodeLifecycle.derive(node).state(), "the same failure again");

        NodeFacts.exportFailed(node, 6, "exportfs failed again");
        assertEquals(NodeState.FAILED, NodeLifecycle.derive(node).state(), "a later generation failed");
    }

    @Test
    void aRetriedNodeBecomesReadyOnceTheNewAttemptIsProvisionedAndExported() {
        Node node = fresh();
        NodeFacts.provisioned(node, 1);
        NodeFacts.exportFailed(node, 3, "exportfs failed");
        NodeFacts.retried(node);
        NodeFacts.exported(node, 4);
        assertEquals(NodeState.PROVISIONING, NodeLifecycle.derive(node).state(), "attempt 2 not provisioned yet");
        NodeFacts.provisioned(node, 2);
        assertEquals(NodeState.READY, NodeLifecycle.derive(node).state());
    }

    @Test
    void aRemovalRequestMakesAnyNodeRemoving() {
        for (Node node : new Node[] {fresh(), ready(), failed()}) {
            NodeFacts.removeRequested(node, false);
            assertEquals(new NodeLifecycle.Outcome(NodeState.REMOVING, null), NodeLifecycle.derive(node));
        }
    }

    @Test
    void aRemovedNodeWithoutPurgeIsRemovedOnceUnexported() {
        Node node = ready();
        NodeFacts.removeRequested(node, false);
        NodeFacts.unexported(node);
        NodeLifecycle.Outcome outcome = NodeLifecycle.derive(node);
        assertEquals(NodeState.REMOVED, outcome.state());
        assertTrue(outcome.reason().contains("kept"), outcome.reason());
    }

    @Test
    void aPurgedNodeIsRemovedOnlyOnceUnexportedAndPurged() {
        Node node = ready();
        NodeFacts.removeRequested(node, true);
        NodeFacts.unexported(node);
        assertEquals(NodeState.REMOVING, NodeLifecycle.derive(node).state(), "unexported, not yet purged");
        NodeFacts.purged(node);
        NodeLifecycle.Outcome outcome = NodeLifecycle.derive(node);
        assertEquals(NodeState.REMOVED, outcome.state());
        assertTrue(outcome.reason().contains("purged"), outcome.reason());
    }

    @Test
    void purgedButStillExportedIsRemoving() {
        Node node = ready();
        NodeFacts.removeRequested(node, true);
        NodeFacts.purged(node);
        assertEquals(NodeState.REMOVING, NodeLifecycle.derive(node).state());
    }

    @Test
    void askingForAPurgeLaterStillWaitsForThePurge() {
        Node node = ready();
        NodeFacts.removeRequested(node, false);
        NodeFacts.removeRequested(node, true);
        NodeFacts.removeRequested(node, false);
        assertTrue(node.purgeRequested, "a purge once asked for is not taken back");
        NodeFacts.unexported(node);
        assertEquals(NodeState.REMOVING, NodeLifecycle.derive(node).state());
    }

    @Test
    void factsOnlyGrow() {
        Node node = fresh();
        NodeFacts.provisioned(node, 2);
        NodeFacts.provisioned(node, 1);
        assertEquals(2, node.provisionedAttempt);
        NodeFacts.exported(node, 7);
        NodeFacts.exported(node, 3);
        assertEquals(7, node.exportedGeneration);
        NodeFacts.provisioningFailed(node, 2, "second");
        NodeFacts.provisioningFailed(node, 1, "first");
        assertEquals(2, node.failedAttempt);
        assertEquals("second", node.failedReason);
        NodeFacts.exportFailed(node, 9, "nine");
        NodeFacts.exportFailed(node, 8, "eight");
        assertEquals(9, node.exportFailedGeneration);
        assertEquals("nine", node.exportFailedReason);
    }

    @Test
    void anUnrelatedNodeHasNoReasonUnlessFailedOrRemoved() {
        assertNull(NodeLifecycle.derive(ready()).reason());
    }

    static Node fresh() {
        Node node = new Node();
        node.veId = 10;
        node.vemId = 3;
        node.attempt = 1;
        node.state = NodeState.PROVISIONING;
        return node;
    }

    private static Node ready() {
        Node node = fresh();
        NodeFacts.provisioned(node, 1);
        NodeFacts.exported(node, 4);
        return node;
    }

    private static Node failed() {
        Node node = fresh();
        NodeFacts.provisioningFailed(node, 1, "disk full");
        return node;
    }
}
