package io.sharedfs.console.events;

import java.time.Instant;

/**
 * One record read from a topic, as the audit feed shows it.
 *
 * @param seq the console's own running number (later events have higher numbers)
 * @param type the CloudEvents type without {@code io.sharedfs.}, e.g. {@code NodeStateChanged}
 * @param veId the VE the event is about, or null (image and storage-host events)
 * @param summary one line for a person: the important fields of the body
 */
public record AuditEvent(long seq, String topic, int partition, long offset, String key, String id, String type,
        String source, String subject, Instant time, Long veId, String summary) {

    /** Whether the event passes the filter: a VE id and a type, each null for any. */
    public boolean matches(Long ve, String eventType) {
        return (ve == null || ve.equals(veId)) && (eventType == null || eventType.equals(type));
    }

    /** The topic without the {@code sharedfs.} prefix, for narrow columns. */
    public String shortTopic() {
        return topic.startsWith("sharedfs.") ? topic.substring("sharedfs.".length()) : topic;
    }
}
