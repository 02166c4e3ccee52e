package io.sharedfs.contracts.image;

import io.sharedfs.contracts.Keys;
import io.sharedfs.contracts.SharedfsMessage;
import io.sharedfs.contracts.Subjects;
import java.util.UUID;

/** A message about one image: keyed by the image id so one image's messages stay in order. */
public interface ImageMessage extends SharedfsMessage {

    UUID imageId();

    @Override
    default String partitionKey() {
        return Keys.image(imageId());
    }

    @Override
    default String subject() {
        return Subjects.image(imageId());
    }
}
