package io.sharedfs.systemtests;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.sharedfs.contracts.Topics;
import io.sharedfs.contracts.customization.CustomizationApplied;
import io.sharedfs.contracts.customization.CustomizationRequested;
import io.sharedfs.systemtests.harness.Addresses;
import io.sharedfs.systemtests.harness.Api;
import io.sharedfs.systemtests.harness.Events;
import io.sharedfs.systemtests.harness.Events.Event;
import io.sharedfs.systemtests.harness.NodeView;
import io.sharedfs.systemtests.harness.Operator;
import io.sharedfs.systemtests.harness.SampleImage;
import io.sharedfs.systemtests.harness.SharedfsSystem;
import io.sharedfs.systemtests.harness.StorageHost;
import io.sharedfs.testsupport.KafkaTestClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * SPEC.md's crontab example and its siblings through the whole running system: an operator customizes
 * files of a shared image per VE, per node and for all nodes through image-service, uploads each VE's
 * and node's content through ve-service, and every node — existing or added later, in either VE —
 * reads the right content through its own mount table; a revert gives the image its file back.
 */
class CustomizationIT {

    private static final String HOST = "storage-a";
    private static final String CRONTAB = "SHELL=/bin/sh\n17 * * * * root run-parts /etc/cron.hourly\n";
    private static final String SHARED_CONF = "cluster=web\n";

    private static SharedfsSystem system;
    private static Operator operator;
    private static StorageHost host;

