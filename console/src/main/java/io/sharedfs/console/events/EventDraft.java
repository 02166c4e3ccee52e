package io.sharedfs.console.events;

import java.time.Instant;

/** An event read from a topic before the feed numbered it. */
public record EventDraft(String topic, int partition, long offset, String key, String id, String type, String source,
        String subject, Instant time, Long veId, String summary) {

    AuditEvent numbered(long seq) {
        return new AuditEvent(seq, topic, partition, offset, key, id, type, source, subject, time, veId, summary);
    }
}
