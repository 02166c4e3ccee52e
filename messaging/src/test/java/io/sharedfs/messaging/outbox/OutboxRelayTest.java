package io.sharedfs.messaging.outbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.sharedfs.contracts.CloudEventHeaders;
import io.sharedfs.contracts.Keys;
import io.sharedfs.contracts.Topics;
import io.sharedfs.contracts.node.NodeStateChanged;
import io.sharedfs.messaging.TestPublisher;
import io.sharedfs.messaging.TestVes;
import io.sharedfs.messaging.inbox.MessageReader;
import io.sharedfs.testsupport.KafkaTestClient;
import io.sharedfs.testsupport.SharedfsInfrastructure;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/** The outbox publishes exactly what committed, all of it, in commit order per key. */
@QuarkusTest
@WithTestResource(SharedfsInfrastructure.class)
class OutboxRelayTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @Inject
    TestPublisher publisher;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String kafka;

    @Test
    void rolledBackTransactionPublishesNothing() {
        long ve = TestVes.next();
        assertThrows(IllegalStateException.class, () -> publisher.publishAndFail(ve));
        assertEquals(0, publisher.counter(ve), "the state change rolled back");

        long fence = publisher.publishCounted(ve);

        List<ConsumerRecord<String, String>> records = KafkaTestClient.readUntil(kafka, Topics.NODES, WAIT,
                read -> vemIds(read, ve).contains(fence));
        assertEquals(List.of(1L), vemIds(records, ve), "only the committed event, which reused the rolled-back value");
    }

    @Test
    void eventsOfConcurrentTransactionsAllArriveInCommitOrderPerKey() throws Exception {
        int total = 1_000;
        List<Long> ves = LongStream.range(0, 10).map(i -> TestVes.next()).boxed().toList();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Long>> commits = new ArrayList<>();
            for (int i = 0; i < total; i++) {
                long ve = ves.get(i % ves.size());
                commits.add(pool.submit(() -> publisher.publishCounted(ve)));
            }
            for (Future<Long> commit : commits) {
                commit.get();
            }
        } finally {
            pool.shutdown();
        }

        List<ConsumerRecord<String, String>> records = KafkaTestClient.readUntil(kafka, Topics.NODES, WAIT,
                read -> ves.stream().mapToInt(ve -> vemIds(read, ve).size()).sum() >= total);

        for (long ve : ves) {
            List<Long> expected = LongStream.rangeClosed(1, total / ves.size()).boxed().toList();
            assertEquals(expected, vemIds(records, ve), "VE " + ve + ": every commit once, in commit order");
        }
        Set<String> ids = new HashSet<>();
        records.stream().filter(r -> ves.contains(Long.parseLong(r.key())))
                .forEach(r -> assertTrue(ids.add(KafkaTestClient.header(r, CloudEventHeaders.ID)), "unique event ids"));
    }

    @Test
    void everyRecordCarriesCloudEventsHeadersAndTheVeKey() {
        long ve = TestVes.next();
        long vem = publisher.publishCounted(ve);

        ConsumerRecord<String, String> record = KafkaTestClient.readUntil(kafka, Topics.NODES, WAIT,
                read -> vemIds(read, ve).contains(vem)).stream()
                .filter(r -> Keys.ve(ve).equals(r.key())).findFirst().orElseThrow();

        Map<String, String> headers = new HashMap<>();
        record.headers().forEach(h -> headers.put(h.key(), new String(h.value())));
        assertEquals("1.0", headers.get(CloudEventHeaders.SPEC_VERSION));
        assertEquals("io.sharedfs.NodeStateChanged", headers.get(CloudEventHeaders.TYPE));
        assertEquals("/sharedfs/messaging-test", headers.get(CloudEventHeaders.SOURCE));
        assertEquals("ve/" + ve + "/node/" + vem, headers.get(CloudEventHeaders.SUBJECT));
        assertEquals("application/json", headers.get(CloudEventHeaders.CONTENT_TYPE));
        assertNotNull(OffsetDateTime.parse(headers.get(CloudEventHeaders.TIME)));
        assertNotNull(java.util.UUID.fromString(headers.get(CloudEventHeaders.ID)));
        assertTrue(record.value().contains("\"veId\":" + ve), record.value());
    }

    @Test
    void publishingTakesNoLockUntilCommitSoOppositeLockOrdersDoNotDeadlock() throws Exception {
        long key = TestVes.next();
        long counted = TestVes.next();
        CountDownLatch counterLocked = new CountDownLatch(1);
        CountDownLatch published = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            // First holds the counter row and publishes after Second has published and waits for that row:
            // were the key's lock taken at publish, each would wait for the other (PostgreSQL aborts one).
            Future<?> first = pool.submit(() -> publisher.countThenPublish(counted, key, () -> {
                counterLocked.countDown();
                awaitLatch(published);
            }));
            Future<?> second = pool.submit(() -> {
                awaitLatch(counterLocked);
                publisher.publishThenCount(key, counted, published::countDown);
            });
            first.get(60, TimeUnit.SECONDS);
            second.get(60, TimeUnit.SECONDS);
        } finally {
            pool.shutdownNow();
        }

        assertEquals(2, publisher.counter(counted), "both transactions committed");
        List<ConsumerRecord<String, String>> records = KafkaTestClient.readUntil(kafka, Topics.NODES, WAIT,
                read -> vemIds(read, key).size() >= 2);
        assertEquals(List.of(counted, counted), vemIds(records, key));
    }

    private static void awaitLatch(CountDownLatch latch) {
        try {
            if (!latch.await(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the other transaction did not get there");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The VEM ids of the VE's records, in the order the topic holds them. */
    private static List<Long> vemIds(List<ConsumerRecord<String, String>> records, long ve) {
        return records.stream()
                .filter(r -> Keys.ve(ve).equals(r.key()))
                .map(r -> MessageReader.read(r).as(NodeStateChanged.class).vemId())
                .toList();
    }
}
