package io.sharedfs.messaging.inbox;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.sharedfs.contracts.Topics;
import io.sharedfs.messaging.ProcessedTable;
import io.sharedfs.messaging.TestBatchConsumer;
import io.sharedfs.messaging.TestRecords;
import io.sharedfs.messaging.TestVes;
import io.sharedfs.testsupport.KafkaTestClient;
import io.sharedfs.testsupport.SharedfsInfrastructure;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * A batch channel processes a whole poll in one transaction, yet keeps every promise of one record
 * at a time: each event processed once, a poison record dead-lettered with its reason while the
 * rest of its batch is processed, a transient failure retried without doubling its batch's work.
 */
@QuarkusTest
@WithTestResource(SharedfsInfrastructure.class)
class BatchProcessingTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final int BURST = 60;

    @Inject
    TestBatchConsumer consumer;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String kafka;

    @Test
    void aBurstWithRedeliveriesIsProcessedOnceEach() {
        long ve = TestVes.next();
        List<String> ids = new ArrayList<>();
        for (int vem = 1; vem <= BURST; vem++) {
            String id = records().send(ve, UUID.randomUUID().toString(), TestRecords.body(ve, vem));
            ids.add(id);
            if (vem % 10 == 0) {
                records().send(ve, id, TestRecords.body(ve, vem));
            }
        }

        await().atMost(WAIT).until(() -> processed().processedForVe(ve) >= BURST);
        ids.forEach(id -> assertEquals(1, processed().processedCount(id), id));
        assertEquals(BURST, processed().processedForVe(ve));
    }

    @Test
    void aPoisonRecordInABurstIsDeadLetteredAndTheRestIsProcessed() {
        long ve = TestVes.next();
        List<String> fine = new ArrayList<>();
        String poison = null;
        for (int vem = 1; vem <= BURST; vem++) {
            if (vem == BURST / 2) {
                poison = records().send(ve, UUID.randomUUID().toString(), "{\"veId\": " + ve + ", \"vemId\": []}");
            } else {
                fine.add(records().send(ve, UUID.randomUUID().toString(), TestRecords.body(ve, vem)));
            }
        }

        ConsumerRecord<String, String> dead = records().deadLetterOf(poison, TestBatchConsumer.NAME);
        assertEquals(Topics.NODES, KafkaTestClient.header(dead, "dead-letter-topic"));
        assertTrue(KafkaTestClient.header(dead, "dead-letter-reason").contains("not a valid NodeStateChanged"));
        assertTrue(dead.value().contains("\"vemId\": []"), "the dead letter carries the original body");
        await().atMost(WAIT).until(() -> processed().processedForVe(ve) == fine.size());
        fine.forEach(id -> assertEquals(1, processed().processedCount(id), id));
        assertEquals(0, processed().processedCount(poison));
    }

    @Test
    void aTransientFailureInABurstIsRetriedWithoutDoublingTheOtherRecords() {
        long ve = TestVes.next();
        long flaky = TestVes.next();
        processed().failNext(flaky, 2);
        List<String> ids = new ArrayList<>();
        for (int vem = 1; vem <= BURST; vem++) {
            long owner = vem == BURST / 2 ? flaky : ve;
            ids.add(records().send(owner, UUID.randomUUID().toString(), TestRecords.body(owner, vem)));
        }

        await().atMost(WAIT).until(() -> processed().processedForVe(ve) + processed().processedForVe(flaky) >= BURST);
        ids.forEach(id -> assertEquals(1, processed().processedCount(id), id));
        assertEquals(BURST - 1, processed().processedForVe(ve));
        assertEquals(1, processed().processedForVe(flaky));
    }

    @Test
    void aFailureThatOutlastsTheRetriesIsDeadLetteredAndTheRestIsProcessed() {
        long ve = TestVes.next();
        long broken = TestVes.next();
        processed().failNext(broken, 1_000);
        String failing = records().send(broken, UUID.randomUUID().toString(), TestRecords.body(broken, 1));
        List<String> fine = new ArrayList<>();
        for (int vem = 1; vem <= 10; vem++) {
            fine.add(records().send(ve, UUID.randomUUID().toString(), TestRecords.body(ve, vem)));
        }

        ConsumerRecord<String, String> dead = records().deadLetterOf(failing, TestBatchConsumer.NAME);
        assertTrue(KafkaTestClient.header(dead, "dead-letter-reason").contains("gave up after 5 attempts"));
        await().atMost(WAIT).until(() -> processed().processedForVe(ve) == fine.size());
        assertEquals(0, processed().processedCount(failing));
        processed().failNext(broken, 0);
    }

    private ProcessedTable processed() {
        return consumer.processed();
    }

    private TestRecords records() {
        return new TestRecords(kafka);
    }
}
