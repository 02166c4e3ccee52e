package io.sharedfs.systemtests;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.sharedfs.contracts.Keys;
import io.sharedfs.contracts.MessageType;
import io.sharedfs.contracts.Topics;
import io.sharedfs.contracts.command.AddNode;
import io.sharedfs.contracts.command.CommandRejected;
import io.sharedfs.contracts.command.RemoveNode;
import io.sharedfs.contracts.export.ExportsApplied;
import io.sharedfs.contracts.export.NodeExported;
import io.sharedfs.contracts.export.NodeUnexported;
import io.sharedfs.contracts.image.ImageLayoutPrepared;
import io.sharedfs.contracts.image.ImageRegistered;
import io.sharedfs.contracts.image.ImageUpdated;
import io.sharedfs.contracts.node.NodeAdded;
import io.sharedfs.contracts.node.NodeRemoved;
import io.sharedfs.contracts.node.NodeState;
import io.sharedfs.contracts.node.NodeStateChanged;
import io.sharedfs.contracts.provisioning.InitVemHookRan;
import io.sharedfs.contracts.provisioning.NodeProvisioned;
import io.sharedfs.contracts.provisioning.PrivateTreeCreated;
import io.sharedfs.contracts.provisioning.PrivateTreePurged;
import io.sharedfs.contracts.ve.VeCreated;
import io.sharedfs.systemtests.harness.Addresses;
import io.sharedfs.systemtests.harness.Audit;
import io.sharedfs.systemtests.harness.Events;
import io.sharedfs.systemtests.harness.Events.Event;
import io.sharedfs.systemtests.harness.ExpectedExports;
import io.sharedfs.systemtests.harness.FileTrees;
import io.sharedfs.systemtests.harness.Hooks;
import io.sharedfs.systemtests.harness.Operator;
import io.sharedfs.systemtests.harness.SampleImage;
import io.sharedfs.systemtests.harness.SharedfsSystem;
import io.sharedfs.systemtests.harness.StorageHost;
import io.sharedfs.testsupport.TestEvents;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The node lifecycle through the whole running system (one storage host, one instance of each
 * service): an image shared, a multi-server VE with an init_vem hook, nodes added through REST and
 * through an upstream command, nodes removed with and without purge, bad commands rejected. Every
 * outcome is checked where an operator would see it: on disk, in the exports file, in the mount
 * tables, on the topics and in the REST API.
 */
class NodeLifecycleIT {

    private static final String HOST = "storage-a";

    private static SharedfsSystem system;
    private static Operator operator;
    private static StorageHost host;

    @BeforeAll
    static void startTheSystem() {
        system = SharedfsSystem.start("NodeLifecycleIT", SharedfsSystem.Topology.single());
        operator = system.operator();
        host = system.host(HOST);
    }

    @AfterAll
    static void stopTheSystem() {
        if (system != null) {
            system.close();
        }
    }

