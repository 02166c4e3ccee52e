package io.sharedfs.image.messaging;

import io.sharedfs.contracts.MessageType;
import io.sharedfs.contracts.customization.CustomizationApplied;
import io.sharedfs.contracts.customization.CustomizationFailed;
import io.sharedfs.contracts.customization.CustomizationReverted;
import io.sharedfs.contracts.image.ImageLayoutPrepared;
import io.sharedfs.contracts.image.ImageLayoutRejected;
import io.sharedfs.contracts.image.ImageStatus;
import io.sharedfs.image.domain.CustomizationService;
import io.sharedfs.image.domain.ImageService;
import io.sharedfs.messaging.inbox.MessageProcessor;
import io.sharedfs.messaging.inbox.ReceivedMessage;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * The storage hosts' answers on {@code sharedfs.image-layout}: layout answers move images to READY
 * or INVALID, customization answers move customizations on.
 */
@ApplicationScoped
public class LayoutAnswerConsumer {

    private static final Set<MessageType> WANTED = Set.of(MessageType.IMAGE_LAYOUT_PREPARED,
            MessageType.IMAGE_LAYOUT_REJECTED, MessageType.CUSTOMIZATION_APPLIED, MessageType.CUSTOMIZATION_FAILED,
            MessageType.CUSTOMIZATION_REVERTED);

    private final MessageProcessor processor;
    private final ImageService images;
    private final CustomizationService customizations;

    public LayoutAnswerConsumer(MessageProcessor processor, ImageService images,
            CustomizationService customizations) {
        this.processor = processor;
        this.images = images;
        this.customizations = customizations;
    }

    @Incoming("image-layout")
    @Blocking
    public void consume(ConsumerRecord<String, String> record) {
        processor.process("image-service.layout", record, WANTED, this::handle);
    }

    private void handle(ReceivedMessage message) {
        Object body = message.body();
        if (body instanceof ImageLayoutPrepared prepared) {
            images.layoutAnswered(prepared.imageId(), prepared.storageHost(), prepared.imageVersion(),
                    ImageStatus.READY, null);
        } else if (body instanceof ImageLayoutRejected rejected) {
            images.layoutAnswered(rejected.imageId(), rejected.storageHost(), rejected.imageVersion(),
                    ImageStatus.INVALID, rejected.reason());
        } else if (body instanceof CustomizationApplied applied) {
            customizations.applied(applied);
        } else if (body instanceof CustomizationFailed failed) {
            customizations.failed(failed);
        } else if (body instanceof CustomizationReverted reverted) {
            customizations.reverted(reverted);
        }
    }
}
