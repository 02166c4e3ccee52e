package io.sharedfs.devstack;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sharedfs.contracts.export.ExportsApplied;
import io.sharedfs.contracts.node.ImageRef;
import io.sharedfs.contracts.node.NodeAdded;
import io.sharedfs.contracts.node.NodeState;
import io.sharedfs.contracts.node.NodeStateChanged;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class NodeTimelineTest {

    private static final ImageRef REF = new ImageRef(UUID.randomUUID(), "localhost", "/srv/images/web", true,
            List.of("/var"), List.of(), List.of());

    @Test
    void measuresFromNodeAddedToReadyOfItsOwnVeOnly() {
        Instant t0 = Instant.parse("2025-03-01T10:00:00Z");
        NodeTimeline timeline = new NodeTimeline(7, t0);
        timeline.accept(AuditMainTest.event(new NodeAdded(7, 1, "a", "10.0.0.1", null, 1, REF), t0, 0));
        timeline.accept(AuditMainTest.event(new NodeAdded(7, 2, "b", "10.0.0.2", null, 1, REF), t0.plusMillis(10), 1));
        timeline.accept(AuditMainTest.event(new NodeAdded(8, 1, "c", "10.0.0.3", null, 1, REF), t0, 2));
        timeline.accept(AuditMainTest.event(new NodeStateChanged(7, 1, NodeState.PROVISIONING, NodeState.READY, null),
                t0.plusMillis(120), 3));
        timeline.accept(AuditMainTest.event(new NodeStateChanged(7, 2, NodeState.PROVISIONING, NodeState.READY, null),
                t0.plusMillis(310), 4));
        timeline.accept(AuditMainTest.event(new NodeStateChanged(8, 1, NodeState.PROVISIONING, NodeState.READY, null),
                t0.plusMillis(999), 5));
        timeline.accept(AuditMainTest.event(new ExportsApplied("localhost", 3, 12, 5), t0.plusMillis(100), 6));
        timeline.accept(AuditMainTest.event(new ExportsApplied("localhost", 2, 6, 5), t0.minusMillis(100), 7));

        assertArrayEquals(new double[] {120, 300}, NodeTimeline.between(timeline.added, timeline.ready));
        assertEquals(2, timeline.ready.size());
        assertEquals(1, timeline.applies.size(), "apply runs before the start do not count");
        assertEquals(t0.plusMillis(310), NodeTimeline.latest(timeline.ready));
    }

    @Test
    void quantilesByNearestRank() {
        double[] values = new double[100];
        for (int i = 0; i < 100; i++) {
            values[i] = i + 1;
        }
        assertEquals(50, NodeTimeline.quantile(values, 0.5));
        assertEquals(99, NodeTimeline.quantile(values, 0.99));
        assertEquals(100, NodeTimeline.quantile(values, 1.0));
        assertEquals(7, NodeTimeline.quantile(new double[] {7}, 0.99));
        assertTrue(Double.isNaN(NodeTimeline.quantile(new double[0], 0.5)));
    }
}
