package io.sharedfs.provisioner.messaging;

import static io.sharedfs.provisioner.TestCustomizations.CRONTAB;
import static io.sharedfs.provisioner.TestCustomizations.answersUntil;
import static io.sharedfs.provisioner.TestCustomizations.applied;
import static io.sharedfs.provisioner.TestCustomizations.customizationOf;
import static io.sharedfs.provisioner.TestCustomizations.failed;
import static io.sharedfs.provisioner.TestCustomizations.requested;
import static io.sharedfs.provisioner.TestCustomizations.reverted;
import static io.sharedfs.provisioner.TestNodes.HOST;
import static io.sharedfs.provisioner.TestNodes.added;
import static io.sharedfs.provisioner.TestNodes.tree;
import static io.sharedfs.provisioner.TestNodes.untilOutcome;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.sharedfs.contracts.SharedfsMessage;
import io.sharedfs.contracts.customization.CustomizationApplied;
import io.sharedfs.contracts.customization.CustomizationFailed;
import io.sharedfs.contracts.customization.CustomizationRequested;
import io.sharedfs.contracts.customization.CustomizationReverted;
import io.sharedfs.contracts.customization.CustomizationScope;
import io.sharedfs.contracts.node.ImageRef;
import io.sharedfs.contracts.node.NodeRef;
import io.sharedfs.provisioner.TestCustomizations;
import io.sharedfs.provisioner.TestNodes;
import io.sharedfs.provisioner.fs.TreeSnapshot;
import io.sharedfs.testsupport.SharedfsInfrastructure;
import io.sharedfs.testsupport.TestEvents;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * CustomizationRequested for this storage host's image is applied on disk and answered with what
 * was done; the same record again, or the same customization asked again, changes nothing and
 * answers nothing new; a revert gives the image its file back; nodes provisioned later get their
 * copies; what cannot be done is answered with the reason.
 */
@QuarkusTest
@WithTestResource(SharedfsInfrastructure.class)
class CustomizationRequestsTest {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String kafka;

    @Test
    void theCrontabExamplePerVeIsAppliedOnDiskAndAnswered() throws Exception {
        long ve1 = TestNodes.nextVe();
        long ve2 = TestNodes.nextVe();
        Path root = TestCustomizations.imageWithCrontab("customize-ve");
        ImageRef ref = TestNodes.ref(root, true);
        provision(ref, ve1, 1);
        provision(ref, ve1, 2);
        provision(ref, ve2, 1);
        Files.writeString(tree(root, ve1, 2).resolve("etc/crontab"), CRONTAB + "# node 2 only\n");
        UUID id = UUID.randomUUID();

        TestEvents.publish(kafka, requested(id, ref, "/etc/crontab", CustomizationScope.VE, true));

        assertEquals(new CustomizationApplied(ref.imageId(), id, "/etc/crontab", CustomizationScope.VE, HOST,
                "/custom/ve/etc/crontab", List.of(ve1, ve2), List.of(), List.of(new NodeRef(ve1, 1), new NodeRef(ve2, 1)),
                List.of(new NodeRef(ve1, 2))), applied(kafka, id));
        assertEquals(Path.of("/custom/ve/etc/crontab"), Files.readSymbolicLink(root.resolve("etc/crontab")));
        for (long ve : List.of(ve1, ve2)) {
            assertEquals(CRONTAB, Files.readString(veCustom(root, ve).resolve("etc/crontab")));
        }
        assertEquals(Path.of("/custom/ve/etc/crontab"), Files.readSymbolicLink(tree(root, ve1, 1).resolve("etc/crontab")));
        assertEquals(CRONTAB + "# node 2 only\n", Files.readString(tree(root, ve1, 2).resolve("etc/crontab"),
                java.nio.charset.StandardCharsets.UTF_8));
        assertFalse(Files.isSymbolicLink(tree(root, ve1, 2).resolve("etc/crontab")));
        assertEquals(CRONTAB, Files.readString(root.resolve("private/.sharedfs/customizations/" + id + "/original")));
    }

