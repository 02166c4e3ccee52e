package io.sharedfs.provisioner.worker;

import static io.sharedfs.provisioner.TestCustomizations.CRONTAB;
import static io.sharedfs.provisioner.TestCustomizations.answersUntil;
import static io.sharedfs.provisioner.TestNodes.HOST;
import static io.sharedfs.provisioner.TestNodes.added;
import static io.sharedfs.provisioner.TestNodes.tree;
import static io.sharedfs.provisioner.TestNodes.untilOutcome;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.sharedfs.contracts.SharedfsMessage;
import io.sharedfs.contracts.customization.CustomizationApplied;
import io.sharedfs.contracts.customization.CustomizationReverted;
import io.sharedfs.contracts.customization.CustomizationScope;
import io.sharedfs.contracts.node.ImageRef;
import io.sharedfs.contracts.node.NodeRef;
import io.sharedfs.provisioner.TestCustomizations;
import io.sharedfs.provisioner.TestNodes;
import io.sharedfs.provisioner.customization.CustomizationFs;
import io.sharedfs.provisioner.domain.Customization;
import io.sharedfs.provisioner.domain.CustomizationState;
import io.sharedfs.provisioner.fs.TreeSnapshot;
import io.sharedfs.testsupport.SharedfsInfrastructure;
import io.sharedfs.testsupport.TestEvents;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * What a kill leaves (the disk work partly or wholly done, the database one step behind) is finished
 * by the worker from the database: the disk converges and the outcome is published once.
 */
@QuarkusTest
@WithTestResource(SharedfsInfrastructure.class)
class InterruptedCustomizationResumesTest {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String kafka;

    @Inject
    CustomizationRunner runner;

    @Test
    void anApplyKilledAfterTheLinkWasMadeIsRecordedAndAnsweredOnce() throws Exception {
        long ve = TestNodes.nextVe();
        Path root = TestCustomizations.imageWithCrontab("resume-apply");
        ImageRef ref = TestNodes.ref(root, true);
        provision(ref, ve, 1);
        provision(ref, ve, 2);
        UUID id = UUID.randomUUID();
        Customization killed = row(id, ref, CustomizationState.APPLYING);
        // The killed run: APPLYING committed, everything done on disk but one node's link, nothing recorded.
        CustomizationFs fs = runner.fs(killed);
        fs.check();
        fs.saveOriginal();
        fs.copy();
        fs.link();
        fs.linkNewNode(ve, 1);
        Map<String, TreeSnapshot.Entry> veDirBefore = TreeSnapshot.of(root.resolve("private/" + ve + "/custom"));

        QuarkusTransaction.requiringNew().run(killed::persist);

        UUID marker = UUID.randomUUID();
        CustomizationApplied applied = TestCustomizations.applied(kafka, id);
        assertEquals(new CustomizationApplied(ref.imageId(), id, "/etc/crontab", CustomizationScope.VE, HOST,
                "/custom/ve/etc/crontab", List.of(ve), List.of(), List.of(new NodeRef(ve, 1), new NodeRef(ve, 2)),
                List.of()), applied);
        TestEvents.publish(kafka, TestCustomizations.requested(marker, ref, "/etc/none", CustomizationScope.VE, false));
        List<SharedfsMessage> answers = answersUntil(kafka, id, m -> marker.equals(TestCustomizations.customizationOf(m)));
        assertEquals(1, answers.size(), "" + answers);
        assertEquals(veDirBefore, TreeSnapshot.of(root.resolve("private/" + ve + "/custom")), "no second copy");
        assertEquals(Path.of("/custom/ve/etc/crontab"), Files.readSymbolicLink(tree(root, ve, 2).resolve("etc/crontab")));
        assertEquals("APPLIED", state(id));
    }

    @Test
    void aRevertKilledAfterRestoringTheImageAndOneNodeReportsEveryNodeOfItsPlan() throws Exception {
        long ve = TestNodes.nextVe();
        Path root = TestCustomizations.imageWithCrontab("resume-revert");
        ImageRef ref = TestNodes.ref(root, true);
        provision(ref, ve, 1);
        provision(ref, ve, 2);
        UUID id = UUID.randomUUID();
        TestEvents.publish(kafka, TestCustomizations.requested(id, ref, "/etc/crontab", CustomizationScope.VE, true));
        TestCustomizations.applied(kafka, id);
        CustomizationFs fs = QuarkusTransaction.requiringNew().call(() -> runner.fs(Customization.findById(id)));
        List<NodeRef> plan = fs.nodesShowingTheLink();
        // The killed run: REVERTING and its plan committed, the image and node 1 restored, nothing recorded.
        QuarkusTransaction.requiringNew().run(() -> {
            Customization row = Customization.findById(id);
            row.state = CustomizationState.REVERTING;
            row.revertPlan = plan.stream().map(Customization::ref).toList();
            row.nextRunAt = Instant.now().plusSeconds(3600);
        });
        fs.restoreImage();
        fs.restoreNode(ve, 1);

        QuarkusTransaction.requiringNew().run(() -> Customization.<Customization>findById(id).nextRunAt = Instant.now());

        assertEquals(new CustomizationReverted(ref.imageId(), id, "/etc/crontab", HOST,
                List.of(new NodeRef(ve, 1), new NodeRef(ve, 2))), TestCustomizations.reverted(kafka, id));
        for (long vem : List.of(1L, 2L)) {
            Path copy = tree(root, ve, vem).resolve("etc/crontab");
            assertTrue(Files.isRegularFile(copy, LinkOption.NOFOLLOW_LINKS));
            assertEquals(CRONTAB, Files.readString(copy));
        }
        assertEquals(CRONTAB, Files.readString(root.resolve("etc/crontab")));
        assertEquals("REVERTED", state(id));
    }

    private static Customization row(UUID id, ImageRef ref, CustomizationState state) {
        Customization row = new Customization();
        row.customizationId = id;
        row.imageId = ref.imageId();
        row.rootPath = ref.rootPath();
        row.path = "/etc/crontab";
        row.scope = CustomizationScope.VE;
        row.applyToExisting = true;
        row.privateDirs = ref.privateDirs();
        row.sharedSubdirs = ref.sharedSubdirs();
        row.ramDirs = ref.ramDirs();
        row.state = state;
        row.createdAt = Instant.now();
        row.updatedAt = row.createdAt;
        row.nextRunAt = row.createdAt;
        return row;
    }

    private static String state(UUID id) {
        return QuarkusTransaction.requiringNew().call(() -> Customization.<Customization>findById(id).state.name());
    }

    private void provision(ImageRef ref, long ve, long vem) {
        TestEvents.publish(kafka, added(ve, vem, 1, ref));
        untilOutcome(kafka, ve, vem, 1);
    }
}
