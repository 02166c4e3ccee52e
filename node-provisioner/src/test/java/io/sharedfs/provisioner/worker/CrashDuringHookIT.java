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
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Stopping node-provisioner while a hook runs never runs that hook twice: after a kill -9 the
 * agent started again kills the orphaned hook, after a SIGTERM the stopping agent kills it; either
 * way the node fails with that reason, and the next attempt runs the hook again on the kept tree.
 * Runs the packaged application.
 */
class CrashDuringHookIT {

    private static final String INTERRUPTED = "the init_vem hook was interrupted by a restart of node-provisioner"
            + " before it finished; retry the node to run it again";

    @Test
    void stoppedWhileTheHookRunsTheAgentNeverRunsItTwiceAndSaysWhyTheNodeFailed() throws Exception {
        TestImage.requireRoot();
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

            await("the hook running").atMost(Duration.ofSeconds(60)).until(() -> hasPid(pidFile));
            long hook = Long.parseLong(Files.readString(pidFile).trim());
            AgentProcesses.crash(first);
            assertTrue(running(hook), "a hook outlives its agent's kill -9 (it is an orphan now)");

            Process second = agents.start(AgentProcesses.log("crash-hook-second"));

            assertFalse(running(hook), "the agent started again killed the orphaned hook");
            NodeProvisioningFailed failed = TestEvents.await(kafka, NodeProvisioningFailed.class,
                    event -> event.veId() == ve && event.vemId() == 1).body();
            assertEquals(INTERRUPTED, failed.reason());
            assertEquals(List.of(ve + " 1"), TestNodes.lines(counter), "the hook was not run again");
            assertTrue(Files.isDirectory(tree), "the tree built before the crash is in place");
            Files.writeString(tree.resolve("etc/written-by-the-node"), "private data\n");

            // Attempt 2 runs the hook again; this time the agent is stopped the ordinary way (SIGTERM).
            Files.delete(pidFile);
            TestEvents.publish(kafka, TestNodes.added(ve, 1, 2, TestNodes.ref(root, true)));
            await("the hook running again").atMost(Duration.ofSeconds(60)).until(() -> hasPid(pidFile));
            long secondHook = Long.parseLong(Files.readString(pidFile).trim());
            second.destroy();
            assertTrue(second.waitFor(60, TimeUnit.SECONDS), "node-provisioner stops on SIGTERM");
            assertFalse(running(secondHook), "a stopping agent kills the hook it runs");

            agents.start(AgentProcesses.log("crash-hook-third"));

            NodeProvisioningFailed stopped = TestEvents.await(kafka, NodeProvisioningFailed.class,
                    event -> event.veId() == ve && event.vemId() == 1 && event.attempt() == 2).body();
            assertEquals(INTERRUPTED, stopped.reason(), "a stop is reported as such, not as a timeout");
            assertEquals(List.of(ve + " 1", ve + " 1"), TestNodes.lines(counter), "once per attempt, no more");

            TestNodes.hook(root, ve, "echo \"$1 $2\" >> " + counter + "\n");
            TestEvents.publish(kafka, TestNodes.added(ve, 1, 3, TestNodes.ref(root, true)));

            List<NodeEvent> events = TestNodes.untilOutcome(kafka, ve, 1, 3);
            // An event the killed instance had not marked sent may be published again: at least once.
            List<String> distinct = events.stream().map(NodeEvent::body).distinct()
                    .map(body -> body.getClass().getSimpleName()).toList();
            assertEquals(List.of("PrivateTreeCreated", "NodeProvisioningFailed", "PrivateTreeCreated",
                    "NodeProvisioningFailed", "PrivateTreeCreated", "InitVemHookRan", "NodeProvisioned"), distinct);
            assertEquals(tree.toString(), TestNodes.ofType(events, NodeProvisioned.class).get(0).treePath());
            assertEquals(List.of(ve + " 1", ve + " 1", ve + " 1"), TestNodes.lines(counter),
                    "the hook ran once per attempt");
            assertEquals("private data\n", Files.readString(tree.resolve("etc/written-by-the-node")));
        } finally {
            // Lets a surviving hook end if the agent did not kill it.
            Files.writeString(release, "");
        }
        Durable.deleteTree(scratch);
    }

    private static boolean hasPid(Path pidFile) throws java.io.IOException {
        return Files.exists(pidFile) && Files.readString(pidFile).endsWith("\n");
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
