package io.sharedfs.ve.messaging;

import io.sharedfs.contracts.MessageType;
import io.sharedfs.contracts.customization.CustomizationRequested;
import io.sharedfs.contracts.customization.CustomizationRevertRequested;
import io.sharedfs.contracts.image.ImageDeleted;
import io.sharedfs.contracts.image.ImageRegistered;
import io.sharedfs.contracts.image.ImageUpdated;
import io.sharedfs.messaging.inbox.MessageProcessor;
import io.sharedfs.messaging.inbox.ReceivedMessage;
import io.sharedfs.ve.domain.CustomizationCatalog;
import io.sharedfs.ve.domain.ImageCatalog;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** Keeps ve-service's image projection and the images' customizations from image-service's events. */
@ApplicationScoped
public class ImageEventConsumer {

    private static final Set<MessageType> WANTED = Set.of(MessageType.IMAGE_REGISTERED, MessageType.IMAGE_UPDATED,
            MessageType.IMAGE_DELETED, MessageType.CUSTOMIZATION_REQUESTED, MessageType.CUSTOMIZATION_REVERT_REQUESTED);

    private final MessageProcessor processor;
    private final ImageCatalog images;
    private final CustomizationCatalog customizations;

    public ImageEventConsumer(MessageProcessor processor, ImageCatalog images, CustomizationCatalog customizations) {
        this.processor = processor;
        this.images = images;
        this.customizations = customizations;
    }

    @Incoming("images")
    @Blocking
    public void consume(ConsumerRecord<String, String> record) {
        processor.process("ve-service.images", record, WANTED, this::handle);
    }

    private void handle(ReceivedMessage message) {
        Object body = message.body();
        if (body instanceof ImageRegistered registered) {
            images.update(registered.image());
        } else if (body instanceof ImageUpdated updated) {
            images.update(updated.image());
        } else if (body instanceof ImageDeleted deleted) {
            images.deleted(deleted.imageId());
        } else if (body instanceof CustomizationRequested requested) {
            customizations.requested(requested.customizationId(), requested.imageId(), requested.path(),
                    requested.scope());
        } else if (body instanceof CustomizationRevertRequested revert) {
            customizations.revertRequested(revert.customizationId(), revert.imageId(), revert.path(), revert.scope());
        }
    }
}
