package io.sharedfs.messaging.inbox;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.sharedfs.contracts.CloudEventHeaders;
import io.sharedfs.contracts.Keys;
import io.sharedfs.contracts.Topics;
import io.sharedfs.messaging.TestConsumer;
import io.sharedfs.messaging.TestRecords;
import io.sharedfs.messaging.TestVes;
import io.sharedfs.testsupport.KafkaTestClient;
import io.sharedfs.testsupport.SharedfsInfrastructure;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * Consumers process each event once whatever Kafka delivers: duplicates change nothing, poison
 * records are dead-lettered with their reason and do not block the records behind them.
 */
@QuarkusTest
@WithTestResource(SharedfsInfrastructure.class)
class MessageProcessorTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @Inject
    TestConsumer consumer;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String kafka;

    @Test
    void aRedeliveredEventChangesNothing() {
        long ve = TestVes.next();
        String id = UUID.randomUUID().toString();
        String body = TestRecords.body(ve, 1);
        send(ve, id, body);
        send(ve, id, body);
        String fence = send(ve, UUID.randomUUID().toString(), TestRecords.body(ve, 2));

        await().atMost(WAIT).until(() -> consumer.processedCount(fence) == 1);
        assertEquals(1, consumer.processedCount(id));
        assertEquals(2, consumer.processedForVe(ve));
    }

    @Test
    void aPoisonRecordIsDeadLetteredWithItsReasonAndTheNextRecordIsProcessed() {
        long ve = TestVes.next();
        String poisonId = send(ve, UUID.randomUUID().toString(), "{\"veId\": " + ve + ", \"vemId\": \"not a number\"");
        String next = send(ve, UUID.randomUUID().toString(), TestRecords.body(ve, 2));

        await().atMost(WAIT).until(() -> consumer.processedCount(next) == 1);
        ConsumerRecord<String, String> dead = deadLetterOf(poisonId);
        assertEquals(Topics.NODES, KafkaTestClient.header(dead, "dead-letter-topic"));
        String reason = KafkaTestClient.header(dead, "dead-letter-reason");
        assertTrue(reason.contains("messaging-test") && reason.contains("not a valid NodeStateChanged"), reason);
        assertEquals(0, consumer.processedCount(poisonId));
    }

    @Test
    void recordsWithoutAnIdOrWithAnUnknownTypeAreDeadLettered() {
        long ve = TestVes.next();
        String unknownType = UUID.randomUUID().toString();
        KafkaTestClient.send(kafka, Topics.NODES, Keys.ve(ve), TestRecords.body(ve, 1),
                TestRecords.headers(unknownType, "io.sharedfs.NodeTeleported"));
        Map<String, String> noId = TestRecords.headers("", "io.sharedfs.NodeStateChanged");
        noId.remove(CloudEventHeaders.ID);
        noId.put("test-marker", unknownType);
        KafkaTestClient.send(kafka, Topics.NODES, Keys.ve(ve), TestRecords.body(ve, 2), noId);

        assertTrue(KafkaTestClient.header(deadLetterOf(unknownType), "dead-letter-reason")
                .contains("unknown event type 'io.sharedfs.NodeTeleported'"));
        List<ConsumerRecord<String, String>> dead = KafkaTestClient.readUntil(kafka, Topics.DEAD_LETTER, WAIT,
                read -> read.stream().anyMatch(r -> unknownType.equals(KafkaTestClient.header(r, "test-marker"))));
        ConsumerRecord<String, String> withoutId = dead.stream()
                .filter(r -> unknownType.equals(KafkaTestClient.header(r, "test-marker"))).findFirst().orElseThrow();
        assertTrue(KafkaTestClient.header(withoutId, "dead-letter-reason").contains("header ce_id is missing"));
    }

    @Test
    void aTransientFailureIsRetriedAndTheEventProcessedOnce() {
        long ve = TestVes.next();
        consumer.failNext(ve, 2);
        String id = send(ve, UUID.randomUUID().toString(), TestRecords.body(ve, 1));

        await().atMost(WAIT).until(() -> consumer.processedCount(id) == 1);
        assertEquals(1, consumer.processedForVe(ve), "failed attempts rolled back with their inbox entry");
    }

    @Test
    void aFailureThatOutlastsTheRetriesIsDeadLetteredAndTheNextRecordIsProcessed() {
        long ve = TestVes.next();
        consumer.failNext(ve, 1_000);
        String failing = send(ve, UUID.randomUUID().toString(), TestRecords.body(ve, 1));
        long other = TestVes.next();
        String next = send(other, UUID.randomUUID().toString(), TestRecords.body(other, 1));

        ConsumerRecord<String, String> dead = deadLetterOf(failing);
        assertTrue(KafkaTestClient.header(dead, "dead-letter-reason").contains("gave up after 5 attempts"));
        await().atMost(WAIT).until(() -> consumer.processedCount(next) == 1);
        assertEquals(0, consumer.processedCount(failing));
        consumer.failNext(ve, 0);
    }

    private ConsumerRecord<String, String> deadLetterOf(String eventId) {
        return records().deadLetterOf(eventId, "messaging-test");
    }

    private String send(long ve, String id, String body) {
        return records().send(ve, id, body);
    }

    private TestRecords records() {
        return new TestRecords(kafka);
    }
}
