package io.sharedfs.image.messaging;

import static io.sharedfs.image.TestCustomizations.WAIT;
import static io.sharedfs.image.TestCustomizations.applied;
import static io.sharedfs.image.TestCustomizations.appliedAnswer;
import static io.sharedfs.image.TestCustomizations.awaitStatus;
import static io.sharedfs.image.TestCustomizations.customization;
import static io.sharedfs.image.TestCustomizations.customized;
import static io.sharedfs.image.TestCustomizations.failedAnswer;
import static io.sharedfs.image.TestCustomizations.readyImage;
import static io.sharedfs.image.TestCustomizations.revert;
import static io.sharedfs.image.TestCustomizations.revertedAnswer;
import static io.sharedfs.image.TestImages.minimal;
import static io.sharedfs.image.TestImages.viewer;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.sharedfs.contracts.customization.CustomizationApplied;
import io.sharedfs.contracts.customization.CustomizationFailed;
import io.sharedfs.contracts.customization.CustomizationScope;
import io.sharedfs.contracts.node.NodeRef;
import io.sharedfs.testsupport.SharedfsInfrastructure;
import io.sharedfs.testsupport.TestEvents;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * A customization follows its storage host's answers on {@code sharedfs.image-layout}: APPLIED with what
 * was done, FAILED or REVERT_FAILED with the reason, REVERTED with the restored nodes. Answers from
 * another host, about unknown customizations, redelivered or late never move it.
 */
@QuarkusTest
@WithTestResource(SharedfsInfrastructure.class)
class CustomizationAnswersTest {

    private static final String PATH = "/etc/crontab";

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String kafka;

    @Inject
    AgroalDataSource dataSource;

    @Test
    void anAppliedAnswerMakesTheCustomizationAppliedWithWhatTheStorageHostDid() {
        String image = readyImage(kafka, minimal());
        String id = customized(image, PATH, "NODE");

        TestEvents.publish(kafka, appliedAnswer(image, id, PATH, CustomizationScope.NODE, List.of(),
                List.of(new NodeRef(10, 1), new NodeRef(10, 2)), List.of(new NodeRef(10, 1)),
                List.of(new NodeRef(10, 2))));

        JsonPath applied = awaitStatus(image, id, "APPLIED");
        assertEquals(List.of(), applied.getList("veCopies"));
        assertEquals(List.of(ref(10, 1), ref(10, 2)), applied.getList("nodeCopies"));
        assertEquals(List.of(ref(10, 1)), applied.getList("linkedNodes"));
        assertEquals(List.of(ref(10, 2)), applied.getList("keptLocalChanges"));
        assertNull(applied.getString("reason"));
        assertEquals(2, applied.getInt("version"));
    }

    @Test
    void aFailedAnswerMakesTheCustomizationFailedWithTheReason() {
        String image = readyImage(kafka, minimal());
        String id = customized(image, "/etc/ssh", "VE");

        TestEvents.publish(kafka, failedAnswer(image, id, "/etc/ssh", false, "/etc/ssh is a directory, not a file"));

        JsonPath failed = awaitStatus(image, id, "FAILED");
        assertEquals("/etc/ssh is a directory, not a file", failed.getString("reason"));
        assertEquals(2, failed.getInt("version"));
    }

    @Test
    void aRevertedAnswerMakesTheCustomizationRevertedWithTheRestoredNodes() {
        String image = readyImage(kafka, minimal());
        String id = applied(kafka, image, PATH, CustomizationScope.VE);
        revert(image, id).then().statusCode(202);

        TestEvents.publish(kafka, revertedAnswer(image, id, PATH, List.of(new NodeRef(7, 3))));

        JsonPath reverted = awaitStatus(image, id, "REVERTED");
        assertEquals(List.of(ref(7, 3)), reverted.getList("restoredNodes"));
        assertEquals(4, reverted.getInt("version"));
    }

    @Test
    void aFailedRevertLeavesTheCustomizationRevertFailedWithTheReasonAndARetryCanSucceed() {
        String image = readyImage(kafka, minimal());
        String id = applied(kafka, image, PATH, CustomizationScope.ALL);
        revert(image, id).then().statusCode(202);

        TestEvents.publish(kafka, failedAnswer(image, id, PATH, true, PATH + " is no longer the link we made"));

        JsonPath failed = awaitStatus(image, id, "REVERT_FAILED");
        assertEquals(PATH + " is no longer the link we made", failed.getString("reason"));
        revert(image, id).then().statusCode(202);
        TestEvents.publish(kafka, revertedAnswer(image, id, PATH, List.of()));
        JsonPath reverted = awaitStatus(image, id, "REVERTED");
        assertNull(reverted.getString("reason"));
        assertEquals(6, reverted.getInt("version"));
    }

    @Test
    void anAnswerFromAnotherStorageHostIsIgnored() {
        String image = readyImage(kafka, minimal());
        String id = customized(image, PATH, "VE");

        String foreign = TestEvents.publish(kafka, new CustomizationFailed(UUID.fromString(image),
                UUID.fromString(id), PATH, "nfs-elsewhere", false, "not mine"));
        await().atMost(WAIT).until(() -> ProcessedEvents.processed(dataSource, ProcessedEvents.LAYOUT, foreign));
        assertEquals("REQUESTED", customization(image, id).getString("status"));

        TestEvents.publish(kafka, new CustomizationApplied(UUID.fromString(image), UUID.fromString(id), PATH,
                CustomizationScope.VE, "nfs-elsewhere", "/custom/ve" + PATH, List.of(1L), List.of(), List.of(),
                List.of()));
        TestEvents.publish(kafka, appliedAnswer(image, id, PATH, CustomizationScope.VE, List.of(2L), List.of(),
                List.of(), List.of()));

        JsonPath applied = awaitStatus(image, id, "APPLIED");
        assertEquals(List.of(2), applied.getList("veCopies"), "the other host's answer changed nothing");
        assertEquals(2, applied.getInt("version"));
    }

