package io.sharedfs.provisioner.messaging;

import static io.sharedfs.provisioner.TestNodes.HOST;
import static io.sharedfs.provisioner.TestNodes.exists;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.sharedfs.contracts.CloudEventHeaders;
import io.sharedfs.contracts.Keys;
import io.sharedfs.contracts.MessageType;
import io.sharedfs.contracts.Topics;
import io.sharedfs.contracts.image.ImageLayoutPrepared;
import io.sharedfs.contracts.image.ImageLayoutRejected;
import io.sharedfs.contracts.image.ImageMessage;
import io.sharedfs.contracts.image.ImageRegistered;
import io.sharedfs.contracts.image.ImageSpec;
import io.sharedfs.contracts.image.ImageStatus;
import io.sharedfs.contracts.image.ImageUpdated;
import io.sharedfs.provisioner.TestNodes;
import io.sharedfs.testsupport.KafkaTestClient;
import io.sharedfs.testsupport.SharedfsInfrastructure;
import io.sharedfs.testsupport.TestEvents;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * Image events for this storage host get their layout prepared and an answer on
 * {@code sharedfs.image-layout}; an unusable root is rejected with the reason; images of other
 * hosts and changes that do not touch the layout get no answer.
 */
@QuarkusTest
@WithTestResource(SharedfsInfrastructure.class)
class ImageLayoutAnswersTest {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String kafka;

    @Test
    void aSharedImageGetsItsLayoutPreparedAndTheAnswerSaysSo() throws Exception {
        Path root = TestNodes.smallImage("layout");
        ImageSpec image = spec(UUID.randomUUID(), root.toString(), HOST, true, 1);

        TestEvents.publish(kafka, new ImageRegistered(image));

        ImageLayoutPrepared prepared = TestEvents.await(kafka, ImageLayoutPrepared.class,
                answer -> answer.imageId().equals(image.imageId())).body();
        assertEquals(new ImageLayoutPrepared(image.imageId(), HOST, root.toString(), 1L), prepared);
        assertTrue(Files.isDirectory(root.resolve("custom/node")));
        assertTrue(Files.isDirectory(root.resolve("custom/ve")));
        assertEquals(040700, Files.getAttribute(root.resolve("private"), "unix:mode"));
        assertEquals(0, Files.getAttribute(root.resolve("private"), "unix:uid"));
    }

    @Test
    void aNonSharedImageIsOnlyCheckedAndPrepared() {
        Path root = TestNodes.smallImage("layout-plain");
        ImageSpec image = spec(UUID.randomUUID(), root.toString(), HOST, false, 1);

        TestEvents.publish(kafka, new ImageRegistered(image));

        TestEvents.await(kafka, ImageLayoutPrepared.class, answer -> answer.imageId().equals(image.imageId()));
        assertFalse(exists(root.resolve("custom")));
        assertFalse(exists(root.resolve("private")));
    }

    @Test
    void aMissingRootIsRejectedWithTheReason() {
        Path missing = TestNodes.smallImage("layout-missing").resolveSibling("nowhere");
        ImageSpec image = spec(UUID.randomUUID(), missing.toString(), HOST, true, 1);

        TestEvents.publish(kafka, new ImageRegistered(image));

        ImageLayoutRejected rejected = TestEvents.await(kafka, ImageLayoutRejected.class,
                answer -> answer.imageId().equals(image.imageId())).body();
        assertEquals("root path " + missing + " does not exist on this storage host", rejected.reason());
        assertEquals(HOST, rejected.storageHost());
        assertEquals(missing.toString(), rejected.rootPath());
        assertEquals(1L, rejected.imageVersion());
        assertFalse(exists(missing));
    }

    @Test
    void aFileInTheWayIsRejectedWithTheReason() throws Exception {
        Path root = TestNodes.smallImage("layout-file");
        Files.writeString(root.resolve("custom"), "in the way\n");
        ImageSpec image = spec(UUID.randomUUID(), root.toString(), HOST, true, 1);

        TestEvents.publish(kafka, new ImageRegistered(image));

        ImageLayoutRejected rejected = TestEvents.await(kafka, ImageLayoutRejected.class,
                answer -> answer.imageId().equals(image.imageId())).body();
        assertEquals("/custom in the image is a file in the way: sharedfs needs a directory there", rejected.reason());
    }

    @Test
    void anImageOfAnotherStorageHostGetsNoAnswerAndItsRootIsNotTouched() {
        UUID id = UUID.randomUUID();
        Path foreignRoot = TestNodes.smallImage("layout-foreign");
        Path ownRoot = TestNodes.smallImage("layout-moved");

        TestEvents.publish(kafka, new ImageRegistered(spec(id, foreignRoot.toString(), "storage-2", true, 1)));
        // Same image, same key, so the same partition: once its answer is there, the first was handled.
        TestEvents.publish(kafka, new ImageUpdated(spec(id, ownRoot.toString(), HOST, true, 2),
                Set.of("storageHost", "rootPath")));

        List<ImageMessage> answers = answersUntilVersion(id, 2);
        assertEquals(List.of(new ImageLayoutPrepared(id, HOST, ownRoot.toString(), 2L)), answers);
        assertFalse(exists(foreignRoot.resolve("custom")));
        assertFalse(exists(foreignRoot.resolve("private")));
        assertTrue(exists(ownRoot.resolve("private")));
    }

    @Test
    void anUpdateThatDoesNotTouchTheLayoutGetsNoAnswer() {
        UUID id = UUID.randomUUID();
        Path root = TestNodes.smallImage("layout-update");

        TestEvents.publish(kafka, new ImageRegistered(spec(id, root.toString(), HOST, false, 1)));
        TestEvents.publish(kafka, new ImageUpdated(spec(id, root.toString(), HOST, false, 2), Set.of("description")));
        TestEvents.publish(kafka, new ImageUpdated(spec(id, root.toString(), HOST, true, 3), Set.of("shared")));

        List<ImageMessage> answers = answersUntilVersion(id, 3);
        assertEquals(List.of(new ImageLayoutPrepared(id, HOST, root.toString(), 1L),
                new ImageLayoutPrepared(id, HOST, root.toString(), 3L)), answers);
        assertTrue(exists(root.resolve("custom/ve")), "marked shared: the layout is prepared");
    }

    /** Every answer about the image on its topic, read until the answer about {@code version} is there. */
    private List<ImageMessage> answersUntilVersion(UUID id, long version) {
        List<ImageMessage> answers = new ArrayList<>();
        KafkaTestClient.readUntil(kafka, Topics.IMAGE_LAYOUT, TestNodes.WAIT, records -> {
            answers.clear();
            records.stream()
                    .filter(record -> Keys.image(id).equals(record.key()))
                    .map(record -> (ImageMessage) MessageType.byCeType(
                            KafkaTestClient.header(record, CloudEventHeaders.TYPE)).orElseThrow().read(record.value()))
                    .forEach(answers::add);
            return answers.stream().anyMatch(answer -> version(answer) == version);
        });
        return answers;
    }

    private static long version(ImageMessage answer) {
        if (answer instanceof ImageLayoutPrepared prepared) {
            return prepared.imageVersion();
        }
        return ((ImageLayoutRejected) answer).imageVersion();
    }

    private static ImageSpec spec(UUID id, String rootPath, String storageHost, boolean shared, long version) {
        return new ImageSpec(id, "image-" + id.toString().substring(0, 8), rootPath, storageHost, shared,
                List.of("/var", "/etc"), List.of(), List.of(), "a test image", version, ImageStatus.PENDING, null);
    }
}
