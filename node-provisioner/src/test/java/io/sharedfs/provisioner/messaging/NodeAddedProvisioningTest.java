package io.sharedfs.provisioner.messaging;

import static io.sharedfs.provisioner.TestNodes.HOST;
import static io.sharedfs.provisioner.TestNodes.WAIT;
import static io.sharedfs.provisioner.TestNodes.added;
import static io.sharedfs.provisioner.TestNodes.exists;
import static io.sharedfs.provisioner.TestNodes.jobs;
import static io.sharedfs.provisioner.TestNodes.lines;
import static io.sharedfs.provisioner.TestNodes.ofType;
import static io.sharedfs.provisioner.TestNodes.tree;
import static io.sharedfs.provisioner.TestNodes.types;
import static io.sharedfs.provisioner.TestNodes.untilOutcome;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.sharedfs.contracts.Keys;
import io.sharedfs.contracts.node.ImageRef;
import io.sharedfs.contracts.node.NodeAdded;
import io.sharedfs.contracts.provisioning.HookOutcome;
import io.sharedfs.contracts.provisioning.InitVemHookRan;
import io.sharedfs.contracts.provisioning.NodeProvisioned;
import io.sharedfs.contracts.provisioning.NodeProvisioningFailed;
import io.sharedfs.contracts.provisioning.PrivateTreeCreated;
import io.sharedfs.contracts.provisioning.SpecialFile;
import io.sharedfs.provisioner.TestNodes;
import io.sharedfs.provisioner.TestNodes.JobRow;
import io.sharedfs.provisioner.TestNodes.NodeEvent;
import io.sharedfs.provisioner.fs.Durable;
import io.sharedfs.provisioner.fs.LayoutPreparer;
import io.sharedfs.provisioner.fs.TestImage;
import io.sharedfs.testsupport.SharedfsInfrastructure;
import io.sharedfs.testsupport.TestEvents;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * {@code NodeAdded} builds the node's private tree, runs the VE's hook and reports both, then the
 * outcome, in that order and under the VE's key; redeliveries change nothing; a retry redoes only
 * what failed; a node of a non-shared image is provisioned at once.
 */
@QuarkusTest
@WithTestResource(SharedfsInfrastructure.class)
class NodeAddedProvisioningTest {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String kafka;

    @Test
    void aNodeOfASharedImageGetsItsTreeAndItsHookRunReportedInOrder() throws Exception {
        long ve = TestNodes.nextVe();
        Path scratch = TestImage.scratch("provision");
        TestImage image = TestImage.create(scratch);
        LayoutPreparer.prepare(image.paths(), true);
        Path counter = scratch.resolve("hook-runs");
        TestNodes.hook(image.root(), ve, "echo \"$1 $2\" >> " + counter + "\necho \"hello from $SHAREDFS_NODE_TREE\"\n");
        ImageRef ref = TestNodes.ref(image.root(), true, TestImage.PRIVATE_DIRS, TestImage.SHARED_SUBDIRS,
                TestImage.RAM_DIRS);

        TestEvents.publish(kafka, added(ve, 1, 1, ref));

        List<NodeEvent> events = untilOutcome(kafka, ve, 1, 1);
        assertEquals(List.of("PrivateTreeCreated", "InitVemHookRan", "NodeProvisioned"), types(events));
        events.forEach(event -> assertEquals(Keys.ve(ve), event.key(), "every event is keyed by the VE"));
        Path tree = tree(image.root(), ve, 1);
        PrivateTreeCreated created = ofType(events, PrivateTreeCreated.class).get(0);
        assertEquals(tree.toString(), created.treePath());
        assertEquals(1, created.attempt());
        assertEquals(List.of("/var", "/etc", "/tmp", "/srv/cache", "/custom/node"), created.paths());
        assertEquals(new java.util.HashSet<>(image.specialFiles()), new java.util.HashSet<>(created.skippedSpecialFiles()));
        assertTrue(created.skippedSpecialFiles().contains(new SpecialFile("/var/spool/fifo", SpecialFile.Kind.FIFO)));
        InitVemHookRan hook = ofType(events, InitVemHookRan.class).get(0);
        assertEquals(HookOutcome.EXITED, hook.outcome());
        assertEquals(0, hook.exitCode());
        assertEquals("hello from " + tree + "\n", hook.outputTail());
        assertFalse(hook.truncated());
        NodeProvisioned provisioned = ofType(events, NodeProvisioned.class).get(0);
        assertEquals(new NodeProvisioned(ve, 1, 1, ref.imageId(), HOST, tree.toString()), provisioned);

        assertEquals(List.of(ve + " 1"), lines(counter));
        assertEquals("image\n", Files.readString(tree.resolve("etc/hostname")));
        assertTrue(Files.isDirectory(tree.resolve("custom")));
        assertTrue(Files.isDirectory(tree.resolve("srv/cache")));
        assertTrue(Files.isDirectory(image.root().resolve("private/" + ve + "/custom")), "the VE's /custom/ve");
        assertEquals("DONE", jobs(ve, 1).get(0).state());
        Durable.deleteTree(scratch);
    }