    @Test
    void anAnswerAboutAnUnknownCustomizationOrNamingAnotherImageIsProcessedAndIgnored() {
        String image = readyImage(kafka, minimal());
        String other = readyImage(kafka, minimal());
        String id = customized(image, PATH, "VE");
        String unknown = UUID.randomUUID().toString();

        String aboutUnknown = TestEvents.publish(kafka, appliedAnswer(image, unknown, PATH, CustomizationScope.VE,
                List.of(), List.of(), List.of(), List.of()));
        String wrongImage = TestEvents.publish(kafka, failedAnswer(other, id, PATH, false, "wrong image"));

        await().atMost(WAIT).until(() -> ProcessedEvents.processed(dataSource, ProcessedEvents.LAYOUT, aboutUnknown)
                && ProcessedEvents.processed(dataSource, ProcessedEvents.LAYOUT, wrongImage));
        viewer().get("/images/{id}/customizations/{cid}", image, unknown).then().statusCode(404);
        assertEquals("REQUESTED", customization(image, id).getString("status"));
        assertEquals(1, customization(image, id).getInt("version"));
    }

    @Test
    void aRedeliveredAnswerChangesNothing() {
        String image = readyImage(kafka, minimal());
        String id = applied(kafka, image, PATH, CustomizationScope.VE);
        revert(image, id).then().statusCode(202);
        String failure = TestEvents.publish(kafka, failedAnswer(image, id, PATH, true, "first attempt failed"));
        awaitStatus(image, id, "REVERT_FAILED");
        revert(image, id).then().statusCode(202);

        // The same record again (same event id): a new answer would make the second attempt REVERT_FAILED.
        TestEvents.publish(kafka, failedAnswer(image, id, PATH, true, "first attempt failed"), failure);
        String fence = TestEvents.publish(kafka, appliedAnswer(image, UUID.randomUUID().toString(), PATH,
                CustomizationScope.VE, List.of(), List.of(), List.of(), List.of()));

        await().atMost(WAIT).until(() -> ProcessedEvents.processed(dataSource, ProcessedEvents.LAYOUT, fence));
        JsonPath reverting = customization(image, id);
        assertEquals("REVERTING", reverting.getString("status"));
        assertNull(reverting.getString("reason"));
        assertEquals(5, reverting.getInt("version"));
    }

    @Test
    void aLateAppliedAnswerDoesNotBringARevertedCustomizationBack() {
        String image = readyImage(kafka, minimal());
        String id = applied(kafka, image, PATH, CustomizationScope.VE);
        revert(image, id).then().statusCode(202);
        TestEvents.publish(kafka, revertedAnswer(image, id, PATH, List.of(new NodeRef(4, 1))));
        awaitStatus(image, id, "REVERTED");

        String late = TestEvents.publish(kafka, appliedAnswer(image, id, PATH, CustomizationScope.VE, List.of(9L),
                List.of(), List.of(), List.of()));
        String lateFailure = TestEvents.publish(kafka, failedAnswer(image, id, PATH, true, "late failure"));

        await().atMost(WAIT).until(() -> ProcessedEvents.processed(dataSource, ProcessedEvents.LAYOUT, late)
                && ProcessedEvents.processed(dataSource, ProcessedEvents.LAYOUT, lateFailure));
        JsonPath reverted = customization(image, id);
        assertEquals("REVERTED", reverted.getString("status"));
        assertEquals(List.of(), reverted.getList("veCopies"));
        assertEquals(List.of(ref(4, 1)), reverted.getList("restoredNodes"));
        assertNull(reverted.getString("reason"));
        assertEquals(4, reverted.getInt("version"));
    }

    @Test
    void answersThatDoNotFitTheCurrentStatusAreIgnored() {
        String image = readyImage(kafka, minimal());
        String id = applied(kafka, image, PATH, CustomizationScope.VE);

        String failedRequest = TestEvents.publish(kafka, failedAnswer(image, id, PATH, false, "late refusal"));
        String failedRevert = TestEvents.publish(kafka, failedAnswer(image, id, PATH, true, "no revert was asked"));
        String reverted = TestEvents.publish(kafka, revertedAnswer(image, id, PATH, List.of()));
        String appliedAgain = TestEvents.publish(kafka, appliedAnswer(image, id, PATH, CustomizationScope.VE,
                List.of(3L), List.of(), List.of(), List.of()));

        await().atMost(WAIT).until(() -> List.of(failedRequest, failedRevert, reverted, appliedAgain).stream()
                .allMatch(this::processed));
        JsonPath unchanged = customization(image, id);
        assertEquals("APPLIED", unchanged.getString("status"));
        assertNull(unchanged.getString("reason"));
        assertEquals(List.of(), unchanged.getList("veCopies"));
        assertEquals(2, unchanged.getInt("version"));
    }

    private boolean processed(String eventId) {
        try {
            return ProcessedEvents.processed(dataSource, ProcessedEvents.LAYOUT, eventId);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, Object> ref(long ve, long vem) {
        return Map.of("veId", (int) ve, "vemId", (int) vem);
    }
}
