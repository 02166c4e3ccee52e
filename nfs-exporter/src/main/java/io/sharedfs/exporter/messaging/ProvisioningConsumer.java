package io.sharedfs.exporter.messaging;

import io.sharedfs.contracts.MessageType;
import io.sharedfs.contracts.provisioning.NodeProvisioned;
import io.sharedfs.exporter.config.ExportSettings;
import io.sharedfs.exporter.domain.TableChanges;
import io.sharedfs.messaging.inbox.MessageProcessor;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** Makes a node exportable once node-provisioner reports its private tree complete. */
@ApplicationScoped
public class ProvisioningConsumer {

    private static final Set<MessageType> WANTED = Set.of(MessageType.NODE_PROVISIONED);

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
    public void consume(ConsumerRecord<String, String> record) {
        processor.process(consumer, record, WANTED,
                message -> changes.nodeProvisioned(message.as(NodeProvisioned.class)));
    }
}
