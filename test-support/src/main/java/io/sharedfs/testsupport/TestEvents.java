package io.sharedfs.testsupport;

import io.sharedfs.contracts.CloudEventHeaders;
import io.sharedfs.contracts.EventJson;
import io.sharedfs.contracts.MessageType;
import io.sharedfs.contracts.SharedfsMessage;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Publishes and reads sharedfs messages the way another service or an upstream system would:
 * on the type's topic, with its key and CloudEvents headers.
 */
public final class TestEvents {

    private TestEvents() {
    }

    /** Publishes with a new event id; returns the id. */
    public static String publish(String bootstrapServers, SharedfsMessage message) {
        return publish(bootstrapServers, message, UUID.randomUUID().toString());
    }

    /** Publishes with the given event id (the same id again is a redelivery). */
    public static String publish(String bootstrapServers, SharedfsMessage message, String eventId) {
        MessageType type = MessageType.of(message);
        KafkaTestClient.send(bootstrapServers, type.topic(), message.partitionKey(), EventJson.write(message), Map.of(
                CloudEventHeaders.SPEC_VERSION, CloudEventHeaders.SPEC_VERSION_1_0,
                CloudEventHeaders.ID, eventId,
                CloudEventHeaders.TYPE, type.ceType(),
                CloudEventHeaders.SOURCE, "/sharedfs/test",
                CloudEventHeaders.SUBJECT, message.subject(),
                CloudEventHeaders.TIME, Instant.now().toString(),
                CloudEventHeaders.CONTENT_TYPE, CloudEventHeaders.JSON));
        return eventId;
    }

    /** A record read back, with its parsed body. */
    public record Received<T extends SharedfsMessage>(ConsumerRecord<String, String> record, T body) {

        public String header(String name) {
            return KafkaTestClient.header(record, name);
        }
    }

    /**
     * Reads the topic from the start until a message of {@code type} satisfies {@code match};
     * returns every message of that type that does, in topic order.
     */
    public static <T extends SharedfsMessage> List<Received<T>> awaitAll(String bootstrapServers, Class<T> type,
            Predicate<T> match, int atLeast) {
        MessageType messageType = MessageType.of(type);
        List<ConsumerRecord<String, String>> records = KafkaTestClient.readUntil(bootstrapServers,
                messageType.topic(), Duration.ofSeconds(60),
                read -> matching(read, messageType, type, match).size() >= atLeast);
        return matching(records, messageType, type, match);
    }

    /** The first message of {@code type} on its topic that satisfies {@code match}. */
    public static <T extends SharedfsMessage> Received<T> await(String bootstrapServers, Class<T> type,
            Predicate<T> match) {
        return awaitAll(bootstrapServers, type, match, 1).get(0);
    }

    private static <T extends SharedfsMessage> List<Received<T>> matching(List<ConsumerRecord<String, String>> records,
            MessageType messageType, Class<T> type, Predicate<T> match) {
        return records.stream()
                .filter(r -> messageType.ceType().equals(KafkaTestClient.header(r, CloudEventHeaders.TYPE)))
                .map(r -> new Received<>(r, EventJson.read(r.value(), type)))
                .filter(received -> match.test(received.body()))
                .toList();
    }
}
