package io.sharedfs.exporter;

import org.awaitility.Awaitility;

import io.sharedfs.contracts.CloudEventHeaders;
import io.sharedfs.contracts.EventJson;
import io.sharedfs.contracts.MessageType;
import io.sharedfs.contracts.SharedfsMessage;
import io.sharedfs.contracts.Topics;
import io.sharedfs.testsupport.KafkaTestClient;
import io.sharedfs.testsupport.TestEvents;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * The broker as ve-service, node-provisioner and image-service use it: publish their events, know
 * when nfs-exporter has processed them, and read back what nfs-exporter published.
 */
public final class Bus {

    public static final Duration WAIT = Duration.ofSeconds(60);

    private static final Map<String, String> CONSUMERS = Map.of(
            Topics.NODES, "nodes",
            Topics.PROVISIONING, "provisioning",
            Topics.IMAGES, "images");

    private Bus() {
    }

    public static String kafka() {
        return ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class);
    }

    public static String storageHost() {
        return ConfigProvider.getConfig().getValue("sharedfs.exporter.storage-host", String.class);
    }

    /** Publishes with a new event id; returns the id. */
    public static String publish(SharedfsMessage message) {
        return TestEvents.publish(kafka(), message);
    }

    /** Publishes with the given event id: the same id again is a redelivery. */
    public static String publish(SharedfsMessage message, String eventId) {
        return TestEvents.publish(kafka(), message, eventId);
    }

    /** Publishes many messages through one producer, in order; returns their event ids. */
    public static List<String> publishAll(List<? extends SharedfsMessage> messages) {
        Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka());
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        config.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        List<String> ids = new ArrayList<>();
        List<Future<?>> sent = new ArrayList<>();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(config)) {
            for (SharedfsMessage message : messages) {
                String id = UUID.randomUUID().toString();
                sent.add(producer.send(record(message, id)));
                ids.add(id);
            }
            for (Future<?> ack : sent) {
                ack.get();
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot publish", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return ids;
    }

    /** Publishes with a new event id and waits until nfs-exporter has processed it. */
    public static String publishAndAwait(SharedfsMessage message) {
        String id = publish(message);
        awaitProcessed(message, id);
        return id;
    }

    /** Waits until nfs-exporter's consumer of the message's topic has processed the event id. */
    public static void awaitProcessed(SharedfsMessage message, String eventId) {
        String consumer = "nfs-exporter." + storageHost() + "." + CONSUMERS.get(MessageType.of(message).topic());
        Awaitility.await("nfs-exporter processed " + MessageType.of(message).ceType() + " " + eventId).atMost(WAIT)
                .pollInterval(Duration.ofMillis(20))
                .until(() -> TestDb.processed(consumer, eventId));
    }

    /** The first message of the type that matches, waiting for it. */
    public static <T extends SharedfsMessage> T await(Class<T> type, Predicate<T> match) {
        return TestEvents.await(kafka(), type, match).body();
    }

    /** Every message of the type that matches, once at least {@code atLeast} of them are on the topic. */
    public static <T extends SharedfsMessage> List<T> awaitAll(Class<T> type, Predicate<T> match, int atLeast) {
        return TestEvents.awaitAll(kafka(), type, match, atLeast).stream().map(TestEvents.Received::body).toList();
    }

    /** The records on the dead-letter topic whose original key is {@code key}, waiting for one. */
    public static ConsumerRecord<String, String> deadLetter(String key, Predicate<String> reason) {
        List<ConsumerRecord<String, String>> records = KafkaTestClient.readUntil(kafka(), Topics.DEAD_LETTER, WAIT,
                read -> read.stream().anyMatch(r -> matches(r, key, reason)));
        return records.stream().filter(r -> matches(r, key, reason)).findFirst().orElseThrow();
    }

    private static boolean matches(ConsumerRecord<String, String> record, String key, Predicate<String> reason) {
        String text = KafkaTestClient.header(record, "dead-letter-reason");
        return key.equals(record.key()) && text != null && reason.test(text);
    }

    private static ProducerRecord<String, String> record(SharedfsMessage message, String id) {
        MessageType type = MessageType.of(message);
        ProducerRecord<String, String> record = new ProducerRecord<>(type.topic(), message.partitionKey(),
                EventJson.write(message));
        Map.of(CloudEventHeaders.SPEC_VERSION, CloudEventHeaders.SPEC_VERSION_1_0,
                CloudEventHeaders.ID, id,
                CloudEventHeaders.TYPE, type.ceType(),
                CloudEventHeaders.SOURCE, "/sharedfs/test",
                CloudEventHeaders.SUBJECT, message.subject(),
                CloudEventHeaders.TIME, Instant.now().toString(),
                CloudEventHeaders.CONTENT_TYPE, CloudEventHeaders.JSON)
                .forEach((name, value) -> record.headers().add(name, value.getBytes(StandardCharsets.UTF_8)));
        return record;
    }
}
