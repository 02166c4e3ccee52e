package io.sharedfs.systemtests;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.sharedfs.contracts.Topics;
import io.sharedfs.contracts.command.AddNode;
import io.sharedfs.contracts.export.NodeExported;
import io.sharedfs.contracts.node.NodeAdded;
import io.sharedfs.contracts.node.NodeState;
import io.sharedfs.contracts.node.NodeStateChanged;
import io.sharedfs.contracts.provisioning.InitVemHookRan;
import io.sharedfs.contracts.provisioning.NodeProvisioned;
import io.sharedfs.contracts.provisioning.PrivateTreeCreated;
import io.sharedfs.systemtests.harness.Addresses;
import io.sharedfs.systemtests.harness.Audit;
import io.sharedfs.systemtests.harness.CommandPublisher;
import io.sharedfs.systemtests.harness.Events;
import io.sharedfs.systemtests.harness.Events.Event;
import io.sharedfs.systemtests.harness.ExpectedExports;
import io.sharedfs.systemtests.harness.Faults;
import io.sharedfs.systemtests.harness.FileTrees;
import io.sharedfs.systemtests.harness.Hooks;
import io.sharedfs.systemtests.harness.Operator;
import io.sharedfs.systemtests.harness.SampleImage;
import io.sharedfs.systemtests.harness.ServiceProcess;
import io.sharedfs.systemtests.harness.SharedfsSystem;
import io.sharedfs.systemtests.harness.StorageHost;
import io.sharedfs.contracts.MessageType;
import io.sharedfs.contracts.SharedfsMessage;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A burst of node adds (N = {@code sharedfs.fault.nodes}, 30 by default, 200 for the full run) while
 * every service is killed ({@code kill -9}) once and started again, and the broker is stopped and
 * started again. At the end every node is READY, every hook ran exactly once, the exports file has
 * no duplicate line and every expected event is on its topic.
 *
 * <p>The adds are spread over the faults: most come as upstream AddNode commands on Kafka (they wait
 * there while ve-service is down), some through REST (also while the broker is down: ve-service
 * keeps them in its outbox). Each service is killed right after a batch of adds was published, so it
 * dies with work in flight.
 */
class FaultIT {

    private static final String HOST = "storage-a";
    private static final int NODES = Integer.getInteger("sharedfs.fault.nodes", 30);

    private static SharedfsSystem system;

    @BeforeAll
    static void startTheSystem() {
        system = SharedfsSystem.start("FaultIT", SharedfsSystem.Topology.single());
    }

    @AfterAll
    static void stopTheSystem() {
        if (system != null) {
            system.close();
        }
    }

    /** One node of the burst: what was asked for. */
    private record Wanted(String hostname, String address) {
    }

