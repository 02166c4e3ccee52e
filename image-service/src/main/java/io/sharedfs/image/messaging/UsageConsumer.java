package io.sharedfs.image.messaging;

import io.sharedfs.contracts.MessageType;
import io.sharedfs.contracts.node.NodeAdded;
import io.sharedfs.contracts.node.NodeState;
import io.sharedfs.contracts.node.NodeStateChanged;
import io.sharedfs.contracts.ve.VeCreated;
import io.sharedfs.contracts.ve.VeDeleted;
import io.sharedfs.contracts.ve.VeUpdated;
import io.sharedfs.image.domain.ImageUsage;
import io.sharedfs.messaging.inbox.MessageProcessor;
import io.sharedfs.messaging.inbox.ReceivedMessage;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** Keeps the image usage projection (VEs and their live nodes) from ve-service's events. */
@ApplicationScoped
public class UsageConsumer {

    private static final Set<MessageType> VE_EVENTS =
            Set.of(MessageType.VE_CREATED, MessageType.VE_UPDATED, MessageType.VE_DELETED);
    private static final Set<MessageType> NODE_EVENTS =
            Set.of(MessageType.NODE_ADDED, MessageType.NODE_STATE_CHANGED);

    private final MessageProcessor processor;
    private final ImageUsage usage;

    public UsageConsumer(MessageProcessor processor, ImageUsage usage) {
        this.processor = processor;
        this.usage = usage;
    }

    @Incoming("ves")
    @Blocking
    public void consumeVe(ConsumerRecord<String, String> record) {
        processor.process("image-service.ves", record, VE_EVENTS, this::handle);
    }

    @Incoming("nodes")
    @Blocking
    public void consumeNodes(ConsumerRecords<String, String> records) {
        processor.processBatch(topic -> "image-service.nodes", records, NODE_EVENTS, this::handle);
    }

    private void handle(ReceivedMessage message) {
        Object body = message.body();
        if (body instanceof VeCreated created) {
            usage.veUses(created.veId(), created.name(), created.imageId());
        } else if (body instanceof VeUpdated updated) {
            usage.veUses(updated.veId(), updated.name(), updated.imageId());
        } else if (body instanceof VeDeleted deleted) {
            usage.veDeleted(deleted.veId());
        } else if (body instanceof NodeAdded added) {
            usage.nodeAdded(added.veId(), added.vemId(), added.image().imageId());
        } else if (body instanceof NodeStateChanged changed && changed.to() == NodeState.REMOVED) {
            usage.nodeRemoved(changed.veId(), changed.vemId());
        }
    }
}
