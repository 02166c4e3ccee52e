package io.sharedfs.messaging.outbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.sharedfs.contracts.Keys;
import io.sharedfs.contracts.Topics;
import io.sharedfs.contracts.node.NodeStateChanged;
import io.sharedfs.messaging.TestPublisher;
import io.sharedfs.messaging.TestVes;
import io.sharedfs.messaging.inbox.MessageReader;
import io.sharedfs.testsupport.InjectKafkaProcess;
import io.sharedfs.testsupport.KafkaProcess;
import io.sharedfs.testsupport.KafkaProcessInfrastructure;
import io.sharedfs.testsupport.KafkaTestClient;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.stream.LongStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/** Events committed while the broker is down are published, in order, once it is back. */
@QuarkusTest
@WithTestResource(KafkaProcessInfrastructure.class)
class RelayResumesAfterBrokerRestartTest {

    @Inject
    TestPublisher publisher;

    @Inject
    OutboxStore store;

    @InjectKafkaProcess
    KafkaProcess broker;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String kafka;

    @Test
    void eventsCommittedDuringAnOutageArriveAfterTheBrokerRestarts() throws Exception {
        long ve = TestVes.next();
        long before = publisher.publishCounted(ve);
        KafkaTestClient.readUntil(kafka, Topics.NODES, Duration.ofSeconds(60), read -> vemIds(read, ve).contains(before));

        broker.kill();
        for (int i = 0; i < 50; i++) {
            publisher.publishCounted(ve);
        }
        assertTrue(store.unsentCount() >= 50, "nothing can be acknowledged while the broker is down");
        broker.restart();

        List<ConsumerRecord<String, String>> records = KafkaTestClient.readUntil(kafka, Topics.NODES,
                Duration.ofSeconds(120), read -> vemIds(read, ve).contains(51L));
        List<Long> distinct = vemIds(records, ve).stream().distinct().toList();
        assertEquals(LongStream.rangeClosed(1, 51).boxed().toList(), distinct, "none lost, in order");
    }

    private static List<Long> vemIds(List<ConsumerRecord<String, String>> records, long ve) {
        return records.stream()
                .filter(r -> Keys.ve(ve).equals(r.key()))
                .map(r -> MessageReader.read(r).as(NodeStateChanged.class).vemId())
                .toList();
    }
}
