package io.sharedfs.messaging;

import io.agroal.api.AgroalDataSource;
import io.sharedfs.contracts.MessageType;
import io.sharedfs.messaging.inbox.MessageProcessor;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** A consumer of NodeStateChanged written like a service's: it records what it processed. */
@ApplicationScoped
public class TestConsumer {

    private final MessageProcessor processor;
    private final ProcessedTable processed;

    public TestConsumer(MessageProcessor processor, AgroalDataSource dataSource) {
        this.processor = processor;
        this.processed = new ProcessedTable(dataSource, "test_processed");
    }

    @Incoming("test-in")
    @Blocking
    public void consume(ConsumerRecord<String, String> record) {
        processor.process("messaging-test", record, Set.of(MessageType.NODE_STATE_CHANGED), processed::record);
    }

    public ProcessedTable processed() {
        return processed;
    }

    public void failNext(long veId, int times) {
        processed.failNext(veId, times);
    }

    public int processedCount(String eventId) {
        return processed.processedCount(eventId);
    }

    public int processedForVe(long veId) {
        return processed.processedForVe(veId);
    }
}
