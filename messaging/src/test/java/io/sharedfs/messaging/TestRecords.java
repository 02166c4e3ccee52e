package io.sharedfs.messaging;

import io.sharedfs.contracts.CloudEventHeaders;
import io.sharedfs.contracts.EventJson;
import io.sharedfs.contracts.Keys;
import io.sharedfs.contracts.Topics;
import io.sharedfs.contracts.node.NodeState;
import io.sharedfs.contracts.node.NodeStateChanged;
import io.sharedfs.testsupport.KafkaTestClient;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** NodeStateChanged records sent straight to the nodes topic, as an upstream system would, and dead letters read back. */
public final class TestRecords {

    private static final Duration WAIT = Duration.ofSeconds(60);

    private final String kafka;

    public TestRecords(String kafka) {
        this.kafka = kafka;
    }

    /** Sends a record with the given CloudEvents id and body; returns the id. */
    public String send(long ve, String id, String body) {
        KafkaTestClient.send(kafka, Topics.NODES, Keys.ve(ve), body, headers(id, "io.sharedfs.NodeStateChanged"));
        return id;
    }

    /** The dead letter a consumer wrote for the event (its reason names the consumer). */
    public ConsumerRecord<String, String> deadLetterOf(String eventId, String consumer) {
        return KafkaTestClient.readUntil(kafka, Topics.DEAD_LETTER, WAIT,
                read -> read.stream().anyMatch(r -> isDeadLetter(r, eventId, consumer)))
                .stream().filter(r -> isDeadLetter(r, eventId, consumer)).findFirst().orElseThrow();
    }

    private static boolean isDeadLetter(ConsumerRecord<String, String> record, String eventId, String consumer) {
        String reason = KafkaTestClient.header(record, "dead-letter-reason");
        return eventId.equals(KafkaTestClient.header(record, CloudEventHeaders.ID)) && reason != null
                && reason.startsWith(consumer + " cannot process");
    }

    public static Map<String, String> headers(String id, String type) {
        Map<String, String> headers = new HashMap<>();
        headers.put(CloudEventHeaders.SPEC_VERSION, "1.0");
        headers.put(CloudEventHeaders.ID, id);
        headers.put(CloudEventHeaders.TYPE, type);
        headers.put(CloudEventHeaders.SOURCE, "/test/upstream");
        headers.put(CloudEventHeaders.TIME, Instant.now().toString());
        headers.put(CloudEventHeaders.CONTENT_TYPE, CloudEventHeaders.JSON);
        return headers;
    }

    public static String body(long ve, long vem) {
        return EventJson.write(new NodeStateChanged(ve, vem, null, NodeState.PROVISIONING, "test"));
    }
}
