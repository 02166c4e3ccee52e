package io.sharedfs.provisioner.worker;

import static io.sharedfs.provisioner.TestNodes.exists;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sharedfs.contracts.provisioning.InitVemHookRan;
import io.sharedfs.contracts.provisioning.NodeProvisioned;
import io.sharedfs.contracts.provisioning.PrivateTreeCreated;
import io.sharedfs.provisioner.TestNodes;
import io.sharedfs.provisioner.TestNodes.NodeEvent;
import io.sharedfs.provisioner.fs.Durable;
import io.sharedfs.provisioner.fs.TestImage;
import io.sharedfs.testsupport.TestEvents;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Killing node-provisioner (kill -9) in the middle of a large copy loses nothing and doubles
 * nothing: no half tree is ever in place, and once started again it cleans the staging leftover,
 * builds the whole tree and runs the hook exactly once. Runs the packaged application.
 */
class CrashDuringCopyIT {

    private static final int DIRECTORIES = 120;
    private static final int FILES_PER_DIRECTORY = 200;

    @Test
    void killedDuringALargeCopyTheAgentStartedAgainBuildsTheWholeTreeOnceAndRunsTheHookOnce() throws Exception {
        TestImage.requireRoot();
        Path scratch = TestImage.scratch("crash-copy");
        long began = System.nanoTime();
        Path root = largeImage(scratch.resolve("image"));
        long imageMillis = millisSince(began);
        long ve = TestNodes.nextVe();
        Path counter = scratch.resolve("hook-runs");
        TestNodes.hook(root, ve, "echo \"$1 $2\" >> " + counter + "\n");
        Path tree = TestNodes.tree(root, ve, 1);
        Path staging = root.resolve("private/.staging");

        try (AgentProcesses agents = new AgentProcesses()) {
            String kafka = agents.kafka();
            Process first = agents.start(AgentProcesses.log("crash-copy-first"));
            agents.registerSharedImage(root);
            TestEvents.publish(kafka, TestNodes.added(ve, 1, 1, TestNodes.ref(root, true)));
            long published = System.nanoTime();

            // Kill it once the copy is under way and far from done.
            await("the copy in the staging directory").atMost(Duration.ofSeconds(120))
                    .pollInterval(Duration.ofMillis(5))
                    .failFast("the tree was finished before the agent could be killed; make the image larger",
                            () -> exists(tree))
                    .failFast("the first instance died", () -> !first.isAlive())
                    .until(() -> copiedDirectories(staging, ve).filter(n -> n >= 5 && n < DIRECTORIES).isPresent());
            AgentProcesses.crash(first);
            long killedAfter = millisSince(published);
            int copiedWhenKilled = copiedDirectories(staging, ve).orElseThrow();

            assertFalse(exists(tree), "no half tree is in place after the crash");
            assertTrue(copiedWhenKilled < DIRECTORIES, "killed in the middle of the copy");
            assertEquals(List.of(), TestNodes.lines(counter), "the hook did not run before the crash");

            long restarted = System.nanoTime();
            agents.start(AgentProcesses.log("crash-copy-second"));
            NodeProvisioned provisioned = TestEvents.await(kafka, NodeProvisioned.class,
                    event -> event.veId() == ve && event.vemId() == 1).body();
            long restartMillis = millisSince(restarted);

            assertEquals(tree.toString(), provisioned.treePath());
            assertEquals(DIRECTORIES * FILES_PER_DIRECTORY, filesUnder(tree.resolve("var/data")),
                    "the tree is complete");
            assertEquals("node\n", Files.readString(tree.resolve("etc/hostname")));
            assertEquals(List.of(ve + " 1"), TestNodes.lines(counter), "the hook ran exactly once");
            List<NodeEvent> events = TestNodes.untilOutcome(kafka, ve, 1, 1);
            assertEquals(List.of("PrivateTreeCreated", "InitVemHookRan", "NodeProvisioned"), TestNodes.types(events));
            assertEquals(DIRECTORIES * FILES_PER_DIRECTORY + 1,
                    TestNodes.ofType(events, PrivateTreeCreated.class).get(0).files());
            assertEquals(1, TestNodes.ofType(events, InitVemHookRan.class).size());
            try (Stream<Path> leftovers = Files.list(staging)) {
                assertEquals(List.of(), leftovers.toList(), "the staging leftover of the crash was cleaned");
            }
            System.out.printf("CrashDuringCopyIT: image of %d files made in %d ms; killed %d ms after NodeAdded with"
                    + " %d of %d directories copied; started again, the node was provisioned %d ms later%n",
                    DIRECTORIES * FILES_PER_DIRECTORY + 1, imageMillis, killedAfter, copiedWhenKilled, DIRECTORIES,
                    restartMillis);
        }
        Durable.deleteTree(scratch);
    }

    private static long millisSince(long nanos) {
        return Duration.ofNanos(System.nanoTime() - nanos).toMillis();
    }

    /** An image whose /var holds many small files, so copying it takes a few seconds. */
    private static Path largeImage(Path root) throws IOException {
        Files.createDirectories(root.resolve("etc"));
        Files.writeString(root.resolve("etc/hostname"), "node\n");
        Path data = Files.createDirectories(root.resolve("var/data"));
        for (int d = 0; d < DIRECTORIES; d++) {
            Path dir = Files.createDirectory(data.resolve(String.format("d%03d", d)));
            for (int f = 0; f < FILES_PER_DIRECTORY; f++) {
                Files.writeString(dir.resolve(String.format("f%03d", f)), "file " + d + "/" + f + "\n");
            }
        }
        return root;
    }

    /** How many of /var/data's directories the tree being built in staging holds so far. */
    private static Optional<Integer> copiedDirectories(Path staging, long ve) throws IOException {
        if (!Files.isDirectory(staging)) {
            return Optional.empty();
        }
        try (Stream<Path> work = Files.list(staging)) {
            for (Path dir : work.filter(p -> p.getFileName().toString().startsWith(ve + "-1-")).toList()) {
                Path data = dir.resolve("tree/var/data");
                if (Files.isDirectory(data)) {
                    try (Stream<Path> copied = Files.list(data)) {
                        return Optional.of((int) copied.count());
                    }
                }
            }
        }
        return Optional.empty();
    }

    private static long filesUnder(Path dir) throws IOException {
        try (Stream<Path> all = Files.walk(dir)) {
            return all.filter(Files::isRegularFile).count();
        }
    }
}
