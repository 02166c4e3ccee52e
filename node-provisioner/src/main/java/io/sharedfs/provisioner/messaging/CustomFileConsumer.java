package io.sharedfs.provisioner.messaging;

import io.sharedfs.contracts.MessageType;
import io.sharedfs.contracts.customization.CustomFileUploaded;
import io.sharedfs.messaging.inbox.MessageProcessor;
import io.sharedfs.messaging.inbox.ReceivedMessage;
import io.sharedfs.provisioner.config.ProvisionerConfig;
import io.sharedfs.provisioner.domain.CustomFiles;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Writes uploaded customized files of this host's images into the VE's or node's custom dir. A file
 * is at most 256 KiB, so it is written while the record is held, in the transaction that records it.
 */
@ApplicationScoped
public class CustomFileConsumer {

    private static final Set<MessageType> WANTED = Set.of(MessageType.CUSTOM_FILE_UPLOADED);

    private final MessageProcessor processor;
    private final CustomFiles files;
    private final ProvisionerConfig config;

    public CustomFileConsumer(MessageProcessor processor, CustomFiles files, ProvisionerConfig config) {
        this.processor = processor;
        this.files = files;
        this.config = config;
    }

    @Incoming("ves")
    @Blocking
    public void consume(ConsumerRecord<String, String> record) {
        processor.process("node-provisioner.ves", record, WANTED, this::handle);
    }

    private void handle(ReceivedMessage message) {
        if (message.body() instanceof CustomFileUploaded upload
                && config.storageHost().equals(upload.image().storageHost())) {
            files.uploaded(upload);
        }
    }
}
