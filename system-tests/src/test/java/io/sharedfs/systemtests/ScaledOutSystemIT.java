package io.sharedfs.systemtests;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.sharedfs.contracts.Keys;
import io.sharedfs.contracts.Topics;
import io.sharedfs.contracts.export.ExportsApplied;
import io.sharedfs.contracts.export.NodeExported;
import io.sharedfs.contracts.image.ImageLayoutPrepared;
import io.sharedfs.contracts.node.NodeAdded;
import io.sharedfs.contracts.node.NodeState;
import io.sharedfs.contracts.node.NodeStateChanged;
import io.sharedfs.contracts.provisioning.NodeProvisioned;
import io.sharedfs.contracts.provisioning.PrivateTreeCreated;
import io.sharedfs.systemtests.harness.Addresses;
import io.sharedfs.systemtests.harness.Audit;
import io.sharedfs.systemtests.harness.Events;
import io.sharedfs.systemtests.harness.Events.Event;
import io.sharedfs.systemtests.harness.ExpectedExports;
import io.sharedfs.systemtests.harness.FileTrees;
import io.sharedfs.systemtests.harness.Hooks;
import io.sharedfs.systemtests.harness.Operator;
import io.sharedfs.systemtests.harness.SampleImage;
import io.sharedfs.systemtests.harness.ServiceProcess;
import io.sharedfs.systemtests.harness.SharedfsSystem;
import io.sharedfs.systemtests.harness.StorageHost;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The system scaled out: two storage hosts, each with its own node-provisioner and nfs-exporter (own
 * images directory, exports directory and databases), image-service knowing both hosts, and two
 * ve-service instances on one database. Each image is handled only by its own host's agents; both
 * ve-service instances serve the same VEs without duplicate VEM ids or duplicate events.
 */
class ScaledOutSystemIT {

    private static final String HOST_A = "storage-a";
    private static final String HOST_B = "storage-b";

    private static SharedfsSystem system;
    private static Operator operator;

    @BeforeAll
    static void startTheSystem() {
        system = SharedfsSystem.start("ScaledOutSystemIT", new SharedfsSystem.Topology(List.of(HOST_A, HOST_B), 2));
        operator = system.operator();
    }

    @AfterAll
    static void stopTheSystem() {
        if (system != null) {
            system.close();
        }
    }