    @BeforeAll
    static void startTheSystem() {
        system = SharedfsSystem.start("CustomizationIT", SharedfsSystem.Topology.single());
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
    void theCrontabExampleGivesEachVeItsOwnFileEachNodeItsOwnAndAllNodesOneSharedFile() throws Exception {
        SampleImage image = SampleImage.create(host.imagesDir().resolve("cron"), "cron");
        Files.writeString(image.root().resolve("etc/crontab"), CRONTAB);
        Files.createDirectories(image.root().resolve("var/lib/app"));
        Files.writeString(image.root().resolve("var/lib/app/shared.conf"), SHARED_CONF);
        UUID imageId = operator.registerSharedImage("cron", image.root(), HOST);
        long veA = operator.createVe("cron-a", imageId);
        long veB = operator.createVe("cron-b", imageId);
        long a1 = operator.addNode(veA, "a1", Addresses.next());
        long b1 = operator.addNode(veB, "b1", Addresses.next());
        operator.awaitNode(veA, a1, "READY");
        operator.awaitNode(veB, b1, "READY");
        // b1's administrator edited its private crontab before the customization: that must survive.
        Path b1Crontab = image.tree(veB, b1).resolve("etc/crontab");
        Files.writeString(b1Crontab, CRONTAB + "# b1 only\n");

        // Per VE, applied to the existing nodes' private copies too.
        JsonNode crontab = awaitCustomization(imageId, request("/etc/crontab", "VE", true), "APPLIED");
        assertEquals("/custom/ve/etc/crontab", crontab.path("linkTarget").asText());
        assertEquals(Path.of("/custom/ve/etc/crontab"), Files.readSymbolicLink(image.root().resolve("etc/crontab")),
                "the image's file is a link to the node's view, not to a server path");
        for (long ve : List.of(veA, veB)) {
            assertEquals(CRONTAB, Files.readString(image.veDir(ve).resolve("custom/etc/crontab")),
                    "VE " + ve + " starts with the image's crontab");
        }
        assertEquals(List.of(veA, veB), longs(crontab.path("veCopies")));
        assertEquals(List.of(veA + "/" + a1), refs(crontab.path("linkedNodes")));
        assertEquals(List.of(veB + "/" + b1), refs(crontab.path("keptLocalChanges")));
        assertEquals(CRONTAB + "# b1 only\n", Files.readString(b1Crontab), "b1's local change is kept");
        assertFalse(Files.isSymbolicLink(b1Crontab));

        // Each VE uploads its own crontab through ve-service; its nodes read it at /etc/crontab.
        upload("/ves/" + veA + "/files?path=/etc/crontab", "# jobs of VE A\n");
        upload("/ves/" + veB + "/files?path=/etc/crontab", "# jobs of VE B\n");
        long a2 = operator.addNode(veA, "a2", Addresses.next());
        long b2 = operator.addNode(veB, "b2", Addresses.next());
        operator.awaitNode(veA, a2, "READY");
        operator.awaitNode(veB, b2, "READY");
        awaitWritten("/ves/" + veA + "/files?path=/etc/crontab");
        awaitWritten("/ves/" + veB + "/files?path=/etc/crontab");
        for (long vem : List.of(a1, a2)) {
            NodeView node = NodeView.of(system, HOST, veA, vem);
            assertEquals("/custom/ve/etc/crontab", node.link("/etc/crontab"), "node " + veA + "/" + vem);
            assertEquals("# jobs of VE A\n", node.read("/etc/crontab"), "node " + veA + "/" + vem);
        }
        assertEquals("# jobs of VE B\n", NodeView.of(system, HOST, veB, b2).read("/etc/crontab"),
                "a node added after the customization gets its VE's file");
        assertEquals(CRONTAB + "# b1 only\n", NodeView.of(system, HOST, veB, b1).read("/etc/crontab"),
                "the node with local changes still reads its own file");

        // Per node: /etc/hostname, existing nodes linked, one node given its own content.
        JsonNode hostname = awaitCustomization(imageId, request("/etc/hostname", "NODE", true), "APPLIED");
        assertEquals(List.of(veA + "/" + a1, veA + "/" + a2, veB + "/" + b1, veB + "/" + b2),
                refs(hostname.path("nodeCopies")));
        Api.Reply notVeScoped = operator.ves().putBytes("/ves/" + veA + "/files?path=/etc/hostname", bytes("x\n"));
        assertEquals(409, notVeScoped.status(), "a NODE-scoped file is not uploaded per VE: " + notVeScoped.text());
        upload("/ves/" + veA + "/nodes/" + a2 + "/files?path=/etc/hostname", "a2.example.net\n");
        awaitWritten("/ves/" + veA + "/nodes/" + a2 + "/files?path=/etc/hostname");
        assertEquals("a2.example.net\n", NodeView.of(system, HOST, veA, a2).read("/etc/hostname"));
        assertEquals("image\n", NodeView.of(system, HOST, veA, a1).read("/etc/hostname"),
                "another node keeps the starting content");
        assertEquals("/custom/node/etc/hostname", NodeView.of(system, HOST, veB, b2).link("/etc/hostname"));

        // Shared by all: a file under the private /var becomes one file in /custom.
        awaitCustomization(imageId, request("/var/lib/app/shared.conf", "ALL", true), "APPLIED");
        Path shared = image.root().resolve("custom/var/lib/app/shared.conf");
        assertEquals(SHARED_CONF, Files.readString(shared));
        Files.writeString(shared, "cluster=web\nmembers=4\n");
        for (long[] node : new long[][] {{veA, a1}, {veA, a2}, {veB, b1}, {veB, b2}}) {
            NodeView view = NodeView.of(system, HOST, node[0], node[1]);
            assertEquals("/custom/var/lib/app/shared.conf", view.link("/var/lib/app/shared.conf"));
            assertEquals("cluster=web\nmembers=4\n", view.read("/var/lib/app/shared.conf"),
                    "node " + node[0] + "/" + node[1] + " reads the one shared file");
        }

        // Revert the crontab: the image has its file again, linked nodes keep what they saw as a plain file.
        Api.Reply reverting = operator.images().delete("/images/" + imageId + "/customizations/" + crontab.path("id").asText());
        assertEquals(202, reverting.status(), reverting.text());
        JsonNode reverted = awaitStatus(imageId, crontab.path("id").asText(), "REVERTED");
        Path imageCrontab = image.root().resolve("etc/crontab");
        assertFalse(Files.isSymbolicLink(imageCrontab), "the image's crontab is a file again");
        assertEquals(CRONTAB, Files.readString(imageCrontab));
        assertTrue(refs(reverted.path("restoredNodes")).contains(veA + "/" + a1), reverted.toString());
        Path a1Crontab = image.tree(veA, a1).resolve("etc/crontab");
        assertTrue(Files.isRegularFile(a1Crontab, LinkOption.NOFOLLOW_LINKS));
        assertEquals("# jobs of VE A\n", Files.readString(a1Crontab), "a1 keeps the content it saw");
        assertEquals("# jobs of VE A\n", Files.readString(image.veDir(veA).resolve("custom/etc/crontab")),
                "the VE's copy is data: kept");
        assertEquals(409, operator.ves().putBytes("/ves/" + veA + "/files?path=/etc/crontab", bytes("late\n")).status(),
                "no uploads for a reverted customization");
    }

    @Test
    void badPathsAreRefusedAndARedeliveredRequestChangesNothing() throws Exception {
        SampleImage image = SampleImage.create(host.imagesDir().resolve("bad"), "bad");
        Files.writeString(image.root().resolve("etc/crontab"), CRONTAB);
        UUID imageId = operator.registerSharedImage("bad", image.root(), HOST);
        long ve = operator.createVe("bad-farm", imageId);
        long vem = operator.addNode(ve, "bad1", Addresses.next());
        operator.awaitNode(ve, vem, "READY");

        for (String path : List.of("/private/" + ve + "/custom/x", "/custom/ve/etc/crontab", "/proc/cpuinfo",
                "/etc/../etc/crontab", "etc/crontab", "/etc/")) {
            Api.Reply refused = operator.images().post("/images/" + imageId + "/customizations", request(path, "VE", false));
            assertEquals(400, refused.status(), path + ": " + refused.text());
            assertTrue(refused.text().contains("path"), "the problem names the field: " + refused.text());
        }
        assertEquals(0, operator.images().json("/images/" + imageId + "/customizations").path("items").size(),
                "nothing recorded for a refused request");

        // Syntactically fine but not a regular file in the image: the storage host says why.
        JsonNode directory = awaitCustomization(imageId, request("/etc/ssh", "VE", false), "FAILED");
        assertTrue(directory.path("reason").asText().contains("/etc/ssh"), directory.toString());
        JsonNode missing = awaitCustomization(imageId, request("/etc/nothing-here", "VE", false), "FAILED");
        assertTrue(missing.path("reason").asText().contains("/etc/nothing-here"), missing.toString());
        assertTrue(Files.isDirectory(image.root().resolve("etc/ssh"), LinkOption.NOFOLLOW_LINKS), "nothing changed");

        JsonNode crontab = awaitCustomization(imageId, request("/etc/crontab", "VE", false), "APPLIED");
        upload("/ves/" + ve + "/files?path=/etc/crontab", "# mine\n");
        awaitWritten("/ves/" + ve + "/files?path=/etc/crontab");

        // Kafka delivers at least once: the very same record again must not copy the image's file over
        // the VE's content nor answer twice.
        String id = crontab.path("id").asText();
        Event requested = Events.read(system.kafka(), Topics.IMAGES).stream()
                .filter(e -> e.is(CustomizationRequested.class)
                        && e.as(CustomizationRequested.class).customizationId().toString().equals(id))
                .findFirst().orElseThrow();
        KafkaTestClient.send(system.kafka(), Topics.IMAGES, requested.key(), requested.value(), requested.headers());
        // A later request on the same image (same key, so read after the redelivered one) marks the point
        // where the storage host has seen the redelivery.
        awaitCustomization(imageId, request("/etc/passwd", "ALL", false), "APPLIED");
        List<Event> applied = Events.read(system.kafka(), Topics.IMAGE_LAYOUT).stream()
                .filter(e -> e.is(CustomizationApplied.class)
                        && e.as(CustomizationApplied.class).customizationId().toString().equals(id))
                .toList();
        assertEquals(1, applied.size(), "one answer for one customization: " + applied);
        assertEquals("# mine\n", Files.readString(image.veDir(ve).resolve("custom/etc/crontab")),
                "the VE's uploaded content was not overwritten");
        assertEquals("APPLIED", operator.images().json("/images/" + imageId + "/customizations/" + id)
                .path("status").asText());
        Api.Reply again = operator.images().post("/images/" + imageId + "/customizations", request("/etc/crontab", "NODE", false));
        assertEquals(409, again.status(), "one live customization per path: " + again.text());
    }

    private static Map<String, Object> request(String path, String scope, boolean applyToExistingNodes) {
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("path", path);
        request.put("scope", scope);
        request.put("applyToExistingNodes", applyToExistingNodes);
        return request;
    }

    private static JsonNode awaitCustomization(UUID imageId, Map<String, Object> request, String status) {
        Api.Reply accepted = operator.images().post("/images/" + imageId + "/customizations", request);
        assertEquals(202, accepted.status(), accepted.text());
        assertEquals("REQUESTED", accepted.json().path("status").asText(), accepted.text());
        return awaitStatus(imageId, accepted.json().path("id").asText(), status);
    }

    private static JsonNode awaitStatus(UUID imageId, String id, String status) {
        JsonNode[] last = new JsonNode[1];
        await("customization " + id + " " + status).atMost(Operator.TIMEOUT).pollInterval(Duration.ofMillis(200))
                .until(() -> {
                    last[0] = operator.images().json("/images/" + imageId + "/customizations/" + id);
                    return status.equals(last[0].path("status").asText());
                });
        return last[0];
    }

    private static void upload(String path, String content) {
        Api.Reply reply = operator.ves().putBytes(path, bytes(content));
        assertTrue(reply.status() == 200 || reply.status() == 201, "PUT " + path + ": " + reply.status() + " " + reply.text());
        Api.BytesReply back = operator.ves().getBytes(path);
        assertEquals(200, back.status());
        assertArrayEquals(bytes(content), back.body(), "ve-service gives back what was uploaded");
    }

    private static void awaitWritten(String path) {
        await("storage host wrote " + path).atMost(Operator.TIMEOUT).pollInterval(Duration.ofMillis(200))
                .until(() -> "true".equals(operator.ves().getBytes(path).header("Sharedfs-Written")));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static List<Long> longs(JsonNode array) {
        List<Long> values = new ArrayList<>();
        array.forEach(value -> values.add(value.asLong()));
        return values.stream().sorted().toList();
    }

    /** Node references as "ve/vem", sorted. */
    private static List<String> refs(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(ref -> values.add(ref.path("veId").asLong() + "/" + ref.path("vemId").asLong()));
        return values.stream().sorted().toList();
    }
}
