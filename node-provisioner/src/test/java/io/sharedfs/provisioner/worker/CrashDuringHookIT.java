package io.sharedfs.provisioner.worker;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sharedfs.contracts.provisioning.NodeProvisioned;
import io.sharedfs.contracts.provisioning.NodeProvisioningFailed;
import io.sharedfs.provisioner.TestNodes;
import io.sharedfs.provisioner.TestNodes.NodeEvent;
import io.sharedfs.provisioner.fs.Durable;
import io.sharedfs.provisioner.fs.TestImage;
import io.sharedfs.testsupport.TestEvents;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Killing node-provisioner (kill -9) while a hook runs never runs that hook twice: started again,
 * the agent kills the orphaned hook and fails the node with the reason; the next attempt runs the
 * hook again on the kept tree. Runs the packaged application.
 */
class CrashDuringHookIT {

    @Test
    void killedWhileTheHookRunsTheAgentStartedAgainKillsTheOrphanAndFailsTheNodeInsteadOfRunningItTwice()
            throws Exception {
        TestImage.assumeRoot();
        long ve = TestNodes.nextVe();
        Path root = TestNodes.smallImage("crash-hook");
        Path scratch = root.getParent();
        Path counter = scratch.resolve("hook-runs");
        Path pidFile = scratch.resolve("hook-pid");
        Path release = scratch.resolve("release");
        TestNodes.hook(root, ve, "echo $$ > " + pidFile + "\necho \"$1 $2\" >> " + counter
                + "\nwhile [ ! -e " + release + " ]; do sleep 0.1; done\n");
        Path tree = TestNodes.tree(root, ve, 1);

        try (AgentProcesses agents = new AgentProcesses()) {
            String kafka = agents.kafka();
            Process first = agents.start(AgentProcesses.log("crash-hook-first"));
            agents.registerSharedImage(root);
            TestEvents.publish(kafka, TestNodes.added(ve, 1, 1, TestNodes.ref(root, true)));

            await("the hook running").atMost(Duration.ofSeconds(60)).until(() -> Files.exists(pidFile));
            long hook = Long.parseLong(Files.readString(pidFile).trim());
            AgentProcesses.crash(first);
            assertTrue(running(hook), "a hook outlives its agent's kill -9 (it is an orphan now)");

            agents.start(AgentProcesses.log("crash-hook-second"));

            assertFalse(running(hook), "the agent started again killed the orphaned hook");
            NodeProvisioningFailed failed = TestEvents.await(kafka, NodeProvisioningFailed.class,
                    event -> event.veId() == ve && event.vemId() == 1).body();
            assertEquals("the init_vem hook was interrupted by a restart of node-provisioner before it finished;"
                    + " retry the node to run it again", failed.reason());
            assertEquals(List.of(ve + " 1"), TestNodes.lines(counter), "the hook was not run again");
            assertTrue(Files.isDirectory(tree), "the tree built before the crash is in place");

            Files.writeString(tree.resolve("etc/written-by-the-node"), "private data\n");
            TestNodes.hook(root, ve, "echo \"$1 $2\" >> " + counter + "\n");
            TestEvents.publish(kafka, TestNodes.added(ve, 1, 2, TestNodes.ref(root, true)));

            List<NodeEvent> events = TestNodes.untilOutcome(kafka, ve, 1, 2);
            // An event the killed instance had not marked sent may be published again: at least once.
            List<String> distinct = events.stream().map(NodeEvent::body).distinct()
                    .map(body -> body.getClass().getSimpleName()).toList();
            assertEquals(List.of("PrivateTreeCreated", "NodeProvisioningFailed", "PrivateTreeCreated",
                    "InitVemHookRan", "NodeProvisioned"), distinct);
            assertEquals(tree.toString(), TestNodes.ofType(events, NodeProvisioned.class).get(0).treePath());
            assertEquals(List.of(ve + " 1", ve + " 1"), TestNodes.lines(counter), "run again by the new attempt");
            assertEquals("private data\n", Files.readString(tree.resolve("etc/written-by-the-node")));
        } finally {
            // Lets a surviving hook end if the agent did not kill it.
            Files.writeString(release, "");
        }
        Durable.deleteTree(scratch);
    }

    private static boolean running(long pid) throws java.io.IOException {
        String stat;
        try {
            stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"), StandardCharsets.ISO_8859_1);
        } catch (NoSuchFileException e) {
            return false;
        }
        char state = stat.charAt(stat.lastIndexOf(')') + 2);
        return state != 'Z' && state != 'X';
    }
}