    @Test
    void eachImageIsProvisionedExportedAndMountedOnlyByTheAgentsOfItsOwnStorageHost() throws Exception {
        StorageHost hostA = system.host(HOST_A);
        StorageHost hostB = system.host(HOST_B);
        SampleImage imageA = SampleImage.create(hostA.imagesDir().resolve("alpha"), "alpha");
        SampleImage imageB = SampleImage.create(hostB.imagesDir().resolve("beta"), "beta");
        UUID idA = operator.registerSharedImage("alpha", imageA.root(), HOST_A);
        UUID idB = operator.registerSharedImage("beta", imageB.root(), HOST_B);
        imageA.assertLayoutPrepared();
        imageB.assertLayoutPrepared();
        long veA = operator.createVe("alpha-farm", idA);
        long veB = operator.createVe("beta-farm", idB);
        Path counterA = system.work().resolve("hook-runs-alpha");
        Path counterB = system.work().resolve("hook-runs-beta");
        Hooks.install(imageA, veA, counterA);
        Hooks.install(imageB, veB, counterB);

        Map<Long, String> nodesA = new LinkedHashMap<>();
        Map<Long, String> nodesB = new LinkedHashMap<>();
        for (int i = 1; i <= 3; i++) {
            String a = Addresses.next();
            nodesA.put(operator.addNode(veA, "alpha" + i, a), a);
            String b = Addresses.next();
            nodesB.put(operator.addNode(veB, "beta" + i, b), b);
        }
        nodesA.keySet().forEach(vem -> operator.awaitNode(veA, vem, "READY"));
        nodesB.keySet().forEach(vem -> operator.awaitNode(veB, vem, "READY"));

        // On disk: trees only under their own host's image; each hook once per node.
        for (long vem : nodesA.keySet()) {
            imageA.assertNodeTree(veA, vem);
        }
        for (long vem : nodesB.keySet()) {
            imageB.assertNodeTree(veB, vem);
        }
        assertEquals(List.of(Long.toString(veA)), FileTrees.list(imageA.root().resolve("private")).stream()
                .filter(name -> !name.equals(".staging")).toList(), "only VE " + veA + " under image alpha");
        assertEquals(List.of(Long.toString(veB)), FileTrees.list(imageB.root().resolve("private")).stream()
                .filter(name -> !name.equals(".staging")).toList(), "only VE " + veB + " under image beta");
        assertFalse(FileTrees.exists(imageA.veDir(veB)), "nothing of VE " + veB + " under image alpha");
        assertFalse(FileTrees.exists(imageB.veDir(veA)), "nothing of VE " + veA + " under image beta");
        assertEquals(expectedRuns(veA, nodesA), Hooks.runs(counterA).stream().sorted().toList());
        assertEquals(expectedRuns(veB, nodesB), Hooks.runs(counterB).stream().sorted().toList());

        // Each host's exports file: its own nodes' lines, nothing of the other host's.
        await("both exports files complete").atMost(Operator.TIMEOUT).until(() ->
                hostA.exportLines().size() >= 6 * nodesA.size() && hostB.exportLines().size() >= 6 * nodesB.size());
        assertExportsOnlyFor(hostA, imageA, veA, nodesA, imageB);
        assertExportsOnlyFor(hostB, imageB, veB, nodesB, imageA);
        assertTrue(hostA.applyRuns() >= 1 && hostB.applyRuns() >= 1, "each host applied its own table");

        // Mount tables and tree reports come from the node's own host; the other host knows nothing of it.
        assertServedOnlyBy(HOST_A, HOST_B, veA, nodesA);
        assertServedOnlyBy(HOST_B, HOST_A, veB, nodesB);

        // Events: layout answers, provisioning and exports name the right host.
        List<Event> layout = Events.read(system.kafka(), Topics.IMAGE_LAYOUT);
        assertEquals(List.of(HOST_A), hostsOfLayoutAnswers(layout, idA), "layout answers about image alpha");
        assertEquals(List.of(HOST_B), hostsOfLayoutAnswers(layout, idB), "layout answers about image beta");
        List<Event> provisioning = Events.read(system.kafka(), Topics.PROVISIONING);
        assertEquals(List.of(HOST_A), Events.bodies(provisioning, NodeProvisioned.class, e -> e.veId() == veA).stream()
                .map(NodeProvisioned::storageHost).distinct().toList());
        assertEquals(List.of(HOST_B), Events.bodies(provisioning, NodeProvisioned.class, e -> e.veId() == veB).stream()
                .map(NodeProvisioned::storageHost).distinct().toList());
        assertTrue(Events.bodies(provisioning, PrivateTreeCreated.class, e -> e.veId() == veA).stream()
                .allMatch(e -> e.treePath().startsWith(imageA.root() + "/")), "trees of VE " + veA + " in image alpha");
        assertTrue(Events.bodies(provisioning, PrivateTreeCreated.class, e -> e.veId() == veB).stream()
                .allMatch(e -> e.treePath().startsWith(imageB.root() + "/")), "trees of VE " + veB + " in image beta");
        List<Event> exports = Events.read(system.kafka(), Topics.EXPORTS);
        assertEquals(List.of(HOST_A), Events.bodies(exports, NodeExported.class, e -> e.veId() == veA).stream()
                .map(NodeExported::storageHost).distinct().toList());
        assertEquals(List.of(HOST_B), Events.bodies(exports, NodeExported.class, e -> e.veId() == veB).stream()
                .map(NodeExported::storageHost).distinct().toList());
        for (String host : List.of(HOST_A, HOST_B)) {
            List<Event> applied = exports.stream().filter(e -> e.is(ExportsApplied.class)
                    && e.as(ExportsApplied.class).storageHost().equals(host)).toList();
            assertFalse(applied.isEmpty(), "ExportsApplied of " + host);
            applied.forEach(e -> assertEquals(Keys.storageHost(host), e.key()));
        }
    }

