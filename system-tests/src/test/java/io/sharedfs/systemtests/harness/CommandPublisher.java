package io.sharedfs.systemtests.harness;

import io.sharedfs.contracts.CloudEventHeaders;
import io.sharedfs.contracts.EventJson;
import io.sharedfs.contracts.MessageType;
import io.sharedfs.contracts.command.Command;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * An upstream system publishing commands on {@code sharedfs.commands}: keyed by VE id, with
 * CloudEvents headers, acknowledged by the broker before {@link #flush()} returns. One producer for
 * many commands (a burst).
 */
public final class CommandPublisher implements AutoCloseable {

    private final KafkaProducer<String, String> producer;
    private final List<Future<RecordMetadata>> pending = new ArrayList<>();

    public CommandPublisher(String kafka) {
        Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        producer = new KafkaProducer<>(config);
    }

    /** Sends a command with a new event id (not yet acknowledged: see {@link #flush()}). */
    public void send(Command command) {
        MessageType type = MessageType.of(command);
        ProducerRecord<String, String> record = new ProducerRecord<>(type.topic(), command.partitionKey(),
                EventJson.write(command));
        header(record, CloudEventHeaders.SPEC_VERSION, CloudEventHeaders.SPEC_VERSION_1_0);
        header(record, CloudEventHeaders.ID, UUID.randomUUID().toString());
        header(record, CloudEventHeaders.TYPE, type.ceType());
        header(record, CloudEventHeaders.SOURCE, "/upstream/system-tests");
        header(record, CloudEventHeaders.SUBJECT, command.subject());
        header(record, CloudEventHeaders.TIME, Instant.now().toString());
        header(record, CloudEventHeaders.CONTENT_TYPE, CloudEventHeaders.JSON);
        pending.add(producer.send(record));
    }

    /** Waits until the broker acknowledged everything sent. */
    public void flush() {
        producer.flush();
        try {
            for (Future<RecordMetadata> sent : pending) {
                sent.get();
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException("a command was not accepted by the broker", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            pending.clear();
        }
    }

    /** Sends and waits for the acknowledgement. */
    public void sendNow(Command command) {
        send(command);
        flush();
    }

    @Override
    public void close() {
        producer.close();
    }

    private static void header(ProducerRecord<String, String> record, String name, String value) {
        record.headers().add(name, value.getBytes(StandardCharsets.UTF_8));
    }
}
