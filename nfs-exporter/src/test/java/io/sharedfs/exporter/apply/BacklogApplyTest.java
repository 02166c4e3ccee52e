package io.sharedfs.exporter.apply;

import static io.sharedfs.exporter.TestNodes.added;
import static io.sharedfs.exporter.TestNodes.address;
import static io.sharedfs.exporter.TestNodes.expectedLines;
import static io.sharedfs.exporter.TestNodes.provisioned;
import static io.sharedfs.exporter.TestNodes.sharedImage;
import static io.sharedfs.exporter.TestNodes.veId;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.sharedfs.contracts.SharedfsMessage;
import io.sharedfs.contracts.export.NodeExported;
import io.sharedfs.contracts.node.ImageRef;
import io.sharedfs.contracts.provisioning.NodeProvisioningFailed;
import io.sharedfs.exporter.Bus;
import io.sharedfs.exporter.ExportsFile;
import io.sharedfs.exporter.TestDb;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import io.sharedfs.testsupport.SharedfsInfrastructure;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.Test;

/**
 * The apply policy at work in the service: a burst whose trees trickle in is applied by a few runs
 * (not one per tree), a quiet host applies at once, nodes whose trees do not come hold others back
 * at most {@code apply-max-window}, and a reported failure stops holding them back.
 */
@QuarkusTest
@WithTestResource(SharedfsInfrastructure.class)
class BacklogApplyTest {

    private static final Logger LOG = Logger.getLogger(BacklogApplyTest.class);
    private static final int NODES = 120;
    private static final int VES = 4;

    @Test
    void aBurstWhoseTreesTrickleInIsAppliedByAFewRunsAndEveryNodeIsExportedOnce() throws InterruptedException {
        ImageRef image = sharedImage();
        List<Long> ves = new ArrayList<>();
        for (int i = 0; i < VES; i++) {
            ves.add(veId());
        }
        Map<String, String> addressOfNode = new HashMap<>();
        List<SharedfsMessage> adds = new ArrayList<>();
        for (int i = 0; i < NODES; i++) {
            long ve = ves.get(i % VES);
            long vem = 1 + i / VES;
            String address = address();
            addressOfNode.put(ve + "/" + vem, address);
            adds.add(added(ve, vem, address, image));
        }
        await().atMost(Bus.WAIT).until(TestDb::settled);
        int runsBefore = ExportsFile.runs();

        // The burst's adds reach the exporter at once; their trees come one by one, 30 ms apart.
        Bus.publishAll(adds);
        await().atMost(Bus.WAIT).until(() -> awaiting(ves) == NODES);
        for (int i = 0; i < NODES; i++) {
            Bus.publish(provisioned(ves.get(i % VES), 1 + i / VES, image));
            TimeUnit.MILLISECONDS.sleep(30);
        }

        List<NodeExported> exported = Bus.awaitAll(NodeExported.class, event -> ves.contains(event.veId()), NODES);
        await().atMost(Bus.WAIT).until(TestDb::settled);
        int runs = ExportsFile.runs() - runsBefore;
        LOG.infof("%d nodes whose trees came 30 ms apart were exported by %d apply runs", NODES, runs);
        // log2(120 / 4) + 4 + 1 is about 10; one run per tree, or per 200 ms window, would be 18 to 120.
        assertTrue(runs >= 1 && runs <= 12, runs + " apply runs for " + NODES + " nodes");
        Map<String, Long> reports = exported.stream()
                .collect(Collectors.groupingBy(event -> event.veId() + "/" + event.vemId(), Collectors.counting()));
        assertEquals(NODES, reports.size());
        assertTrue(reports.values().stream().allMatch(count -> count == 1), "a node reported twice");
        addressOfNode.forEach((node, address) -> assertEquals(6, ExportsFile.linesFor(address).size(), node));
        assertEquals(0, awaiting(ves));
    }

    @Test
    void aLoneNodeOnAQuietHostIsAppliedWithoutWaitingForTheMaxWindow() {
        long ve = veId();
        String address = address();
        ImageRef image = sharedImage();
        await().atMost(Bus.WAIT).until(TestDb::settled);

        Bus.publish(added(ve, 1, address, image));
        Bus.publish(provisioned(ve, 1, image));

        // Far less than the max window: nothing awaits, so nothing holds it.
        Duration within = maxWindow().dividedBy(3);
        Bus.awaitAll(NodeExported.class, event -> event.veId() == ve, 1);
        await().atMost(within).until(() -> ExportsFile.linesFor(address).size() == 6);
        assertEquals(expectedLines(ve, 1, address, image), ExportsFile.linesFor(address));
    }

    @Test
    void nodesWhoseTreesDoNotComeHoldANodeBackAtMostTheMaxWindowAndAFailureReleasesIt() {
        ImageRef image = sharedImage();
        long stuckVe = veId();
        for (int vem = 1; vem <= 6; vem++) {
            Bus.publish(added(stuckVe, vem, address(), image));
        }
        await().atMost(Bus.WAIT).until(() -> awaiting(List.of(stuckVe)) == 6);

        // Six trees are on their way (more than the quiet backlog of 4): a lone ready node waits for them.
        long ve = veId();
        String held = address();
        Bus.publishAndAwait(added(ve, 1, held, image));
        Bus.publishAndAwait(provisioned(ve, 1, image));
        assertFalse(TestDb.settled(), "applied although six trees were on their way");
        assertEquals(List.of(), ExportsFile.linesFor(held));
        // ... but never longer than the max window.
        Bus.awaitAll(NodeExported.class, event -> event.veId() == ve, 1);
        assertEquals(6, ExportsFile.linesFor(held).size());

        // Again; this time node-provisioner reports the six failed, and the node is applied at once.
        long second = veId();
        String released = address();
        Bus.publishAndAwait(added(second, 1, released, image));
        Bus.publishAndAwait(provisioned(second, 1, image));
        for (int vem = 1; vem <= 6; vem++) {
            Bus.publish(new NodeProvisioningFailed(stuckVe, vem, 1, "init_vem exited with status 1"));
        }
        await().atMost(maxWindow().dividedBy(2)).until(() -> ExportsFile.linesFor(released).size() == 6);
        assertEquals(0, awaiting(List.of(stuckVe)));
    }

    private static long awaiting(List<Long> ves) {
        long first = ves.stream().mapToLong(Long::longValue).min().orElseThrow();
        long last = ves.stream().mapToLong(Long::longValue).max().orElseThrow();
        return TestDb.count("SELECT count(*) FROM export_node WHERE storage_host = ? AND ve_id BETWEEN ? AND ?"
                + " AND awaiting", Bus.storageHost(), first, last);
    }

    private static Duration maxWindow() {
        return ConfigProvider.getConfig().getValue("sharedfs.exporter.apply-max-window", Duration.class);
    }
}