    @Test
    void theSameNodeAddedDeliveredAgainMakesOneJobOneTreeAndOneHookRun() {
        long ve = TestNodes.nextVe();
        Path root = TestNodes.preparedImage("redelivery");
        Path counter = root.resolveSibling("hook-runs");
        TestNodes.hook(root, ve, "echo \"$1 $2\" >> " + counter + "\n");
        ImageRef ref = TestNodes.ref(root, true);
        NodeAdded first = added(ve, 1, 1, ref);

        String eventId = UUID.randomUUID().toString();
        for (int i = 0; i < 3; i++) {
            TestEvents.publish(kafka, first, eventId);
        }
        for (int i = 0; i < 2; i++) {
            // Not a retry either: a new event id with the same attempt (e.g. ve-service's outbox re-sent it).
            TestEvents.publish(kafka, first);
        }
        // Same VE, same key, same partition: once this one is done, every copy above was consumed.
        TestEvents.publish(kafka, added(ve, 2, 1, ref));

        untilOutcome(kafka, ve, 2, 1);
        List<NodeEvent> events = untilOutcome(kafka, ve, 1, 1);
        assertEquals(List.of("PrivateTreeCreated", "InitVemHookRan", "NodeProvisioned"), types(events));
        List<JobRow> jobs = jobs(ve, 1);
        assertEquals(1, jobs.size(), "one job: " + jobs);
        assertEquals("DONE", jobs.get(0).state());
        assertEquals(List.of(ve + " 1", ve + " 2"), lines(counter).stream().sorted().toList());
        assertTrue(Files.isDirectory(tree(root, ve, 1)));
    }

    @Test
    void aFailingHookFailsTheNodeAndTheRetryRunsOnlyTheHookAgain() throws Exception {
        long ve = TestNodes.nextVe();
        Path root = TestNodes.preparedImage("hook-fails");
        Path counter = root.resolveSibling("hook-runs");
        TestNodes.hook(root, ve, "echo \"$1 $2\" >> " + counter + "\necho 'licence server unreachable'\nexit 3\n");
        ImageRef ref = TestNodes.ref(root, true);

        TestEvents.publish(kafka, added(ve, 1, 1, ref));

        List<NodeEvent> first = untilOutcome(kafka, ve, 1, 1);
        assertEquals(List.of("PrivateTreeCreated", "InitVemHookRan", "NodeProvisioningFailed"), types(first));
        InitVemHookRan failedRun = ofType(first, InitVemHookRan.class).get(0);
        assertEquals(HookOutcome.EXITED, failedRun.outcome());
        assertEquals(3, failedRun.exitCode());
        assertEquals("licence server unreachable\n", failedRun.outputTail());
        assertEquals(new NodeProvisioningFailed(ve, 1, 1, "init_vem exited with status 3"),
                ofType(first, NodeProvisioningFailed.class).get(0));
        assertEquals("FAILED", jobs(ve, 1).get(0).state());

        Path tree = tree(root, ve, 1);
        Path marker = tree.resolve("etc/written-by-the-node");
        Files.writeString(marker, "private data\n");
        TestNodes.hook(root, ve, "echo \"$1 $2\" >> " + counter + "\n");
        TestEvents.publish(kafka, added(ve, 1, 2, ref));

        List<NodeEvent> all = TestNodes.provisioningEvents(kafka, ve, 1,
                events -> events.stream().anyMatch(event -> TestNodes.isOutcome(event.body(), 2)));
        List<NodeEvent> retry = all.subList(first.size(), all.size());
        assertEquals(List.of("PrivateTreeCreated", "InitVemHookRan", "NodeProvisioned"), types(retry));
        assertEquals(new NodeProvisioned(ve, 1, 2, ref.imageId(), HOST, tree.toString()),
                ofType(retry, NodeProvisioned.class).get(0));
        assertEquals("private data\n", Files.readString(marker), "the tree was kept, not copied again");
        assertEquals(List.of(ve + " 1", ve + " 1"), lines(counter), "the hook ran once per attempt");
        assertEquals(List.of("FAILED", "DONE"), jobs(ve, 1).stream().map(JobRow::state).toList());
    }