    @Test
    void theSameRecordAgainOrTheSameCustomizationAskedAgainChangesNothingAndAnswersNothingNew() throws Exception {
        long ve = TestNodes.nextVe();
        Path root = TestCustomizations.imageWithCrontab("customize-redelivery");
        ImageRef ref = TestNodes.ref(root, true);
        provision(ref, ve, 1);
        UUID id = UUID.randomUUID();
        CustomizationRequested request = requested(id, ref, "/etc/crontab", CustomizationScope.VE, false);
        String eventId = TestEvents.publish(kafka, request);
        applied(kafka, id);
        Files.writeString(veCustom(root, ve).resolve("etc/crontab"), "# the VE's own\n");
        Map<String, TreeSnapshot.Entry> before = TreeSnapshot.of(root);

        TestEvents.publish(kafka, request, eventId);
        TestEvents.publish(kafka, requested(id, ref, "/etc/crontab", CustomizationScope.NODE, true));
        // Same image, same key, same partition: once this one is answered, the two above were consumed.
        UUID marker = UUID.randomUUID();
        TestEvents.publish(kafka, requested(marker, ref, "/etc/no-such-file", CustomizationScope.VE, false));

        List<SharedfsMessage> answers = answersUntil(kafka, id, m -> marker.equals(customizationOf(m)));
        assertEquals(1, answers.size(), "one answer for one customization: " + answers);
        assertEquals(before, TreeSnapshot.of(root), "not one entry changed: the VE's content was not overwritten");
        assertEquals("# the VE's own\n", Files.readString(veCustom(root, ve).resolve("etc/crontab")));
    }

    @Test
    void aRevertGivesTheImageItsFileBackAndLinkedNodesTheContentTheySaw() throws Exception {
        long ve = TestNodes.nextVe();
        Path root = TestCustomizations.imageWithCrontab("customize-revert");
        ImageRef ref = TestNodes.ref(root, true);
        provision(ref, ve, 1);
        provision(ref, ve, 2);
        Files.writeString(tree(root, ve, 2).resolve("etc/crontab"), "# changed by node 2\n");
        UUID id = UUID.randomUUID();
        CustomizationRequested request = requested(id, ref, "/etc/crontab", CustomizationScope.VE, true);
        TestEvents.publish(kafka, request);
        applied(kafka, id);
        Files.writeString(veCustom(root, ve).resolve("etc/crontab"), "# jobs of the VE\n");

        TestEvents.publish(kafka, TestCustomizations.revert(request));

        assertEquals(new CustomizationReverted(ref.imageId(), id, "/etc/crontab", HOST, List.of(new NodeRef(ve, 1))),
                reverted(kafka, id));
        Path crontab = root.resolve("etc/crontab");
        assertTrue(Files.isRegularFile(crontab, LinkOption.NOFOLLOW_LINKS));
        assertEquals(CRONTAB, Files.readString(crontab));
        Path node1 = tree(root, ve, 1).resolve("etc/crontab");
        assertTrue(Files.isRegularFile(node1, LinkOption.NOFOLLOW_LINKS));
        assertEquals("# jobs of the VE\n", Files.readString(node1));
        assertEquals("# changed by node 2\n", Files.readString(tree(root, ve, 2).resolve("etc/crontab")));
        assertEquals("# jobs of the VE\n", Files.readString(veCustom(root, ve).resolve("etc/crontab")), "data: kept");
    }

    @Test
    void aRevertOfAFileChangedByHandIsRefusedWithTheReasonAndChangesNothing() throws Exception {
        long ve = TestNodes.nextVe();
        Path root = TestCustomizations.imageWithCrontab("customize-revert-refused");
        ImageRef ref = TestNodes.ref(root, true);
        provision(ref, ve, 1);
        UUID id = UUID.randomUUID();
        CustomizationRequested request = requested(id, ref, "/etc/crontab", CustomizationScope.VE, true);
        TestEvents.publish(kafka, request);
        applied(kafka, id);
        Files.delete(root.resolve("etc/crontab"));
        Files.writeString(root.resolve("etc/crontab"), "# edited by hand\n");
        Map<String, TreeSnapshot.Entry> before = TreeSnapshot.of(root);

        TestEvents.publish(kafka, TestCustomizations.revert(request));

        CustomizationFailed refused = failed(kafka, id, true);
        assertEquals("/etc/crontab in the image is no longer the link to /custom/ve/etc/crontab this customization"
                + " made (it is a regular file): it was changed by hand, so nothing was reverted", refused.reason());
        assertEquals(HOST, refused.storageHost());
        assertEquals(before, TreeSnapshot.of(root));
    }