    @Test
    void twoVeServiceInstancesServeTheSameVesWithoutDuplicateIdsOrEvents() throws Exception {
        StorageHost host = system.host(HOST_A);
        SampleImage image = SampleImage.create(host.imagesDir().resolve("gamma"), "gamma");
        UUID imageId = operator.registerSharedImage("gamma", image.root(), HOST_A);
        List<ServiceProcess> instances = system.veServices();
        assertEquals(2, instances.size());
        Operator first = operator.via(instances.get(0));
        Operator second = operator.via(instances.get(1));
        long ve = second.createVe("gamma-farm", imageId);
        assertEquals(ve, first.ves().json("/ves/" + ve).path("id").asLong(), "the first instance sees the VE too");
        Path counter = system.work().resolve("hook-runs-gamma");
        Hooks.install(image, ve, counter);

        // Both instances add nodes to the same VE at the same time.
        int perInstance = 8;
        ExecutorService pool = Executors.newFixedThreadPool(2);
        List<Future<Map<Long, String>>> adds = new ArrayList<>();
        for (Operator via : List.of(first, second)) {
            adds.add(pool.submit(() -> {
                Map<Long, String> added = new LinkedHashMap<>();
                for (int i = 0; i < perInstance; i++) {
                    String address = Addresses.next();
                    added.put(via.addNode(ve, "gamma-" + address.replace('.', '-'), address), address);
                }
                return added;
            }));
        }
        Map<Long, String> nodes = new LinkedHashMap<>();
        List<Long> vems = new ArrayList<>();
        for (Future<Map<Long, String>> add : adds) {
            Map<Long, String> added = add.get();
            vems.addAll(added.keySet());
            nodes.putAll(added);
        }
        pool.shutdown();
        assertEquals(2 * perInstance, vems.stream().distinct().count(), "no VEM id handed out twice: " + vems);

        for (long vem : nodes.keySet()) {
            (vem % 2 == 0 ? first : second).awaitNode(ve, vem, "READY");
        }
        assertEquals(summaries(first, ve), summaries(second, ve), "both instances show the same nodes");
        assertEquals(expectedRuns(ve, nodes), Hooks.runs(counter).stream().sorted().toList(), "one hook run per node");

        // A removal through the second instance completes too.
        long removed = vems.get(0);
        second.removeNode(ve, removed, false);
        first.awaitNode(ve, removed, "REMOVED");

        List<Event> events = Events.await(system.kafka(), Topics.NODES, "REMOVED of node " + removed,
                all -> !Events.bodies(all, NodeStateChanged.class,
                        e -> e.veId() == ve && e.vemId() == removed && e.to() == NodeState.REMOVED).isEmpty());
        List<Event> ofVe = events.stream().filter(e -> e.key().equals(Long.toString(ve))).toList();
        Audit.assertOnePartitionPerKey(ofVe);
        Map<String, Long> ids = ofVe.stream().collect(Collectors.groupingBy(Event::ceId, Collectors.counting()));
        assertEquals(Map.of(), ids.entrySet().stream().filter(e -> e.getValue() > 1)
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)), "no event published twice");
        for (long vem : nodes.keySet()) {
            ofVe.stream().filter(e -> e.header("ce_subject").equals("ve/" + ve + "/node/" + vem))
                    .forEach(e -> Events.assertCloudEvent(e, "/sharedfs/ve-service"));
            assertEquals(1, Events.bodies(ofVe, NodeAdded.class, e -> e.vemId() == vem).size(), "one NodeAdded of " + vem);
            assertEquals(1, Events.bodies(ofVe, NodeStateChanged.class, e -> e.vemId() == vem && e.to() == NodeState.READY)
                    .size(), "one READY of " + vem);
            Audit.assertInOrder(ofVe, ve, vem, List.of("NodeAdded", "NodeStateChanged"));
        }
        List<Long> addedOrder = Events.bodies(ofVe, NodeAdded.class, e -> true).stream().map(NodeAdded::vemId).toList();
        assertEquals(addedOrder.stream().sorted().toList(), addedOrder,
                "NodeAdded in VEM id order: the outbox keeps one VE's events in commit order");
        List<String> lines = host.exportLines();
        assertEquals(List.of(), ExpectedExports.duplicates(lines));
        for (long vem : nodes.keySet()) {
            List<String> expected = vem == removed ? List.of()
                    : ExpectedExports.of(image.root(), ve, vem, nodes.get(vem)).stream().sorted().toList();
            assertEquals(expected, ExpectedExports.forAddress(lines, nodes.get(vem)).stream().sorted().toList(),
                    "exports of node " + vem);
        }
    }

    private static List<String> summaries(Operator via, long ve) {
        return via.nodes(ve).stream().map(n -> n.path("vemId").asLong() + " " + n.path("hostname").asText() + " "
                + n.path("address").asText() + " " + n.path("state").asText()).toList();
    }

    private static List<String> expectedRuns(long ve, Map<Long, String> nodes) {
        return nodes.keySet().stream().map(vem -> ve + " " + vem).sorted().toList();
    }

    private static List<String> hostsOfLayoutAnswers(List<Event> layout, UUID imageId) {
        return layout.stream().filter(e -> e.key().equals(imageId.toString()))
                .peek(e -> Events.assertCloudEvent(e, "/sharedfs/node-provisioner"))
                .map(e -> e.is(ImageLayoutPrepared.class) ? e.as(ImageLayoutPrepared.class).storageHost()
                        : "rejected: " + e.value())
                .distinct().toList();
    }

    private static void assertExportsOnlyFor(StorageHost host, SampleImage image, long ve, Map<Long, String> nodes,
            SampleImage otherImage) {
        List<String> lines = host.exportLines();
        assertEquals(List.of(), ExpectedExports.duplicates(lines), "duplicates in " + host.exportsFile());
        assertEquals(List.of(), lines.stream().filter(line -> line.startsWith(otherImage.root().toString())).toList(),
                "no line of the other host's image in " + host.exportsFile());
        List<String> expected = new ArrayList<>();
        nodes.forEach((vem, address) -> expected.addAll(ExpectedExports.of(image.root(), ve, vem, address)));
        List<String> ofThisTest = lines.stream().filter(line -> line.startsWith(image.root() + " ")
                || line.startsWith(image.root() + "/")).sorted().toList();
        assertEquals(expected.stream().sorted().toList(), ofThisTest, "the lines of " + host.name());
    }

    private static void assertServedOnlyBy(String host, String otherHost, long ve, Map<Long, String> nodes) {
        for (long vem : nodes.keySet()) {
            String node = "/nodes/" + ve + "/" + vem + "/mounts";
            JsonNode mounts = system.exporter(host).api("viewer").json(node);
            for (JsonNode mount : mounts) {
                String source = mount.path("source").asText();
                if (mount.path("type").asText().equals("nfs")) {
                    assertTrue(source.startsWith(host + ":"), "mounted from " + host + ": " + source);
                }
            }
            assertEquals(404, system.exporter(otherHost).api("viewer").get(node).status(),
                    otherHost + " has no mount table for node " + ve + "/" + vem);
            JsonNode tree = system.provisioner(host).api("viewer").json("/trees/" + ve + "/" + vem);
            assertTrue(tree.path("exists").asBoolean(), "the tree of node " + ve + "/" + vem + " on " + host + ": " + tree);
            assertEquals(404, system.provisioner(otherHost).api("viewer").get("/trees/" + ve + "/" + vem).status(),
                    otherHost + "'s provisioner never provisioned node " + ve + "/" + vem);
        }
    }
}
