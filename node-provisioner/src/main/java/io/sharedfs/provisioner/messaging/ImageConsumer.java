package io.sharedfs.provisioner.messaging;

import io.sharedfs.contracts.MessageType;
import io.sharedfs.contracts.customization.CustomizationRequested;
import io.sharedfs.contracts.customization.CustomizationRevertRequested;
import io.sharedfs.contracts.image.ImageDeleted;
import io.sharedfs.contracts.image.ImageLayoutPrepared;
import io.sharedfs.contracts.image.ImageLayoutRejected;
import io.sharedfs.contracts.image.ImageRegistered;
import io.sharedfs.contracts.image.ImageSpec;
import io.sharedfs.contracts.image.ImageUpdated;
import io.sharedfs.messaging.inbox.MessageProcessor;
import io.sharedfs.messaging.inbox.ReceivedMessage;
import io.sharedfs.messaging.outbox.Outbox;
import io.sharedfs.provisioner.config.ProvisionerConfig;
import io.sharedfs.provisioner.domain.Customizations;
import io.sharedfs.provisioner.domain.ImageOnHost;
import io.sharedfs.provisioner.fs.ImagePaths;
import io.sharedfs.provisioner.fs.LayoutPreparer;
import io.sharedfs.provisioner.fs.UnsafeTreeException;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Prepares the layout of the images on this storage host when they are registered, moved or
 * marked shared, and answers image-service. A few directories are quick to make, so this is
 * done while the record is held. Customizations of this host's images are only recorded here:
 * the customization worker does their disk work.
 */
@ApplicationScoped
public class ImageConsumer {

    private static final Set<MessageType> WANTED = Set.of(MessageType.IMAGE_REGISTERED, MessageType.IMAGE_UPDATED,
            MessageType.IMAGE_DELETED, MessageType.CUSTOMIZATION_REQUESTED, MessageType.CUSTOMIZATION_REVERT_REQUESTED);
    private static final Set<String> LAYOUT_FIELDS = Set.of("rootPath", "shared", "storageHost");

    private final MessageProcessor processor;
    private final Outbox outbox;
    private final ProvisionerConfig config;
    private final Customizations customizations;

    public ImageConsumer(MessageProcessor processor, Outbox outbox, ProvisionerConfig config,
            Customizations customizations) {
        this.processor = processor;
        this.outbox = outbox;
        this.config = config;
        this.customizations = customizations;
    }

    @Incoming("images")
    @Blocking
    public void consume(ConsumerRecord<String, String> record) {
        processor.process("node-provisioner.images", record, WANTED, this::handle);
    }

    private void handle(ReceivedMessage message) {
        Object body = message.body();
        if (body instanceof ImageRegistered registered) {
            onImage(registered.image(), true);
        } else if (body instanceof ImageUpdated updated) {
            onImage(updated.image(), updated.changedFields().stream().anyMatch(LAYOUT_FIELDS::contains));
        } else if (body instanceof CustomizationRequested requested) {
            if (mine(requested.image().storageHost())) {
                customizations.requested(requested);
            }
        } else if (body instanceof CustomizationRevertRequested revert) {
            if (mine(revert.image().storageHost())) {
                customizations.revertRequested(revert);
            }
        } else if (body instanceof ImageDeleted deleted) {
            ImageOnHost image = ImageOnHost.findById(deleted.imageId());
            if (image != null) {
                image.deleted = true;
            }
        }
    }

    private boolean mine(String storageHost) {
        return config.storageHost().equals(storageHost);
    }

    private void onImage(ImageSpec spec, boolean layoutChanged) {
        boolean mine = mine(spec.storageHost());
        ImageOnHost image = ImageOnHost.findById(spec.imageId());
        if (!mine) {
            if (image != null) {
                image.deleted = true;
            }
            return;
        }
        if (image == null) {
            // Filled before persist: the insert carries the state at persist time (columns are NOT NULL).
            image = new ImageOnHost();
            image.imageId = spec.imageId();
            update(image, spec);
            image.persist();
        } else if (spec.version() < image.version) {
            return;
        } else {
            update(image, spec);
        }
        if (layoutChanged) {
            answer(spec);
        }
    }

    private static void update(ImageOnHost image, ImageSpec spec) {
        image.name = spec.name();
        image.rootPath = spec.rootPath();
        image.shared = spec.shared();
        image.version = spec.version();
        image.deleted = false;
    }

    private void answer(ImageSpec spec) {
        try {
            LayoutPreparer.prepare(ImagePaths.of(spec.rootPath()), spec.shared());
            outbox.publish(new ImageLayoutPrepared(spec.imageId(), spec.storageHost(), spec.rootPath(), spec.version()));
        } catch (UnsafeTreeException e) {
            outbox.publish(new ImageLayoutRejected(spec.imageId(), spec.storageHost(), spec.rootPath(), e.getMessage(),
                    spec.version()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the layout of image " + spec.name(), e);
        }
    }
}
