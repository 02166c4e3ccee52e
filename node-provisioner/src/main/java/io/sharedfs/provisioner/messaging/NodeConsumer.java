package io.sharedfs.provisioner.messaging;

import io.sharedfs.contracts.MessageType;
import io.sharedfs.contracts.export.NodeUnexported;
import io.sharedfs.contracts.node.NodeAdded;
import io.sharedfs.contracts.node.NodeRemoved;
import io.sharedfs.messaging.inbox.MessageProcessor;
import io.sharedfs.messaging.inbox.ReceivedMessage;
import io.sharedfs.provisioner.config.ProvisionerConfig;
import io.sharedfs.provisioner.domain.JobQueue;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Records provisioning and purge jobs for this host's nodes and acknowledges at once: copies and
 * hooks run in the workers, never while a Kafka record is held.
 */
@ApplicationScoped
public class NodeConsumer {

    private static final Set<MessageType> NODES = Set.of(MessageType.NODE_ADDED, MessageType.NODE_REMOVED);
    private static final Set<MessageType> EXPORTS = Set.of(MessageType.NODE_UNEXPORTED);

    private final MessageProcessor processor;
    private final JobQueue queue;
    private final ProvisionerConfig config;

    public NodeConsumer(MessageProcessor processor, JobQueue queue, ProvisionerConfig config) {
        this.processor = processor;
        this.queue = queue;
        this.config = config;
    }

    @Incoming("nodes")
    @Blocking
    public void consumeNodes(ConsumerRecords<String, String> records) {
        processor.processBatch(topic -> "node-provisioner.nodes", records, NODES, this::handle);
    }

    @Incoming("exports")
    @Blocking
    public void consumeExports(ConsumerRecord<String, String> record) {
        processor.process("node-provisioner.exports", record, EXPORTS, this::handle);
    }

    private void handle(ReceivedMessage message) {
        Object body = message.body();
        if (body instanceof NodeAdded added && mine(added.image().storageHost())) {
            queue.provision(added);
        } else if (body instanceof NodeRemoved removed && removed.purge() && mine(removed.image().storageHost())) {
            queue.purge(removed);
        } else if (body instanceof NodeUnexported unexported && mine(unexported.storageHost())) {
            queue.unexported(unexported.veId(), unexported.vemId());
        }
    }

    private boolean mine(String storageHost) {
        return config.storageHost().equals(storageHost);
    }
}