    @Test
    void aHookThatSucceededIsNotRunAgainByARetry() {
        long ve = TestNodes.nextVe();
        Path root = TestNodes.preparedImage("hook-once");
        Path counter = root.resolveSibling("hook-runs");
        TestNodes.hook(root, ve, "echo \"$1 $2\" >> " + counter + "\n");
        ImageRef ref = TestNodes.ref(root, true);

        TestEvents.publish(kafka, added(ve, 1, 1, ref));
        untilOutcome(kafka, ve, 1, 1);
        TestEvents.publish(kafka, added(ve, 1, 2, ref));

        List<NodeEvent> all = untilOutcome(kafka, ve, 1, 2);
        assertEquals(List.of("PrivateTreeCreated", "InitVemHookRan", "NodeProvisioned", "PrivateTreeCreated",
                "NodeProvisioned"), types(all));
        assertEquals(List.of(ve + " 1"), lines(counter));
    }

    @Test
    void aRefusedHookFailsTheNodeWithTheReasonAndNeverRuns() throws Exception {
        long ve = TestNodes.nextVe();
        Path root = TestNodes.preparedImage("hook-refused");
        Path ran = root.resolveSibling("hook-ran");
        Path hook = TestNodes.hook(root, ve, "touch " + ran + "\n");
        Files.setAttribute(hook, "unix:mode", 0775);

        TestEvents.publish(kafka, added(ve, 1, 1, TestNodes.ref(root, true)));

        List<NodeEvent> events = untilOutcome(kafka, ve, 1, 1);
        assertEquals(List.of("PrivateTreeCreated", "InitVemHookRan", "NodeProvisioningFailed"), types(events));
        InitVemHookRan refused = ofType(events, InitVemHookRan.class).get(0);
        assertEquals(HookOutcome.REFUSED, refused.outcome());
        assertEquals("init_vem is writable by group or others (mode 775)", refused.detail());
        assertEquals("init_vem is writable by group or others (mode 775)",
                ofType(events, NodeProvisioningFailed.class).get(0).reason());
        assertFalse(exists(ran), "a refused hook never runs");
    }

    @Test
    void aNodeWithoutAHookIsProvisionedAndTheAbsenceReported() {
        long ve = TestNodes.nextVe();
        Path root = TestNodes.preparedImage("no-hook");

        TestEvents.publish(kafka, added(ve, 1, 1, TestNodes.ref(root, true)));

        List<NodeEvent> events = untilOutcome(kafka, ve, 1, 1);
        assertEquals(List.of("PrivateTreeCreated", "InitVemHookRan", "NodeProvisioned"), types(events));
        assertEquals(HookOutcome.ABSENT, ofType(events, InitVemHookRan.class).get(0).outcome());
    }

