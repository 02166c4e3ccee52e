package io.sharedfs.systemtests.harness;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.sharedfs.contracts.CloudEventHeaders;
import io.sharedfs.contracts.MessageType;
import io.sharedfs.contracts.SharedfsMessage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.awaitility.Awaitility;

/**
 * Reads topics the way an operator auditing them would: a plain Kafka consumer of its own (no group,
 * nothing committed) from the first record to the end, every record with its key, partition, offset
 * and CloudEvents headers.
 */
public final class Events {

    /** Generous: the services may be restarting or the broker coming back. */
    public static final Duration TIMEOUT = Duration.ofSeconds(240);

    private Events() {
    }

    /** One record of a topic as read back. */
    public record Event(String topic, int partition, long offset, String key, Map<String, String> headers,
            String value) {

        public String header(String name) {
            return headers.get(name);
        }

        public String ceId() {
            return header(CloudEventHeaders.ID);
        }

        /** The type's simple name, e.g. {@code NodeAdded}; null for a record without {@code ce_type}. */
        public String type() {
            String type = header(CloudEventHeaders.TYPE);
            return type == null || !type.startsWith(MessageType.TYPE_PREFIX) ? type
                    : type.substring(MessageType.TYPE_PREFIX.length());
        }

        public boolean is(Class<? extends SharedfsMessage> type) {
            return type.getSimpleName().equals(type());
        }

        /** The body read with the catalogue's record type for {@code ce_type}. */
        public SharedfsMessage body() {
            String type = header(CloudEventHeaders.TYPE);
            return MessageType.byCeType(type)
                    .orElseThrow(() -> new AssertionError("unknown ce_type " + type + " at " + where()))
                    .read(value);
        }

        public <T extends SharedfsMessage> T as(Class<T> type) {
            return type.cast(body());
        }

        public String where() {
            return topic + "-" + partition + "@" + offset;
        }
    }

    /** Every record the topic holds now, in partition then offset order. */
    public static List<Event> read(String kafka, String topic) {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka);
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, "system-tests-reader-" + UUID.randomUUID());
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        List<Event> events = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(60)).stream()
                    .map(info -> new TopicPartition(topic, info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(60));
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p, Duration.ofSeconds(60)) < end.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("could not read " + topic + " to its end in 60 s");
                }
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    events.add(of(record));
                }
            }
        }
        events.sort(Comparator.comparingInt(Event::partition).thenComparingLong(Event::offset));
        return events;
    }

    /** Reads the topic again and again until {@code done} holds; returns what was read last. */
    public static List<Event> await(String kafka, String topic, String what, Predicate<List<Event>> done) {
        List<List<Event>> last = new ArrayList<>(List.of(List.of()));
        Awaitility.await(what + " on " + topic).atMost(TIMEOUT)
                .pollDelay(Duration.ZERO)
                .pollInterval(Duration.ofMillis(500))
                .until(() -> {
                    List<Event> events = read(kafka, topic);
                    last.set(0, events);
                    return done.test(events);
                });
        return last.get(0);
    }

    /** The events of one type whose body satisfies {@code match}, in topic order. */
    public static <T extends SharedfsMessage> List<T> bodies(List<Event> events, Class<T> type, Predicate<T> match) {
        return events.stream().filter(e -> e.is(type)).map(e -> e.as(type)).filter(match).toList();
    }

    /**
     * Checks an event's key and CloudEvents headers: spec version 1.0, an id, the type of its body,
     * the source of the service that wrote it, the subject and key its body implies, an RFC 3339
     * time no later than now, JSON content.
     */
    public static void assertCloudEvent(Event event, String expectedSource) {
        String where = event.where() + " " + event.type();
        assertEquals(CloudEventHeaders.SPEC_VERSION_1_0, event.header(CloudEventHeaders.SPEC_VERSION),
                "ce_specversion of " + where);
        assertNotNull(event.ceId(), "ce_id of " + where);
        assertFalse(event.ceId().isBlank(), "ce_id of " + where);
        SharedfsMessage body = event.body();
        assertEquals(MessageType.of(body).ceType(), event.header(CloudEventHeaders.TYPE), "ce_type of " + where);
        assertEquals(expectedSource, event.header(CloudEventHeaders.SOURCE), "ce_source of " + where);
        assertEquals(body.subject(), event.header(CloudEventHeaders.SUBJECT), "ce_subject of " + where);
        assertEquals(body.partitionKey(), event.key(), "key of " + where);
        String time = event.header(CloudEventHeaders.TIME);
        assertNotNull(time, "ce_time of " + where);
        Instant at = assertDoesNotThrow(() -> Instant.parse(time), "ce_time of " + where + " is RFC 3339: " + time);
        assertFalse(at.isAfter(Instant.now().plusSeconds(5)), "ce_time of " + where + " is not in the future");
        assertEquals(CloudEventHeaders.JSON, event.header(CloudEventHeaders.CONTENT_TYPE), "content-type of " + where);
    }

    private static Event of(ConsumerRecord<String, String> record) {
        Map<String, String> headers = new java.util.LinkedHashMap<>();
        for (Header header : record.headers()) {
            headers.put(header.key(), header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8));
        }
        return new Event(record.topic(), record.partition(), record.offset(), record.key(), headers, record.value());
    }
}
