package io.sharedfs.provisioner.worker;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sharedfs.contracts.SharedfsMessage;
import io.sharedfs.contracts.customization.CustomizationApplied;
import io.sharedfs.contracts.customization.CustomizationScope;
import io.sharedfs.contracts.node.ImageRef;
import io.sharedfs.contracts.node.NodeRef;
import io.sharedfs.provisioner.TestCustomizations;
import io.sharedfs.provisioner.TestNodes;
import io.sharedfs.provisioner.fs.Durable;
import io.sharedfs.provisioner.fs.TestImage;
import io.sharedfs.testsupport.TestEvents;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Killing node-provisioner (kill -9) while it gives many existing nodes their copies of a customized
 * file loses nothing and doubles nothing: started again, it finishes from the database, every node
 * has one copy and the link, and the customization is answered once. Runs the packaged application.
 */
class CrashDuringCustomizationIT {

    private static final int NODES = 600;

    @Test
    void killedWhileCopyingTheAgentStartedAgainFinishesTheCustomizationAndAnswersOnce() throws Exception {
        TestImage.requireRoot();
        Path scratch = TestImage.scratch("crash-customization");
        Path root = scratch.resolve("image");
        Files.createDirectories(root.resolve("etc"));
        Files.writeString(root.resolve("etc/hostname"), "node\n");
        long ve = TestNodes.nextVe();
        ImageRef ref = TestNodes.ref(root, true);
        UUID id = UUID.randomUUID();
        Path imageFile = root.resolve("etc/hostname");

        try (AgentProcesses agents = new AgentProcesses()) {
            String kafka = agents.kafka();
            Process first = agents.start(AgentProcesses.log("crash-customization-first"));
            agents.registerSharedImage(root);
            List<NodeRef> nodes = existingNodes(root, ve);
            TestEvents.publish(kafka, TestCustomizations.requested(id, ref, "/etc/hostname", CustomizationScope.NODE,
                    true));

            await("node copies being made").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(5))
                    .failFast("the image's file became the link before the agent could be killed; add nodes",
                            () -> Files.isSymbolicLink(imageFile))
                    .failFast("the first instance died", () -> !first.isAlive())
                    .until(() -> copies(root, nodes) >= 20);
            AgentProcesses.crash(first);
            long copiedWhenKilled = copies(root, nodes);
            assertTrue(copiedWhenKilled < NODES, "killed in the middle of the copies");
            assertFalse(Files.isSymbolicLink(imageFile), "the image is unchanged so far");

            agents.start(AgentProcesses.log("crash-customization-second"));
            CustomizationApplied applied = TestCustomizations.applied(kafka, id);

            assertEquals(nodes, applied.nodeCopies());
            assertEquals(nodes, applied.linkedNodes());
            assertEquals(Path.of("/custom/node/etc/hostname"), Files.readSymbolicLink(imageFile));
            for (NodeRef node : nodes) {
                Path tree = TestNodes.tree(root, ve, node.vemId());
                assertEquals("node\n", Files.readString(tree.resolve("custom/etc/hostname")));
                try (Stream<Path> entries = Files.list(tree.resolve("custom/etc"))) {
                    assertEquals(1, entries.count(), "one copy in " + tree);
                }
                assertEquals(Path.of("/custom/node/etc/hostname"), Files.readSymbolicLink(tree.resolve("etc/hostname")));
            }
            try (Stream<Path> leftovers = Files.list(root.resolve("private/.sharedfs/tmp"))) {
                assertEquals(List.of(), leftovers.toList(), "what the killed run was making is gone");
            }
            UUID marker = UUID.randomUUID();
            TestEvents.publish(kafka, TestCustomizations.requested(marker, ref, "/etc/none", CustomizationScope.VE,
                    false));
            List<SharedfsMessage> answers = TestCustomizations.answersUntil(kafka, id,
                    m -> marker.equals(TestCustomizations.customizationOf(m)));
            assertEquals(1, answers.size(), "answered once");
            System.out.printf("CrashDuringCustomizationIT: killed with %d of %d node copies made%n", copiedWhenKilled,
                    NODES);
        }
        Durable.deleteTree(scratch);
    }

    /** Node trees as provisioning leaves them: a private /etc copied from the image and a custom dir. */
    private static List<NodeRef> existingNodes(Path root, long ve) throws IOException {
        List<NodeRef> nodes = new ArrayList<>();
        for (long vem = 1; vem <= NODES; vem++) {
            Path tree = TestNodes.tree(root, ve, vem);
            Files.createDirectories(tree.resolve("etc"));
            Files.createDirectories(tree.resolve("custom"));
            Files.writeString(tree.resolve("etc/hostname"), "node\n");
            nodes.add(new NodeRef(ve, vem));
        }
        return nodes;
    }

    private static long copies(Path root, List<NodeRef> nodes) {
        return nodes.stream().filter(node -> Files.exists(TestNodes.tree(root, node.veId(), node.vemId())
                .resolve("custom/etc/hostname"), LinkOption.NOFOLLOW_LINKS)).count();
    }
}