    @Test
    void nodesAddedThroughRestAndThroughACommandAreProvisionedHookedExportedAndReady() throws Exception {
        Instant begin = Instant.now();
        SampleImage image = SampleImage.create(host.imagesDir().resolve("web"), "web");
        UUID imageId = operator.registerSharedImage("web", image.root(), HOST);
        image.assertLayoutPrepared();
        long ve = operator.createVe("web-farm", imageId);
        Path counter = system.work().resolve("hook-runs-web");
        Hooks.install(image, ve, counter);

        String address1 = Addresses.next();
        String address2 = Addresses.next();
        String address3 = Addresses.next();
        long vem1 = operator.addNode(ve, "web1.example.net", address1);
        long vem2 = operator.addNode(ve, "web2.example.net", address2);
        String commandId = "upstream-" + UUID.randomUUID();
        TestEvents.publish(system.kafka(), new AddNode(commandId, ve, "web3.example.net", address3, "52:54:00:12:34:56"));
        long vem3 = awaitNodeNamed(ve, "web3.example.net").path("vemId").asLong();
        List<Long> vems = List.of(vem1, vem2, vem3);
        assertEquals(3, vems.stream().distinct().count(), "three VEM ids: " + vems);

        for (long vem : vems) {
            JsonNode node = operator.awaitNode(ve, vem, "READY");
            assertEquals("EXITED", node.path("hook").path("outcome").asText(), "hook result of " + vem + ": " + node);
            assertEquals(0, node.path("hook").path("exitCode").asInt(-1), "hook result of " + vem);
            assertEquals(image.tree(ve, vem).toString(), node.path("tree").path("path").asText());
        }
        assertEquals("52:54:00:12:34:56", operator.node(ve, vem3).path("mac").asText());

        // On disk: each node's tree, the VE's custom dir; the hook ran once per node.
        for (long vem : vems) {
            image.assertNodeTree(ve, vem);
        }
        assertEquals(List.of(ve + " " + vem1, ve + " " + vem2, ve + " " + vem3),
                Hooks.runs(counter).stream().sorted().toList(), "the hook ran exactly once per node");

        // The exports file: each node's lines, to its address alone, none twice.
        Map<Long, String> addresses = Map.of(vem1, address1, vem2, address2, vem3, address3);
        List<String> lines = awaitExportLines(addresses.size() * 6);
        assertEquals(List.of(), ExpectedExports.duplicates(lines), "duplicate lines in " + host.exportsFile());
        for (long vem : vems) {
            String address = addresses.get(vem);
            assertEquals(ExpectedExports.of(image.root(), ve, vem, address).stream().sorted().toList(),
                    ExpectedExports.forAddress(lines, address).stream().sorted().toList(),
                    "the lines exported to node " + vem + " (" + address + ") and nothing else");
        }
        assertTrue(host.applyRuns() >= 1, "the apply command ran");

        // The mount tables: what each node mounts where, parents before children, and as fstab.
        for (long vem : vems) {
            assertMountTable(image, ve, vem);
        }

        // The topics.
        List<Event> nodes = Events.await(system.kafka(), Topics.NODES, "READY of the three nodes",
                events -> Events.bodies(events, NodeStateChanged.class,
                        e -> e.veId() == ve && e.to() == NodeState.READY).size() >= 3);
        Audit.assertOnePartitionPerKey(nodes);
        for (long vem : vems) {
            List<Event> ofNode = Audit.ofNode(nodes, ve, vem);
            ofNode.forEach(e -> Events.assertCloudEvent(e, "/sharedfs/ve-service"));
            ofNode.forEach(e -> assertFalse(Instant.parse(e.header("ce_time")).isBefore(begin.minusSeconds(5))));
            assertEquals(List.of("NodeAdded", "NodeStateChanged:PROVISIONING", "NodeStateChanged:READY"),
                    describe(ofNode), "the events of node " + vem + " on " + Topics.NODES);
            NodeAdded added = ofNode.get(0).as(NodeAdded.class);
            assertEquals(addresses.get(vem), added.address());
            assertEquals(1, added.attempt());
            assertEquals(imageId, added.image().imageId());
            assertEquals(image.root().toString(), added.image().rootPath());
            assertEquals(HOST, added.image().storageHost());
            assertEquals(Operator.PRIVATE_DIRS, added.image().privateDirs());
        }

        List<Event> provisioning = Events.await(system.kafka(), Topics.PROVISIONING, "three nodes provisioned",
                events -> Events.bodies(events, NodeProvisioned.class, e -> e.veId() == ve).size() >= 3);
        Audit.assertOnePartitionPerKey(provisioning);
        for (long vem : vems) {
            List<Event> ofNode = Audit.ofNode(provisioning, ve, vem);
            ofNode.forEach(e -> Events.assertCloudEvent(e, "/sharedfs/node-provisioner"));
            assertEquals(List.of("PrivateTreeCreated", "InitVemHookRan", "NodeProvisioned"), Audit.distinctTypes(ofNode),
                    "the events of node " + vem + " on " + Topics.PROVISIONING);
            PrivateTreeCreated tree = ofNode.get(0).as(PrivateTreeCreated.class);
            assertEquals(image.tree(ve, vem).toString(), tree.treePath());
            assertEquals(List.of("/var", "/etc", "/tmp", "/custom/node"), tree.paths());
            assertTrue(tree.files() >= 9, "files copied: " + tree.files());
            InitVemHookRan hook = ofNode.get(1).as(InitVemHookRan.class);
            assertEquals(0, hook.exitCode());
            assertTrue(hook.succeeded());
        }

        List<Event> exports = Events.await(system.kafka(), Topics.EXPORTS, "three nodes exported",
                events -> Events.bodies(events, NodeExported.class, e -> e.veId() == ve).size() >= 3);
        Audit.assertOnePartitionPerKey(exports);
        for (long vem : vems) {
            List<Event> ofNode = Audit.ofNode(exports, ve, vem);
            ofNode.forEach(e -> Events.assertCloudEvent(e, "/sharedfs/nfs-exporter"));
            assertEquals(List.of("NodeExported"), Audit.distinctTypes(ofNode));
            NodeExported exported = ofNode.get(0).as(NodeExported.class);
            assertEquals(addresses.get(vem), exported.address());
            assertEquals(HOST, exported.storageHost());
        }
        List<Event> applied = exports.stream().filter(e -> e.is(ExportsApplied.class)).toList();
        assertFalse(applied.isEmpty(), "ExportsApplied on " + Topics.EXPORTS);
        applied.forEach(e -> {
            Events.assertCloudEvent(e, "/sharedfs/nfs-exporter");
            assertEquals(Keys.storageHost(HOST), e.key());
        });

        // The image's and the VE's own events.
        List<Event> images = Events.read(system.kafka(), Topics.IMAGES).stream()
                .filter(e -> e.key().equals(imageId.toString())).toList();
        images.forEach(e -> Events.assertCloudEvent(e, "/sharedfs/image-service"));
        assertEquals("ImageRegistered", images.get(0).type());
        assertFalse(images.get(0).as(ImageRegistered.class).image().shared());
        assertTrue(images.stream().anyMatch(e -> e.is(ImageUpdated.class)
                && e.as(ImageUpdated.class).image().shared()), "ImageUpdated with shared = true");
        List<Event> layout = Events.read(system.kafka(), Topics.IMAGE_LAYOUT).stream()
                .filter(e -> e.key().equals(imageId.toString())).toList();
        layout.forEach(e -> Events.assertCloudEvent(e, "/sharedfs/node-provisioner"));
        assertTrue(layout.stream().anyMatch(e -> e.is(ImageLayoutPrepared.class)), "ImageLayoutPrepared");
        List<Event> ves = Events.read(system.kafka(), Topics.VES).stream().filter(e -> e.key().equals(Long.toString(ve)))
                .toList();
        ves.forEach(e -> Events.assertCloudEvent(e, "/sharedfs/ve-service"));
        assertEquals("VeCreated", ves.get(0).type());
        assertEquals(imageId, ves.get(0).as(VeCreated.class).imageId());
    }

