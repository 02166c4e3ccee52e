package io.sharedfs.exporter.messaging;

import io.sharedfs.contracts.MessageType;
import io.sharedfs.contracts.node.NodeAdded;
import io.sharedfs.contracts.node.NodeRemoved;
import io.sharedfs.exporter.config.ExportSettings;
import io.sharedfs.exporter.domain.TableChanges;
import io.sharedfs.messaging.inbox.MessageProcessor;
import io.sharedfs.messaging.inbox.ReceivedMessage;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** Adds and withdraws nodes from ve-service's NodeAdded and NodeRemoved; the apply worker does the rest. */
@ApplicationScoped
public class NodeEventConsumer {

    private static final Set<MessageType> WANTED = Set.of(MessageType.NODE_ADDED, MessageType.NODE_REMOVED);

    private final MessageProcessor processor;
    private final TableChanges changes;
    private final String consumer;

    public NodeEventConsumer(MessageProcessor processor, TableChanges changes, ExportSettings settings) {
        this.processor = processor;
        this.changes = changes;
        // Scoped by host: exporters of several hosts may share a database and each must see every event.
        this.consumer = "nfs-exporter." + settings.storageHost() + ".nodes";
    }

    @Incoming("nodes")
    @Blocking
    public void consume(ConsumerRecords<String, String> records) {
        processor.processBatch(topic -> consumer, records, WANTED, this::handle);
    }

    private void handle(ReceivedMessage message) {
        if (message.body() instanceof NodeAdded added) {
            changes.nodeAdded(added);
        } else if (message.body() instanceof NodeRemoved removed) {
            changes.nodeRemoved(removed);
        }
    }
}
