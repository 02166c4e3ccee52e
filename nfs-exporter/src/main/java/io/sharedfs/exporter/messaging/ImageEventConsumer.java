package io.sharedfs.exporter.messaging;

import io.sharedfs.contracts.MessageType;
import io.sharedfs.contracts.image.ImageDeleted;
import io.sharedfs.exporter.config.ExportSettings;
import io.sharedfs.exporter.domain.TableChanges;
import io.sharedfs.messaging.inbox.MessageProcessor;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Withdraws the nodes of a deleted image. Registrations and updates change nothing here: a
 * node's exports follow the image as its own NodeAdded described it (the tree node-provisioner
 * built for it), and a retry brings a changed image along.
 */
@ApplicationScoped
public class ImageEventConsumer {

    private static final Set<MessageType> WANTED = Set.of(MessageType.IMAGE_DELETED);

    private final MessageProcessor processor;
    private final TableChanges changes;
    private final String consumer;

    public ImageEventConsumer(MessageProcessor processor, TableChanges changes, ExportSettings settings) {
        this.processor = processor;
        this.changes = changes;
        // Scoped by host: exporters of several hosts may share a database and each must see every event.
        this.consumer = "nfs-exporter." + settings.storageHost() + ".images";
    }

    @Incoming("images")
    @Blocking
    public void consume(ConsumerRecord<String, String> record) {
        processor.process(consumer, record, WANTED, message -> changes.imageDeleted(message.as(ImageDeleted.class)));
    }
}