    @Test
    void aRemovedNodeIsUnexportedAndKeepsItsTreeUnlessAPurgeWasAsked() throws Exception {
        SampleImage image = SampleImage.create(host.imagesDir().resolve("db"), "db");
        UUID imageId = operator.registerSharedImage("db", image.root(), HOST);
        long ve = operator.createVe("db-farm", imageId);
        String keptAddress = Addresses.next();
        String purgedAddress = Addresses.next();
        long kept = operator.addNode(ve, "db1", keptAddress);
        long purged = operator.addNode(ve, "db2", purgedAddress);
        operator.awaitNode(ve, kept, "READY");
        operator.awaitNode(ve, purged, "READY");
        await("both nodes exported").atMost(Operator.TIMEOUT).until(() ->
                !ExpectedExports.forAddress(host.exportLines(), keptAddress).isEmpty()
                        && !ExpectedExports.forAddress(host.exportLines(), purgedAddress).isEmpty());

        // One removal through REST, keeping the tree; one through an upstream command, purging it.
        JsonNode removing = operator.removeNode(ve, kept, false);
        assertEquals("REMOVING", removing.path("state").asText());
        TestEvents.publish(system.kafka(), new RemoveNode("upstream-" + UUID.randomUUID(), ve, purged, true));
        operator.awaitNode(ve, kept, "REMOVED");
        operator.awaitNode(ve, purged, "REMOVED");

        assertTrue(FileTrees.isDirectory(image.tree(ve, kept)), "the tree of a node removed without purge is kept");
        image.assertNodeTree(ve, kept);
        assertFalse(FileTrees.exists(image.tree(ve, purged)), "the purged node's tree is gone");
        assertTrue(FileTrees.isDirectory(image.veDir(ve).resolve("custom")), "the VE's custom dir stays");
        assertEquals(List.of(), FileTrees.list(image.root().resolve("private/.staging")),
                "nothing left in the staging directory");
        List<String> lines = host.exportLines();
        assertEquals(List.of(), ExpectedExports.forAddress(lines, keptAddress), "exports of the kept node withdrawn");
        assertEquals(List.of(), ExpectedExports.forAddress(lines, purgedAddress), "exports of the purged node withdrawn");
        assertEquals(List.of(), ExpectedExports.duplicates(lines));
        for (long vem : List.of(kept, purged)) {
            assertEquals(404, system.exporter(HOST).api("viewer").get("/nodes/" + ve + "/" + vem + "/mounts").status(),
                    "a removed node has no mount table");
        }

        List<Event> nodes = Events.read(system.kafka(), Topics.NODES);
        for (long vem : List.of(kept, purged)) {
            List<Event> ofNode = Audit.ofNode(nodes, ve, vem);
            ofNode.forEach(e -> Events.assertCloudEvent(e, "/sharedfs/ve-service"));
            assertEquals(List.of("NodeAdded", "NodeStateChanged:PROVISIONING", "NodeStateChanged:READY", "NodeRemoved",
                    "NodeStateChanged:REMOVING", "NodeStateChanged:REMOVED"), describe(ofNode),
                    "the events of node " + vem);
            assertEquals(vem == purged, ofNode.stream().filter(e -> e.is(NodeRemoved.class)).findFirst().orElseThrow()
                    .as(NodeRemoved.class).purge());
        }
        List<Event> exports = Events.read(system.kafka(), Topics.EXPORTS);
        List<Event> provisioning = Events.read(system.kafka(), Topics.PROVISIONING);
        assertEquals(List.of("NodeExported", "NodeUnexported"), Audit.distinctTypes(Audit.ofNode(exports, ve, kept)));
        assertEquals(List.of("NodeExported", "NodeUnexported"), Audit.distinctTypes(Audit.ofNode(exports, ve, purged)));
        assertEquals(List.of("PrivateTreeCreated", "InitVemHookRan", "NodeProvisioned"),
                Audit.distinctTypes(Audit.ofNode(provisioning, ve, kept)), "nothing purged for the kept node");
        List<Event> purgedEvents = Audit.ofNode(provisioning, ve, purged);
        assertEquals(List.of("PrivateTreeCreated", "InitVemHookRan", "NodeProvisioned", "PrivateTreePurged"),
                Audit.distinctTypes(purgedEvents));
        Event purge = purgedEvents.stream().filter(e -> e.is(PrivateTreePurged.class)).findFirst().orElseThrow();
        Events.assertCloudEvent(purge, "/sharedfs/node-provisioner");
        assertEquals(image.tree(ve, purged).toString(), purge.as(PrivateTreePurged.class).treePath());
        Event unexported = Audit.ofNode(exports, ve, purged).stream().filter(e -> e.is(NodeUnexported.class))
                .findFirst().orElseThrow();
        assertFalse(Instant.parse(purge.header("ce_time")).isBefore(Instant.parse(unexported.header("ce_time"))),
                "the tree was purged only after its exports were withdrawn");
    }