    @Test
    void aNodeOfANonSharedImageIsProvisionedAtOnceWithoutTreeOrHook() throws Exception {
        long ve = TestNodes.nextVe();
        Path root = TestNodes.smallImage("not-shared");
        Path ran = root.resolveSibling("hook-ran");
        TestNodes.hook(root, ve, "touch " + ran + "\n");
        ImageRef ref = TestNodes.ref(root, false);

        TestEvents.publish(kafka, added(ve, 1, 1, ref));

        List<NodeEvent> events = untilOutcome(kafka, ve, 1, 1);
        assertEquals(List.of("NodeProvisioned"), types(events));
        NodeProvisioned provisioned = ofType(events, NodeProvisioned.class).get(0);
        assertEquals(new NodeProvisioned(ve, 1, 1, ref.imageId(), HOST, null), provisioned);
        assertNull(provisioned.treePath());
        assertFalse(exists(tree(root, ve, 1)));
        try (var children = Files.list(root.resolve("private/" + ve))) {
            assertEquals(List.of(root.resolve("private/" + ve + "/init_vem")), children.toList());
        }
        assertFalse(exists(ran), "no hook for a node of a non-shared image");
    }

    @Test
    void aNodeOfAnImageOnAnotherStorageHostIsLeftAlone() {
        long ve = TestNodes.nextVe();
        Path root = TestNodes.preparedImage("other-host");
        ImageRef elsewhere = new ImageRef(UUID.randomUUID(), "storage-2", root.toString(), true,
                List.of("/var", "/etc"), List.of(), List.of());

        TestEvents.publish(kafka, added(ve, 1, 1, elsewhere));
        // Same VE, same key: once node 2 is done, node 1's event was consumed.
        TestEvents.publish(kafka, added(ve, 2, 1, TestNodes.ref(root, true)));

        untilOutcome(kafka, ve, 2, 1);
        assertEquals(List.of(), jobs(ve, 1));
        assertFalse(exists(tree(root, ve, 1)));
        assertTrue(exists(tree(root, ve, 2)));
    }

    @Test
    void anUnsafeImageFailsTheNodeAtOnceWithTheReasonAndNoRetry() throws Exception {
        long ve = TestNodes.nextVe();
        Path root = TestNodes.preparedImage("unsafe");
        Path outside = Files.createDirectories(root.resolveSibling("outside"));
        Durable.deleteTree(root.resolve("etc"));
        Files.createSymbolicLink(root.resolve("etc"), outside);

        TestEvents.publish(kafka, added(ve, 1, 1, TestNodes.ref(root, true)));

        List<NodeEvent> events = untilOutcome(kafka, ve, 1, 1);
        assertEquals(List.of("NodeProvisioningFailed"), types(events));
        String reason = "/etc in the image is a symbolic link to " + outside
                + " (leading outside the image); sharedfs only copies and writes real directories";
        assertEquals(reason, ofType(events, NodeProvisioningFailed.class).get(0).reason());
        JobRow job = jobs(ve, 1).get(0);
        assertEquals("FAILED", job.state());
        assertEquals(0, job.tries(), "a rule violation is not retried");
        assertEquals(reason, job.reason());
        assertFalse(exists(tree(root, ve, 1)));
    }

    @Test
    void aTransientErrorIsRetriedWithBackoffUntilItPasses() throws Exception {
        long ve = TestNodes.nextVe();
        Path root = TestNodes.preparedImage("transient");
        // A file where the staging directory must be: creating it fails with an I/O error until removed.
        Path blocker = Files.writeString(root.resolve("private/.staging"), "in the way for a while\n");

        TestEvents.publish(kafka, added(ve, 1, 1, TestNodes.ref(root, true)));

        await().atMost(WAIT).until(() -> !jobs(ve, 1).isEmpty() && jobs(ve, 1).get(0).tries() >= 1);
        JobRow waiting = jobs(ve, 1).get(0);
        assertTrue(List.of("PENDING", "RUNNING").contains(waiting.state()), "waiting for its next try: " + waiting);
        assertTrue(waiting.reason().contains("FileAlreadyExistsException"), waiting.reason());
        Files.delete(blocker);

        List<NodeEvent> events = untilOutcome(kafka, ve, 1, 1);
        assertEquals(List.of("PrivateTreeCreated", "InitVemHookRan", "NodeProvisioned"), types(events));
        JobRow done = jobs(ve, 1).get(0);
        assertEquals("DONE", done.state());
        assertTrue(done.tries() >= 1);
    }
}
