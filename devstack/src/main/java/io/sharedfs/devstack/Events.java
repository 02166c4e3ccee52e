package io.sharedfs.devstack;

import com.fasterxml.jackson.databind.JsonNode;
import io.sharedfs.contracts.CloudEventHeaders;
import io.sharedfs.contracts.MessageType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads sharedfs records with a plain Kafka consumer, outside any consumer group (partitions are assigned, offsets
 * never committed), so reading changes nothing for the services: either everything up to the end offsets of the
 * moment it starts ({@link #readAll}, for audit), or whatever arrives from now on ({@link Tail}, for the benchmark).
 */
final class Events {

    /** One record with its CloudEvents attributes; the type is the short name ({@code NodeAdded}). */
    record Event(String topic, int partition, long offset, String key, String type, String id, Instant time,
            String subject, String source, String body, Map<String, String> headers) {

        /** The body as JSON, or a JSON null when it is not JSON. */
        JsonNode json() {
            if (body == null || body.isBlank()) {
                return Api.JSON.nullNode();
            }
            try {
                return Api.JSON.readTree(body);
            } catch (IOException e) {
                return Api.JSON.nullNode();
            }
        }

        long veId() {
            JsonNode json = json();
            if (json.path("veId").canConvertToLong()) {
                return json.path("veId").asLong();
            }
            return -1;
        }

        long vemId() {
            JsonNode json = json();
            return json.path("vemId").canConvertToLong() ? json.path("vemId").asLong() : -1;
        }

        static Event of(ConsumerRecord<String, String> record) {
            Map<String, String> headers = new LinkedHashMap<>();
            for (Header header : record.headers()) {
                headers.put(header.key(), header.value() == null ? null
                        : new String(header.value(), StandardCharsets.UTF_8));
            }
            String ceType = headers.get(CloudEventHeaders.TYPE);
            String type = ceType == null ? "(no ce_type)"
                    : ceType.startsWith(MessageType.TYPE_PREFIX) ? ceType.substring(MessageType.TYPE_PREFIX.length())
                    : ceType;
            Instant time = Instant.ofEpochMilli(record.timestamp());
            String ceTime = headers.get(CloudEventHeaders.TIME);
            if (ceTime != null) {
                try {
                    time = Instant.parse(ceTime);
                } catch (DateTimeParseException e) {
                    // keep the record's timestamp
                }
            }
            return new Event(record.topic(), record.partition(), record.offset(), record.key(), type,
                    headers.get(CloudEventHeaders.ID), time, headers.get(CloudEventHeaders.SUBJECT),
                    headers.get(CloudEventHeaders.SOURCE), record.value(), headers);
        }
    }

    private Events() {
    }

    static Properties consumerConfig(String bootstrapServers, String clientId) {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
        config.put(ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
        config.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "15000");
        return config;
    }

    /**
     * Every record of {@code topics} from the beginning (or from the first record at or after {@code since}) up to
     * the end offsets as they were when reading started: a finite, consistent read that ends when caught up.
     */
    static List<Event> readAll(String bootstrapServers, Collection<String> topics, Instant since, Duration timeout) {
        List<Event> events = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(
                consumerConfig(bootstrapServers, "sharedfs-audit"))) {
            List<TopicPartition> partitions = partitions(consumer, topics);
            consumer.assign(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            if (since == null) {
                consumer.seekToBeginning(partitions);
            } else {
                Map<TopicPartition, Long> times = new HashMap<>();
                for (TopicPartition partition : partitions) {
                    times.put(partition, since.toEpochMilli());
                }
                Map<TopicPartition, OffsetAndTimestamp> found = consumer.offsetsForTimes(times);
                for (TopicPartition partition : partitions) {
                    OffsetAndTimestamp at = found.get(partition);
                    consumer.seek(partition, at == null ? end.get(partition) : at.offset());
                }
            }
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!caughtUp(consumer, partitions, end)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("not caught up with " + topics + " after " + timeout.toSeconds()
                            + " s (read " + events.size() + " records)");
                }
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    TopicPartition partition = new TopicPartition(record.topic(), record.partition());
                    if (record.offset() < end.get(partition)) {
                        events.add(Event.of(record));
                    }
                }
            }
        }
        return events;
    }

    private static boolean caughtUp(KafkaConsumer<String, String> consumer, List<TopicPartition> partitions,
            Map<TopicPartition, Long> end) {
        for (TopicPartition partition : partitions) {
            if (consumer.position(partition) < end.get(partition)) {
                return false;
            }
        }
        return true;
    }

    static List<TopicPartition> partitions(KafkaConsumer<String, String> consumer, Collection<String> topics) {
        List<TopicPartition> partitions = new ArrayList<>();
        Map<String, List<PartitionInfo>> all = consumer.listTopics(Duration.ofSeconds(15));
        for (String topic : topics) {
            List<PartitionInfo> infos = all.get(topic);
            if (infos == null) {
                throw new IllegalStateException("no topic " + topic + " on the broker (is sharedfs up? ./sharedfs status)");
            }
            for (PartitionInfo info : infos) {
                partitions.add(new TopicPartition(topic, info.partition()));
            }
        }
        return partitions;
    }

    /** Follows topics from their current end in a thread of its own, handing every new record to a callback. */
    static final class Tail implements AutoCloseable {

        private final KafkaConsumer<String, String> consumer;
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final Thread thread;
        private volatile Throwable failure;

        /** Returns once the start positions are fixed: every record written after this returns is seen. */
        Tail(String bootstrapServers, Collection<String> topics, Consumer<Event> handler) {
            consumer = new KafkaConsumer<>(consumerConfig(bootstrapServers, "sharedfs-bench"));
            List<TopicPartition> partitions = partitions(consumer, topics);
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            for (TopicPartition partition : partitions) {
                consumer.position(partition); // resolves the lazy seek now
            }
            thread = new Thread(() -> {
                try {
                    while (running.get()) {
                        for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(100))) {
                            handler.accept(Event.of(record));
                        }
                    }
                } catch (org.apache.kafka.common.errors.WakeupException e) {
                    // closing
                } catch (Throwable e) {
                    failure = e;
                } finally {
                    consumer.close(Duration.ofSeconds(2));
                }
            }, "event-tail");
            thread.setDaemon(true);
            thread.start();
        }

        Throwable failure() {
            return failure;
        }

        @Override
        public void close() {
            running.set(false);
            consumer.wakeup();
            try {
                thread.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
