package io.sharedfs.exporter.messaging;

import io.sharedfs.contracts.MessageType;
import io.sharedfs.contracts.provisioning.NodeProvisioned;
import io.sharedfs.contracts.provisioning.NodeProvisioningFailed;
import io.sharedfs.exporter.config.ExportSettings;
import io.sharedfs.exporter.domain.TableChanges;
import io.sharedfs.messaging.inbox.MessageProcessor;
import io.sharedfs.messaging.inbox.ReceivedMessage;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Makes a node exportable once node-provisioner reports its private tree complete; a reported
 * failure only tells the apply worker that this tree is no longer on its way.
 */
@ApplicationScoped
public class ProvisioningConsumer {

    private static final Set<MessageType> WANTED = Set.of(MessageType.NODE_PROVISIONED,
            MessageType.NODE_PROVISIONING_FAILED);

    private final MessageProcessor processor;
    private final TableChanges changes;
    private final String consumer;

    public ProvisioningConsumer(MessageProcessor processor, TableChanges changes, ExportSettings settings) {
        this.processor = processor;
        this.changes = changes;
        // Scoped by host: exporters of several hosts may share a database and each must see every event.
        this.consumer = "nfs-exporter." + settings.storageHost() + ".provisioning";
    }

    @Incoming("provisioning")
    @Blocking
    public void consume(ConsumerRecords<String, String> records) {
        processor.processBatch(topic -> consumer, records, WANTED, this::handle);
    }

    private void handle(ReceivedMessage message) {
        if (message.body() instanceof NodeProvisioned provisioned) {
            changes.nodeProvisioned(provisioned);
        } else if (message.body() instanceof NodeProvisioningFailed failed) {
            changes.nodeProvisioningFailed(failed);
        }
    }
}