    @Test
    void aCommandThatBreaksARuleIsRejectedAndChangesNothingAndACommandIdSeenBeforeDoesNothing() throws Exception {
        SampleImage image = SampleImage.create(host.imagesDir().resolve("mail"), "mail");
        UUID imageId = operator.registerSharedImage("mail", image.root(), HOST);
        long ve = operator.createVe("mail-farm", imageId);

        String badAddress = "upstream-" + UUID.randomUUID();
        TestEvents.publish(system.kafka(), new AddNode(badAddress, ve, "mail1", "10.77.300.1", null));
        String unknownNode = "upstream-" + UUID.randomUUID();
        TestEvents.publish(system.kafka(), new RemoveNode(unknownNode, ve, 999_999, true));

        List<Event> results = Events.await(system.kafka(), Topics.COMMAND_RESULTS, "two rejections",
                events -> Events.bodies(events, CommandRejected.class,
                        r -> r.commandId().equals(badAddress) || r.commandId().equals(unknownNode)).size() >= 2);
        Event rejectedAdd = rejection(results, badAddress);
        Events.assertCloudEvent(rejectedAdd, "/sharedfs/ve-service");
        CommandRejected add = rejectedAdd.as(CommandRejected.class);
        assertEquals(ve, add.veId());
        assertEquals(MessageType.ADD_NODE.ceType(), add.commandType());
        assertTrue(add.reason().contains("10.77.300.1"), "the reason names the bad address: " + add.reason());
        assertEquals("command/" + badAddress, rejectedAdd.header("ce_subject"));
        CommandRejected remove = rejection(results, unknownNode).as(CommandRejected.class);
        assertEquals(MessageType.REMOVE_NODE.ceType(), remove.commandType());

        // A valid command, then the same command id again (another event id: a resend, not a redelivery),
        // then a bad command: once the bad one is answered, ve-service has read the resend (same key, same
        // partition, in order).
        String valid = "upstream-" + UUID.randomUUID();
        String address = Addresses.next();
        TestEvents.publish(system.kafka(), new AddNode(valid, ve, "mail2", address, null));
        TestEvents.publish(system.kafka(), new AddNode(valid, ve, "mail2", address, null));
        String marker = "upstream-" + UUID.randomUUID();
        TestEvents.publish(system.kafka(), new AddNode(marker, ve, "bad_name!", address, null));
        Events.await(system.kafka(), Topics.COMMAND_RESULTS, "the marker's rejection",
                events -> Events.bodies(events, CommandRejected.class, r -> r.commandId().equals(marker)).size() == 1);

        List<JsonNode> nodes = operator.nodes(ve);
        assertEquals(1, nodes.size(), "only the valid command added a node: " + nodes);
        assertEquals("mail2", nodes.get(0).path("hostname").asText());
        long vem = nodes.get(0).path("vemId").asLong();
        operator.awaitNode(ve, vem, "READY");
        List<Event> added = Events.read(system.kafka(), Topics.NODES).stream()
                .filter(e -> e.is(NodeAdded.class) && e.as(NodeAdded.class).veId() == ve).toList();
        assertEquals(List.of(vem), added.stream().map(e -> e.as(NodeAdded.class).vemId()).distinct().toList(),
                "NodeAdded only for the valid command's node");
        assertEquals(List.of(Long.toString(vem), "custom").stream().sorted().toList(), FileTrees.list(image.veDir(ve)),
                "no tree for a rejected command");
        assertTrue(Events.read(system.kafka(), Topics.COMMAND_RESULTS).stream()
                .noneMatch(e -> e.as(CommandRejected.class).commandId().equals(valid)), "the valid command was not rejected");
    }