    @Test
    void whatCannotBeCustomizedIsAnsweredWithTheReasonAndNothingChanges() throws Exception {
        long ve = TestNodes.nextVe();
        Path root = TestCustomizations.imageWithCrontab("customize-refused");
        ImageRef ref = TestNodes.ref(root, true);
        provision(ref, ve, 1);
        Files.createSymbolicLink(root.resolve("etc/localtime"), Path.of("/usr/share/zoneinfo/UTC"));
        Map<String, TreeSnapshot.Entry> before = TreeSnapshot.of(root);
        UUID directory = UUID.randomUUID();
        UUID missing = UUID.randomUUID();
        UUID link = UUID.randomUUID();

        TestEvents.publish(kafka, requested(directory, ref, "/var/log", CustomizationScope.VE, false));
        TestEvents.publish(kafka, requested(missing, ref, "/etc/nothing-here", CustomizationScope.NODE, false));
        TestEvents.publish(kafka, requested(link, ref, "/etc/localtime", CustomizationScope.ALL, false));

        assertEquals(new CustomizationFailed(ref.imageId(), directory, "/var/log", HOST, false,
                "/var/log in the image is a directory, not a regular file; only a regular file can be customized"),
                failed(kafka, directory, false));
        assertEquals("/etc/nothing-here does not exist in the image", failed(kafka, missing, false).reason());
        assertEquals("/etc/localtime in the image is a symbolic link to /usr/share/zoneinfo/UTC, not a regular file;"
                + " only a regular file can be customized", failed(kafka, link, false).reason());
        assertEquals(before, TreeSnapshot.of(root));
    }

    @Test
    void nodesProvisionedLaterGetTheirCopiesANewVeInItsCustomDirANewNodeInItsOwn() throws Exception {
        long ve1 = TestNodes.nextVe();
        long ve2 = TestNodes.nextVe();
        Path root = TestCustomizations.imageWithCrontab("customize-later");
        ImageRef ref = TestNodes.ref(root, true);
        provision(ref, ve1, 1);
        UUID perVe = UUID.randomUUID();
        UUID perNode = UUID.randomUUID();
        TestEvents.publish(kafka, requested(perVe, ref, "/etc/crontab", CustomizationScope.VE, true));
        TestEvents.publish(kafka, requested(perNode, ref, "/etc/hostname", CustomizationScope.NODE, true));
        assertEquals(List.of(ve1), applied(kafka, perVe).veCopies());
        assertEquals(List.of(new NodeRef(ve1, 1)), applied(kafka, perNode).nodeCopies());

        provision(ref, ve2, 1);
        provision(ref, ve1, 2);

        assertEquals(CRONTAB, Files.readString(veCustom(root, ve2).resolve("etc/crontab")), "the new VE's copy");
        assertEquals(Path.of("/custom/ve/etc/crontab"), Files.readSymbolicLink(tree(root, ve2, 1).resolve("etc/crontab")));
        assertEquals("node\n", Files.readString(tree(root, ve1, 2).resolve("custom/etc/hostname")), "the new node's copy");
        assertEquals("node\n", Files.readString(tree(root, ve2, 1).resolve("custom/etc/hostname")));
        assertEquals(Path.of("/custom/node/etc/hostname"),
                Files.readSymbolicLink(tree(root, ve1, 2).resolve("etc/hostname")));
    }

    @Test
    void aCustomizationOfAnotherStorageHostsImageIsNotItsBusiness() throws Exception {
        Path root = TestCustomizations.imageWithCrontab("customize-foreign");
        ImageRef own = TestNodes.ref(root, true);
        ImageRef foreign = new ImageRef(own.imageId(), "storage-2", own.rootPath(), true, own.privateDirs(),
                own.sharedSubdirs(), own.ramDirs());
        Map<String, TreeSnapshot.Entry> before = TreeSnapshot.of(root);
        UUID id = UUID.randomUUID();
        UUID marker = UUID.randomUUID();

        TestEvents.publish(kafka, requested(id, foreign, "/etc/crontab", CustomizationScope.VE, false));
        TestEvents.publish(kafka, requested(marker, own, "/etc/no-such-file", CustomizationScope.VE, false));

        assertEquals(List.of(), answersUntil(kafka, id, m -> marker.equals(customizationOf(m))));
        assertEquals(before, TreeSnapshot.of(root));
    }

    private void provision(ImageRef ref, long ve, long vem) {
        TestEvents.publish(kafka, added(ve, vem, 1, ref));
        List<TestNodes.NodeEvent> events = untilOutcome(kafka, ve, vem, 1);
        assertEquals("NodeProvisioned", TestNodes.types(events).get(TestNodes.types(events).size() - 1), "" + events);
    }

    private static Path veCustom(Path root, long ve) {
        return root.resolve("private").resolve(Long.toString(ve)).resolve("custom");
    }
}
