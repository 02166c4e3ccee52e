package io.sharedfs.messaging.inbox;

import io.sharedfs.contracts.MessageType;
import io.sharedfs.contracts.SharedfsMessage;
import java.time.OffsetDateTime;

/** A message read from Kafka with its CloudEvents attributes. */
public record ReceivedMessage(
        String id,
        MessageType type,
        String source,
        String subject,
        OffsetDateTime time,
        String topic,
        String key,
        SharedfsMessage body) {

    /** The body as the given record type; the caller has checked {@link #type()}. */
    public <T extends SharedfsMessage> T as(Class<T> javaType) {
        return javaType.cast(body);
    }
}
