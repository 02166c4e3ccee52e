package io.sharedfs.provisioner;

import io.sharedfs.contracts.CloudEventHeaders;
import io.sharedfs.contracts.MessageType;
import io.sharedfs.contracts.SharedfsMessage;
import io.sharedfs.contracts.Topics;
import io.sharedfs.contracts.customization.CustomFileUploaded;
import io.sharedfs.contracts.customization.CustomFileWriteFailed;
import io.sharedfs.contracts.customization.CustomFileWritten;
import io.sharedfs.contracts.customization.CustomizationApplied;
import io.sharedfs.contracts.customization.CustomizationFailed;
import io.sharedfs.contracts.customization.CustomizationRequested;
import io.sharedfs.contracts.customization.CustomizationReverted;
import io.sharedfs.contracts.customization.CustomizationRevertRequested;
import io.sharedfs.contracts.customization.CustomizationScope;
import io.sharedfs.contracts.node.ImageRef;
import io.sharedfs.testsupport.KafkaTestClient;
import io.sharedfs.testsupport.TestEvents;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Acts like image-service and ve-service towards node-provisioner's customizations: requests,
 * reverts and uploads as they publish them, and the agent's answers read back.
 */
public final class TestCustomizations {

    public static final String CRONTAB = "SHELL=/bin/sh\n17 * * * * root run-parts /etc/cron.hourly\n";

    private TestCustomizations() {
    }

    /** A prepared shared image holding {@code /etc/crontab} too. */
    public static Path imageWithCrontab(String name) {
        Path root = TestNodes.preparedImage(name);
        try {
            Files.writeString(root.resolve("etc/crontab"), CRONTAB);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return root;
    }

    public static CustomizationRequested requested(UUID id, ImageRef image, String path, CustomizationScope scope,
            boolean applyToExistingNodes) {
        return new CustomizationRequested(id, path, scope, applyToExistingNodes, image);
    }

    public static CustomizationRevertRequested revert(CustomizationRequested request) {
        return new CustomizationRevertRequested(request.customizationId(), request.path(), request.scope(),
                request.image());
    }

    public static CustomFileUploaded upload(long ve, Long vem, String path, long revision, String content,
            ImageRef image) {
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        return new CustomFileUploaded(ve, vem, path, revision, sha256(bytes), Base64.getEncoder().encodeToString(bytes),
                image);
    }

    public static CustomizationApplied applied(String kafka, UUID id) {
        return TestEvents.await(kafka, CustomizationApplied.class, a -> a.customizationId().equals(id)).body();
    }

    public static CustomizationFailed failed(String kafka, UUID id, boolean revert) {
        return TestEvents.await(kafka, CustomizationFailed.class,
                f -> f.customizationId().equals(id) && f.revert() == revert).body();
    }

    public static CustomizationReverted reverted(String kafka, UUID id) {
        return TestEvents.await(kafka, CustomizationReverted.class, r -> r.customizationId().equals(id)).body();
    }

    /**
     * The messages on {@code topic} (all types), read from the start until {@code done} holds for
     * them; a later message of the same key is read only after every earlier one.
     */
    public static List<SharedfsMessage> readUntil(String kafka, String topic, Predicate<List<SharedfsMessage>> done) {
        List<SharedfsMessage> messages = new ArrayList<>();
        KafkaTestClient.readUntil(kafka, topic, TestNodes.WAIT, records -> {
            messages.clear();
            for (ConsumerRecord<String, String> record : records) {
                MessageType.byCeType(KafkaTestClient.header(record, CloudEventHeaders.TYPE))
                        .ifPresent(type -> messages.add(type.read(record.value())));
            }
            return done.test(messages);
        });
        return messages;
    }

    /** The answers about customization {@code id}, read until {@code last} is among them. */
    public static List<SharedfsMessage> answersUntil(String kafka, UUID id, Predicate<SharedfsMessage> last) {
        return readUntil(kafka, Topics.IMAGE_LAYOUT, messages -> messages.stream().anyMatch(last)).stream()
                .filter(message -> id.equals(customizationOf(message))).toList();
    }

    public static UUID customizationOf(SharedfsMessage message) {
        if (message instanceof CustomizationApplied applied) {
            return applied.customizationId();
        }
        if (message instanceof CustomizationFailed failed) {
            return failed.customizationId();
        }
        if (message instanceof CustomizationReverted reverted) {
            return reverted.customizationId();
        }
        return null;
    }

    public static CustomFileWritten written(String kafka, long ve, String path, long revision) {
        return TestEvents.await(kafka, CustomFileWritten.class,
                w -> w.veId() == ve && w.path().equals(path) && w.revision() == revision).body();
    }

    public static CustomFileWriteFailed writeFailed(String kafka, long ve, String path, long revision) {
        return TestEvents.await(kafka, CustomFileWriteFailed.class,
                w -> w.veId() == ve && w.path().equals(path) && w.revision() == revision).body();
    }

    /** The VE's upload answers (written or failed), read until {@code last} is among them. */
    public static List<SharedfsMessage> uploadAnswersUntil(String kafka, long ve, Predicate<SharedfsMessage> last) {
        return readUntil(kafka, Topics.PROVISIONING, messages -> messages.stream().anyMatch(last)).stream()
                .filter(m -> (m instanceof CustomFileWritten w && w.veId() == ve)
                        || (m instanceof CustomFileWriteFailed f && f.veId() == ve))
                .toList();
    }

    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