    @Test
    void aBurstOfNodeAddsSurvivesAKill9OfEveryServiceAndABrokerRestart() throws Exception {
        Operator operator = system.operator();
        StorageHost host = system.host(HOST);
        SampleImage image = SampleImage.create(host.imagesDir().resolve("burst"), "burst");
        UUID imageId = operator.registerSharedImage("burst", image.root(), HOST);
        long ve = operator.createVe("burst-farm", imageId);
        Path counter = system.work().resolve("hook-runs-burst");
        Hooks.install(image, ve, counter);

        List<Wanted> wanted = new ArrayList<>();
        for (int i = 1; i <= NODES; i++) {
            wanted.add(new Wanted("burst-" + i, Addresses.next()));
        }
        // Eight batches: commands, commands (ve-service down), REST, commands (provisioner killed),
        // commands (exporter killed), commands (image-service killed), REST (broker down), commands.
        List<List<Wanted>> batches = split(wanted, 8);
        List<String> timeline = new ArrayList<>();
        long begin = System.nanoTime();
        java.time.Instant beginAt = java.time.Instant.now();
        Consumer<String> log = step -> timeline.add(String.format("%6.1f s  %s",
                (System.nanoTime() - begin) / 1e9, step));

        try (CommandPublisher upstream = new CommandPublisher(system.kafka())) {
            ServiceProcess veService = system.veService();
            ServiceProcess provisioner = system.provisioner(HOST);
            ServiceProcess exporter = system.exporter(HOST);
            ServiceProcess imageService = system.imageService();

            addByCommands(upstream, ve, batches.get(0));
            log.accept("batch 1: " + batches.get(0).size() + " AddNode commands");
            veService.kill();
            log.accept("ve-service killed (kill -9)");
            addByCommands(upstream, ve, batches.get(1));
            log.accept("batch 2: " + batches.get(1).size() + " AddNode commands while ve-service is down");
            veService.start();
            veService.awaitReady();
            log.accept("ve-service started again and ready");

            addByRest(operator, ve, batches.get(2));
            log.accept("batch 3: " + batches.get(2).size() + " adds through REST");
            Faults.ProvisionerKill kill = Faults.killProvisionerOutsideHooks(system, provisioner);
            log.accept("node-provisioner killed (kill -9) with " + kill.jobsRunning() + " job(s) running and "
                    + kill.jobsDue() + " due, no hook in flight (" + kill.hooksSucceeded() + " hooks done so far)");
            addByCommands(upstream, ve, batches.get(3));
            log.accept("batch 4: " + batches.get(3).size() + " AddNode commands while node-provisioner is down");
            provisioner.start();
            log.accept("node-provisioner starting again");

            addByCommands(upstream, ve, batches.get(4));
            log.accept("batch 5: " + batches.get(4).size() + " AddNode commands");
            exporter.kill();
            log.accept("nfs-exporter killed (kill -9)");
            exporter.start();
            log.accept("nfs-exporter starting again");

            addByCommands(upstream, ve, batches.get(5));
            log.accept("batch 6: " + batches.get(5).size() + " AddNode commands");
            imageService.kill();
            log.accept("image-service killed (kill -9)");
            imageService.start();
            log.accept("image-service starting again");

            system.awaitAllReady();
            log.accept("every service ready again");
            system.stopBroker();
            log.accept("broker killed");
            addByRest(operator, ve, batches.get(6));
            log.accept("batch 7: " + batches.get(6).size() + " adds through REST while the broker is down");
            system.startBroker();
            log.accept("broker started again; every service ready");

            addByCommands(upstream, ve, batches.get(7));
            log.accept("batch 8: " + batches.get(7).size() + " AddNode commands");
        }

        // Every node READY.
        Duration timeout = Duration.ofSeconds(180 + 2L * NODES);
        Map<String, JsonNode> byHostname = new TreeMap<>();
        await(NODES + " nodes READY").atMost(timeout).pollInterval(Duration.ofMillis(500))
                .failFast("a node FAILED", () -> {
                    List<String> failed = byHostname.values().stream()
                            .filter(n -> n.path("state").asText().equals("FAILED"))
                            .map(n -> n.path("vemId").asText() + " " + n.path("hostname").asText() + ": "
                                    + n.path("stateReason").asText())
                            .toList();
                    if (!failed.isEmpty()) {
                        throw new AssertionError("FAILED nodes: " + failed);
                    }
                })
                .until(() -> {
                    byHostname.clear();
                    for (JsonNode node : operator.nodes(ve)) {
                        JsonNode previous = byHostname.put(node.path("hostname").asText(), node);
                        if (previous != null) {
                            throw new AssertionError("two nodes named " + node.path("hostname").asText() + ": "
                                    + previous + " and " + node);
                        }
                    }
                    return byHostname.size() == NODES && byHostname.values().stream()
                            .allMatch(n -> n.path("state").asText().equals("READY"));
                });
        long allReady = System.nanoTime();
        log.accept("all " + NODES + " nodes READY");

        assertEquals(wanted.stream().map(Wanted::hostname).sorted().toList(), List.copyOf(byHostname.keySet()),
                "exactly the nodes asked for, each once");
        Map<Long, String> addresses = new TreeMap<>();
        for (Wanted node : wanted) {
            JsonNode found = byHostname.get(node.hostname());
            assertEquals(node.address(), found.path("address").asText());
            assertEquals(1, found.path("attempt").asInt(), "no retry was needed for " + node.hostname());
            addresses.put(found.path("vemId").asLong(), node.address());
        }
        assertEquals(NODES, addresses.size(), "no VEM id twice");

        // Every hook ran exactly once: one line per node in the counter file.
        List<String> runs = Hooks.runs(counter);
        Map<String, Long> perNode = runs.stream().collect(Collectors.groupingBy(r -> r, TreeMap::new, Collectors.counting()));
        assertEquals(Map.of(), perNode.entrySet().stream().filter(e -> e.getValue() != 1)
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)), "hooks that ran more than once");
        assertEquals(addresses.keySet().stream().map(vem -> ve + " " + vem).sorted().toList(), List.copyOf(perNode.keySet()),
                "a hook run for every node");

        // Trees complete, nothing left in staging.
        for (long vem : addresses.keySet()) {
            image.assertNodeTree(ve, vem);
        }
        assertEquals(List.of(), FileTrees.list(image.root().resolve("private/.staging")), "staging leftovers");

        // The exports file: no duplicate line, each node's lines exactly.
        await("every node in " + host.exportsFile()).atMost(Operator.TIMEOUT)
                .until(() -> host.exportLines().size() >= 6 * NODES);
        List<String> lines = host.exportLines();
        assertEquals(List.of(), ExpectedExports.duplicates(lines), "duplicate lines in " + host.exportsFile());
        assertEquals(6 * NODES, lines.size(), "lines in " + host.exportsFile());
        addresses.forEach((vem, address) -> assertEquals(
                ExpectedExports.of(image.root(), ve, vem, address).stream().sorted().toList(),
                ExpectedExports.forAddress(lines, address).stream().sorted().toList(), "exports of node " + vem));

        // Every expected event on its topic, in order per node, with its CloudEvents headers.
        String key = Long.toString(ve);
        List<Event> nodes = Events.await(system.kafka(), Topics.NODES, "READY of every node", events ->
                readyNodes(events, ve).size() == NODES).stream().filter(e -> e.key().equals(key)).toList();
        List<Event> provisioning = Events.await(system.kafka(), Topics.PROVISIONING, "every node provisioned",
                events -> nodesWith(events, NodeProvisioned.class, ve).size() == NODES).stream()
                .filter(e -> e.key().equals(key)).toList();
        List<Event> exports = Events.await(system.kafka(), Topics.EXPORTS, "every node exported",
                events -> nodesWith(events, NodeExported.class, ve).size() == NODES).stream()
                .filter(e -> e.key().equals(key)).toList();
        Audit.assertOnePartitionPerKey(nodes);
        Audit.assertOnePartitionPerKey(provisioning);
        Audit.assertOnePartitionPerKey(exports);
        nodes.forEach(e -> Events.assertCloudEvent(e, "/sharedfs/ve-service"));
        provisioning.forEach(e -> Events.assertCloudEvent(e, "/sharedfs/node-provisioner"));
        exports.forEach(e -> Events.assertCloudEvent(e, "/sharedfs/nfs-exporter"));
        Set<Long> vems = addresses.keySet();
        assertEquals(vems, nodesWith(nodes, NodeAdded.class, ve), "NodeAdded of every node");
        assertEquals(vems, readyNodes(nodes, ve), "NodeStateChanged to READY of every node");
        assertEquals(vems, nodesWith(provisioning, PrivateTreeCreated.class, ve), "PrivateTreeCreated of every node");
        assertEquals(vems, nodesWith(provisioning, InitVemHookRan.class, ve), "InitVemHookRan of every node");
        assertEquals(vems, nodesWith(provisioning, NodeProvisioned.class, ve), "NodeProvisioned of every node");
        assertEquals(vems, nodesWith(exports, NodeExported.class, ve), "NodeExported of every node");
        for (long vem : vems) {
            Audit.assertInOrder(nodes, ve, vem, List.of("NodeAdded", "NodeStateChanged"));
            Audit.assertInOrder(provisioning, ve, vem, List.of("PrivateTreeCreated", "InitVemHookRan", "NodeProvisioned"));
            List<String> states = Events.bodies(Audit.ofNode(nodes, ve, vem), NodeStateChanged.class, e -> true).stream()
                    .map(e -> e.to().name()).distinct().toList();
            assertEquals(List.of("PROVISIONING", "READY"), states, "states of node " + vem);
            assertEquals(1, distinctIds(Audit.ofNode(nodes, ve, vem), NodeAdded.class), "NodeAdded events of " + vem);
            assertEquals(1, distinctIds(Audit.ofNode(provisioning, ve, vem), InitVemHookRan.class),
                    "hook results of " + vem);
        }
        List<Event> deadLetters = Events.read(system.kafka(), Topics.DEAD_LETTER);
        assertEquals(List.of(), deadLetters.stream().map(e -> e.where() + " " + e.header("dead-letter-reason")).toList(),
                "nothing dead-lettered");

        // Figures.
        long wall = Duration.ofNanos(allReady - begin).toMillis();
        StringBuilder report = new StringBuilder();
        report.append(String.format("%n[FaultIT] %d nodes, every service killed once and the broker restarted:"
                + " all READY %.1f s after the first add%n", NODES, wall / 1000.0));
        timeline.forEach(step -> report.append("[FaultIT]   ").append(step).append('\n'));
        Map<String, Long> vemOf = new TreeMap<>();
        byHostname.forEach((name, node) -> vemOf.put(name, node.path("vemId").asLong()));
        for (int b = 0; b < batches.size(); b++) {
            List<Long> batchVems = batches.get(b).stream().map(w -> vemOf.get(w.hostname())).toList();
            report.append(String.format("[FaultIT]   batch %d: accepted (NodeAdded) by %s, all READY by %s%n", b + 1,
                    lastTime(nodes, NodeAdded.class, batchVems, beginAt),
                    lastTime(nodes.stream().filter(e -> e.is(NodeStateChanged.class)
                            && e.as(NodeStateChanged.class).to() == NodeState.READY).toList(),
                            NodeStateChanged.class, batchVems, beginAt)));
        }
        report.append(String.format("[FaultIT] apply runs: %d; records published again after a crash (same ce_id):"
                + " nodes %d, provisioning %d, exports %d; hook runs %d%n", host.applyRuns(), redelivered(nodes),
                redelivered(provisioning), redelivered(exports), runs.size()));
        System.out.print(report);
    }

    private static void addByCommands(CommandPublisher upstream, long ve, List<Wanted> batch) {
        for (Wanted node : batch) {
            upstream.send(new AddNode("burst-" + node.hostname() + "-" + UUID.randomUUID(), ve, node.hostname(),
                    node.address(), null));
        }
        upstream.flush();
    }

    private static void addByRest(Operator operator, long ve, List<Wanted> batch) {
        batch.forEach(node -> operator.addNode(ve, node.hostname(), node.address()));
    }

    private static <T> List<List<T>> split(List<T> all, int parts) {
        List<List<T>> batches = new ArrayList<>();
        for (int i = 0; i < parts; i++) {
            batches.add(all.subList(all.size() * i / parts, all.size() * (i + 1) / parts));
        }
        return batches;
    }

    private static Set<Long> readyNodes(List<Event> events, long ve) {
        return Events.bodies(events, NodeStateChanged.class, e -> e.veId() == ve && e.to() == NodeState.READY).stream()
                .map(NodeStateChanged::vemId).collect(Collectors.toCollection(java.util.TreeSet::new));
    }

    private static Set<Long> nodesWith(List<Event> events, Class<? extends SharedfsMessage> type, long ve) {
        String ceType = MessageType.of(type).ceType();
        return events.stream().filter(e -> ceType.equals(e.header("ce_type")))
                .map(e -> (io.sharedfs.contracts.node.NodeMessage) e.body())
                .filter(m -> m.veId() == ve).map(io.sharedfs.contracts.node.NodeMessage::vemId)
                .collect(Collectors.toCollection(java.util.TreeSet::new));
    }

    private static long distinctIds(List<Event> events, Class<? extends SharedfsMessage> type) {
        return events.stream().filter(e -> e.is(type)).map(Event::ceId).distinct().count();
    }

    /** When the last of these nodes' events of this type was published, in seconds after {@code begin}. */
    private static String lastTime(List<Event> events, Class<? extends SharedfsMessage> type, List<Long> vems,
            java.time.Instant begin) {
        return events.stream().filter(e -> e.is(type))
                .filter(e -> vems.contains(((io.sharedfs.contracts.node.NodeMessage) e.body()).vemId()))
                .map(e -> java.time.Instant.parse(e.header("ce_time")))
                .max(java.util.Comparator.naturalOrder())
                .map(at -> String.format("%.1f s", Duration.between(begin, at).toMillis() / 1000.0)).orElse("never");
    }

    private static long redelivered(List<Event> events) {
        return events.size() - events.stream().map(Event::ceId).distinct().count();
    }
}
