package io.sharedfs.messaging;

import io.agroal.api.AgroalDataSource;
import io.sharedfs.contracts.MessageType;
import io.sharedfs.messaging.inbox.MessageProcessor;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** The same consumer as {@link TestConsumer} on a batch channel: a whole poll at a time. */
@ApplicationScoped
public class TestBatchConsumer {

    public static final String NAME = "messaging-test-batch";

    private final MessageProcessor processor;
    private final ProcessedTable processed;

    public TestBatchConsumer(MessageProcessor processor, AgroalDataSource dataSource) {
        this.processor = processor;
        this.processed = new ProcessedTable(dataSource, "test_batch_processed");
    }

    @Incoming("test-batch-in")
    @Blocking
    public void consume(ConsumerRecords<String, String> records) {
        processor.processBatch(topic -> NAME, records, Set.of(MessageType.NODE_STATE_CHANGED), processed::record);
    }

    public ProcessedTable processed() {
        return processed;
    }
}
