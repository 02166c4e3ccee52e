package io.sharedfs.ve;

import static org.awaitility.Awaitility.await;

import io.sharedfs.contracts.CloudEventHeaders;
import io.sharedfs.contracts.Keys;
import io.sharedfs.contracts.MessageType;
import io.sharedfs.contracts.SharedfsMessage;
import io.sharedfs.contracts.Topics;
import io.sharedfs.contracts.command.RemoveNode;
import io.sharedfs.contracts.export.ExportsApplyFailed;
import io.sharedfs.contracts.export.NodeUnexported;
import io.sharedfs.contracts.node.NodeRef;
import io.sharedfs.contracts.provisioning.PrivateTreePurged;
import io.sharedfs.testsupport.KafkaTestClient;
import io.sharedfs.testsupport.TestEvents;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * The broker as the other services and upstream systems use it: publish their messages, know when
 * ve-service has processed them, and read back what ve-service published.
 */
public final class Bus {

    public static final Duration WAIT = Duration.ofSeconds(30);

    private static final Map<String, String> CONSUMERS = Map.of(
            Topics.IMAGES, "ve-service.images",
            Topics.COMMANDS, "ve-service.commands",
            Topics.PROVISIONING, "ve-service.provisioning",
            Topics.EXPORTS, "ve-service.exports");

    private Bus() {
    }

    public static String kafka() {
        return ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class);
    }

    /** Publishes with a new event id; returns the id. */
    public static String publish(SharedfsMessage message) {
        return TestEvents.publish(kafka(), message);
    }

    /** Publishes with the given event id: the same id again is a redelivery. */
    public static String publish(SharedfsMessage message, String eventId) {
        return TestEvents.publish(kafka(), message, eventId);
    }

    /** Publishes with a new event id and waits until ve-service has processed it. */
    public static String publishAndAwait(SharedfsMessage message) {
        String id = publish(message);
        awaitProcessed(message, id);
        return id;
    }

    /** Waits until ve-service's consumer of the message's topic has processed the event id. */
    public static void awaitProcessed(SharedfsMessage message, String eventId) {
        String consumer = CONSUMERS.get(MessageType.of(message).topic());
        await("ve-service processed " + MessageType.of(message).ceType() + " " + eventId).atMost(WAIT)
                .pollInterval(Duration.ofMillis(20))
                .until(() -> TestDb.processed(consumer, eventId));
    }

    /**
     * Waits until everything published so far about the VE on the agents' topics has been
     * processed: a report about a VEM that does not exist goes last on each topic, under the VE's
     * key (so on the same partition), and changes nothing.
     */
    public static void settleAgents(long veId) {
        publishAndAwait(new PrivateTreePurged(veId, TestIds.NO_SUCH_VEM, "fence", "/fence"));
        publishAndAwait(new NodeUnexported(veId, TestIds.NO_SUCH_VEM, "192.0.2.1", "fence", 1));
    }

    /** The same for storage-host-wide export reports, keyed by the host. */
    public static void settleHost(String storageHost) {
        publishAndAwait(new ExportsApplyFailed(storageHost, 0, "fence",
                List.of(new NodeRef(1, TestIds.NO_SUCH_VEM))));
    }

    /** The same for commands about the VE; the fence is a command that is rejected. */
    public static void settleCommands(long veId) {
        publishAndAwait(new RemoveNode("fence-" + UUID.randomUUID(), veId, TestIds.NO_SUCH_VEM, false));
    }

    /**
     * Every message ve-service published under the VE's key on the topic, read back from the
     * broker in order: as many as its outbox holds for them, each once.
     */
    public static List<ConsumerRecord<String, String>> published(long veId, String topic) {
        String key = Keys.ve(veId);
        long expected = TestDb.outboxForKey(key).stream().filter(row -> row.topic().equals(topic)).count();
        List<ConsumerRecord<String, String>> read = KafkaTestClient.readUntil(kafka(), topic, WAIT,
                records -> distinct(records, key).size() >= expected);
        return List.copyOf(distinct(read, key).values());
    }

    /** Records of one type among those. */
    public static List<ConsumerRecord<String, String>> ofType(List<ConsumerRecord<String, String>> records,
            Class<? extends SharedfsMessage> type) {
        String ceType = MessageType.of(type).ceType();
        return records.stream().filter(r -> ceType.equals(KafkaTestClient.header(r, CloudEventHeaders.TYPE))).toList();
    }

    private static Map<String, ConsumerRecord<String, String>> distinct(List<ConsumerRecord<String, String>> records,
            String key) {
        Map<String, ConsumerRecord<String, String>> byId = new LinkedHashMap<>();
        for (ConsumerRecord<String, String> record : records) {
            if (key.equals(record.key())) {
                byId.putIfAbsent(KafkaTestClient.header(record, CloudEventHeaders.ID), record);
            }
        }
        return byId;
    }
}
