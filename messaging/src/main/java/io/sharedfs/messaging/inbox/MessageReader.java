package io.sharedfs.messaging.inbox;

import io.sharedfs.contracts.CloudEventHeaders;
import io.sharedfs.contracts.MalformedMessageException;
import io.sharedfs.contracts.MessageType;
import io.sharedfs.contracts.SharedfsMessage;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/** Turns a Kafka record into a {@link ReceivedMessage}, or says exactly why it cannot. */
public final class MessageReader {

    private MessageReader() {
    }

    /**
     * Reads the CloudEvents headers and the JSON body.
     *
     * @throws MalformedMessageException when a header is missing, the type is unknown or belongs
     *         on another topic, or the body breaks the type's rules
     */
    public static ReceivedMessage read(ConsumerRecord<String, String> record) {
        return read(record, typeOf(record));
    }

    /**
     * The record's type, read from its headers alone, so a consumer can pass over types it does not
     * handle without parsing their bodies.
     *
     * @throws MalformedMessageException when the type header is missing or names no known type
     */
    public static MessageType typeOf(ConsumerRecord<String, String> record) {
        String ceType = required(record, CloudEventHeaders.TYPE);
        return MessageType.byCeType(ceType)
                .orElseThrow(() -> new MalformedMessageException("unknown event type '" + ceType + "'"));
    }

    /** Reads a record whose type {@link #typeOf} gave. */
    public static ReceivedMessage read(ConsumerRecord<String, String> record, MessageType type) {
        String id = required(record, CloudEventHeaders.ID);
        String ceType = type.ceType();
        if (!type.topic().equals(record.topic())) {
            throw new MalformedMessageException(
                    ceType + " belongs on topic " + type.topic() + ", not on " + record.topic());
        }
        SharedfsMessage body = type.read(record.value());
        if (record.key() != null && !record.key().equals(body.partitionKey())) {
            throw new MalformedMessageException("record key '" + record.key() + "' does not match the "
                    + ceType + " key rule ('" + body.partitionKey() + "')");
        }
        return new ReceivedMessage(id, type, header(record, CloudEventHeaders.SOURCE),
                header(record, CloudEventHeaders.SUBJECT), time(record), record.topic(), record.key(), body);
    }

    private static String required(ConsumerRecord<String, String> record, String name) {
        String value = header(record, name);
        if (value == null || value.isBlank()) {
            throw new MalformedMessageException("header " + name + " is missing");
        }
        return value;
    }

    private static String header(ConsumerRecord<String, String> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static OffsetDateTime time(ConsumerRecord<String, String> record) {
        String text = header(record, CloudEventHeaders.TIME);
        try {
            return text == null ? null : OffsetDateTime.parse(text);
        } catch (DateTimeParseException e) {
            throw new MalformedMessageException("header " + CloudEventHeaders.TIME + " is not an RFC 3339 time: " + text);
        }
    }
}
