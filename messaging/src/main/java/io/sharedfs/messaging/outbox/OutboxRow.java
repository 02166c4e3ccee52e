package io.sharedfs.messaging.outbox;

import java.time.Instant;
import java.util.UUID;

/** One unsent outbox row as the relay reads it. */
record OutboxRow(
        long id,
        UUID eventId,
        String topic,
        String recordKey,
        String ceType,
        String ceSource,
        String ceSubject,
        Instant ceTime,
        String payload) {
}