    private static Event rejection(List<Event> results, String commandId) {
        List<Event> matching = results.stream()
                .filter(e -> e.is(CommandRejected.class) && e.as(CommandRejected.class).commandId().equals(commandId))
                .toList();
        assertEquals(1, matching.stream().map(Event::ceId).distinct().count(), "one rejection of " + commandId);
        return matching.get(0);
    }

    /** Types with redeliveries (same ce_id) counted once; state changes with their target state. */
    private static List<String> describe(List<Event> events) {
        List<String> described = new ArrayList<>();
        java.util.Set<String> ids = new java.util.HashSet<>();
        for (Event event : events) {
            if (ids.add(event.ceId())) {
                described.add(event.is(NodeStateChanged.class)
                        ? "NodeStateChanged:" + event.as(NodeStateChanged.class).to() : event.type());
            }
        }
        return described;
    }

    private static JsonNode awaitNodeNamed(long ve, String hostname) {
        JsonNode[] found = new JsonNode[1];
        await("node " + hostname + " in VE " + ve).atMost(Operator.TIMEOUT).pollInterval(Duration.ofMillis(200))
                .until(() -> {
                    found[0] = operator.nodes(ve).stream().filter(n -> hostname.equals(n.path("hostname").asText()))
                            .findFirst().orElse(null);
                    return found[0] != null;
                });
        return found[0];
    }

