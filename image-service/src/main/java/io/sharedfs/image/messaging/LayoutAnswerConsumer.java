package io.sharedfs.image.messaging;

import io.sharedfs.contracts.MessageType;
import io.sharedfs.contracts.image.ImageLayoutPrepared;
import io.sharedfs.contracts.image.ImageLayoutRejected;
import io.sharedfs.contracts.image.ImageStatus;
import io.sharedfs.image.domain.ImageService;
import io.sharedfs.messaging.inbox.MessageProcessor;
import io.sharedfs.messaging.inbox.ReceivedMessage;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** Moves images to READY or INVALID from the storage hosts' layout answers. */
@ApplicationScoped
public class LayoutAnswerConsumer {

    private static final Set<MessageType> WANTED =
            Set.of(MessageType.IMAGE_LAYOUT_PREPARED, MessageType.IMAGE_LAYOUT_REJECTED);

    private final MessageProcessor processor;
    private final ImageService images;

    public LayoutAnswerConsumer(MessageProcessor processor, ImageService images) {
        this.processor = processor;
        this.images = images;
    }

    @Incoming("image-layout")
    @Blocking
    public void consume(ConsumerRecord<String, String> record) {
        processor.process("image-service.layout", record, WANTED, this::handle);
    }

    private void handle(ReceivedMessage message) {
        if (message.body() instanceof ImageLayoutPrepared prepared) {
            images.layoutAnswered(prepared.imageId(), prepared.storageHost(), prepared.imageVersion(),
                    ImageStatus.READY, null);
        } else if (message.body() instanceof ImageLayoutRejected rejected) {
            images.layoutAnswered(rejected.imageId(), rejected.storageHost(), rejected.imageVersion(),
                    ImageStatus.INVALID, rejected.reason());
        }
    }
}
