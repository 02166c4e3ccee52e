package io.sharedfs.exporter.apply;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.sharedfs.contracts.SharedfsMessage;
import io.sharedfs.contracts.export.NodeExported;
import io.sharedfs.contracts.node.ImageRef;
import io.sharedfs.exporter.Bus;
import io.sharedfs.exporter.ExportsFile;
import io.sharedfs.exporter.TestDb;
import io.sharedfs.exporter.TestNodes;
import io.sharedfs.testsupport.SharedfsInfrastructure;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.Test;

/** A burst of node events is applied by a few runs, never one per node. */
@QuarkusTest
@WithTestResource(SharedfsInfrastructure.class)
class CoalescingTest {

    private static final Logger LOG = Logger.getLogger(CoalescingTest.class);
    private static final int NODES = 1000;
    private static final int VES = 10;

    @Test
    void aThousandNodeEventsAreAppliedByAtMostTwentyRunsEachNodeExportedOnce() {
        ImageRef image = TestNodes.sharedImage();
        long firstVe = TestNodes.veId();
        List<Long> ves = new ArrayList<>();
        for (int i = 0; i < VES; i++) {
            ves.add(i == 0 ? firstVe : TestNodes.veId());
        }
        Map<String, String> addressOfNode = new HashMap<>();
        List<SharedfsMessage> adds = new ArrayList<>();
        List<SharedfsMessage> provisions = new ArrayList<>();
        for (int i = 0; i < NODES; i++) {
            long ve = ves.get(i % VES);
            long vem = 1 + i / VES;
            String address = TestNodes.address();
            addressOfNode.put(ve + "/" + vem, address);
            adds.add(TestNodes.added(ve, vem, address, image));
            provisions.add(TestNodes.provisioned(ve, vem, image));
        }
        await().atMost(Bus.WAIT).until(TestDb::settled);
        int runsBefore = ExportsFile.runs();
        long started = System.nanoTime();

        Bus.publishAll(adds);
        Bus.publishAll(provisions);

        List<NodeExported> exported = Bus.awaitAll(NodeExported.class, event -> ves.contains(event.veId()), NODES);
        await().atMost(Bus.WAIT).until(TestDb::settled);
        int runs = ExportsFile.runs() - runsBefore;
        LOG.infof("%d nodes (%d events) exported by %d apply runs in %d ms", NODES, 2 * NODES, runs,
                Duration.ofNanos(System.nanoTime() - started).toMillis());
        assertTrue(runs >= 1 && runs <= 20, runs + " apply runs for " + NODES + " nodes");
        Map<String, Long> reportsPerNode = exported.stream()
                .collect(Collectors.groupingBy(event -> event.veId() + "/" + event.vemId(), Collectors.counting()));
        assertEquals(NODES, reportsPerNode.size());
        assertTrue(reportsPerNode.values().stream().allMatch(count -> count == 1), "a node reported twice");
        List<String> lines = ExportsFile.lines();
        addressOfNode.forEach((node, address) -> {
            long count = lines.stream().filter(line -> line.contains(" " + address + "(")).count();
            assertEquals(6, count, "lines for node " + node + " (" + address + ")");
        });
        assertEquals(lines.size(), lines.stream().distinct().count(), "duplicate lines in the file");
    }
}