    private static List<String> awaitExportLines(int atLeast) {
        await("at least " + atLeast + " lines in " + host.exportsFile()).atMost(Operator.TIMEOUT)
                .until(() -> host.exportLines().size() >= atLeast);
        return host.exportLines();
    }

    private static void assertMountTable(SampleImage image, long ve, long vem) {
        String root = image.root().toString();
        String tree = image.tree(ve, vem).toString();
        String nfs = "nfsvers=3,proto=tcp,hard";
        List<String> expected = List.of(
                HOST + ":" + root + " / nfs ro," + nfs,
                HOST + ":" + tree + "/var /var nfs rw," + nfs,
                HOST + ":" + tree + "/etc /etc nfs rw," + nfs,
                HOST + ":" + tree + "/tmp /tmp nfs rw," + nfs,
                HOST + ":" + tree + "/custom /custom/node nfs rw," + nfs,
                HOST + ":" + image.veDir(ve).resolve("custom") + " /custom/ve nfs rw," + nfs,
                HOST + ":" + root + "/var/lib/rpm /var/lib/rpm nfs ro," + nfs,
                "tmpfs /var/run tmpfs nosuid,nodev seed=" + HOST + ":" + root + "/var/run",
                "proc /proc proc nosuid,nodev,noexec");
        JsonNode mounts = system.exporter(HOST).api("viewer").json("/nodes/" + ve + "/" + vem + "/mounts");
        List<String> actual = new ArrayList<>();
        List<String> targets = new ArrayList<>();
        for (JsonNode mount : mounts) {
            String seed = mount.path("seedFrom").isMissingNode() || mount.path("seedFrom").isNull() ? ""
                    : " seed=" + mount.path("seedFrom").asText();
            actual.add(mount.path("source").asText() + " " + mount.path("target").asText() + " "
                    + mount.path("type").asText() + " " + mount.path("options").asText() + seed);
            targets.add(mount.path("target").asText());
        }
        assertEquals(expected.stream().sorted().toList(), actual.stream().sorted().toList(),
                "the mount table of node " + ve + "/" + vem);
        for (int i = 0; i < targets.size(); i++) {
            for (int j = i + 1; j < targets.size(); j++) {
                String later = targets.get(j);
                String earlier = targets.get(i);
                assertFalse(earlier.startsWith(later.equals("/") ? "/" : later + "/") && !earlier.equals(later),
                        "parent " + later + " is mounted before its child " + earlier + ": " + targets);
            }
        }
        String fstab = system.exporter(HOST).api("viewer").get("/nodes/" + ve + "/" + vem + "/fstab").expect(200).text();
        List<String> fstabLines = fstab.lines().filter(line -> !line.startsWith("#") && !line.isBlank()).toList();
        List<String> expectedFstab = new ArrayList<>();
        for (JsonNode mount : mounts) {
            expectedFstab.add(mount.path("source").asText() + " " + mount.path("target").asText() + " "
                    + mount.path("type").asText() + " " + mount.path("options").asText() + " 0 0");
        }
        assertEquals(expectedFstab, fstabLines, "the fstab of node " + ve + "/" + vem);
        assertTrue(fstab.contains("# /var/run: RAM dir, seed from " + HOST + ":" + root + "/var/run"), fstab);
    }
}
