package io.sharedfs.console.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sharedfs.contracts.CloudEventHeaders;
import io.sharedfs.contracts.MessageType;
import io.sharedfs.contracts.Topics;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/** Reads one Kafka record into an audit line: its CloudEvents headers, the VE it concerns, a short summary. */
public final class EventReader {

    /** Topics whose records are keyed by VE id. */
    static final Set<String> VE_KEYED = Set.of(Topics.VES, Topics.COMMANDS, Topics.COMMAND_RESULTS, Topics.NODES,
            Topics.PROVISIONING, Topics.EXPORTS);
    private static final Pattern VE_SUBJECT = Pattern.compile("^ve/(\\d+)(/.*)?$");
    private static final Pattern NUMBER = Pattern.compile("\\d{1,18}");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_FIELDS = 8;
    private static final int MAX_VALUE = 80;
    private static final int MAX_SUMMARY = 300;

    private EventReader() {
    }

    public static EventDraft read(ConsumerRecord<String, String> record) {
        String ceType = header(record, CloudEventHeaders.TYPE);
        String type = ceType == null ? "(no type)"
                : ceType.startsWith(MessageType.TYPE_PREFIX) ? ceType.substring(MessageType.TYPE_PREFIX.length())
                : ceType;
        String subject = header(record, CloudEventHeaders.SUBJECT);
        JsonNode body = parse(record.value());
        String summary = summary(type, body);
        if (Topics.DEAD_LETTER.equals(record.topic())) {
            String reason = header(record, "dead-letter-reason");
            summary = "dead letter from " + header(record, "dead-letter-topic") + ": "
                    + (reason == null ? "no reason given" : reason) + (summary.isEmpty() ? "" : " — " + summary);
        }
        return new EventDraft(record.topic(), record.partition(), record.offset(), record.key(),
                header(record, CloudEventHeaders.ID), type, header(record, CloudEventHeaders.SOURCE), subject,
                time(header(record, CloudEventHeaders.TIME), record.timestamp()),
                veId(record.topic(), record.key(), subject, body), clip(summary, MAX_SUMMARY));
    }

    /** The VE an event concerns: the body's {@code veId}, the subject {@code ve/<id>/...}, or a VE-keyed record's key. */
    static Long veId(String topic, String key, String subject, JsonNode body) {
        if (body != null && body.path("veId").canConvertToLong() && body.path("veId").asLong() > 0) {
            return body.path("veId").asLong();
        }
        if (subject != null) {
            Matcher matcher = VE_SUBJECT.matcher(subject);
            if (matcher.matches()) {
                return Long.parseLong(matcher.group(1));
            }
        }
        String dead = Topics.DEAD_LETTER.equals(topic) ? "" : topic;
        if (key != null && VE_KEYED.contains(dead) && NUMBER.matcher(key).matches() && Long.parseLong(key) > 0) {
            return Long.parseLong(key);
        }
        return null;
    }

    /** One line for a person: a sentence for the common lifecycle events, else the body's plain fields. */
    static String summary(String type, JsonNode body) {
        if (body == null || !body.isObject()) {
            return "";
        }
        if ("NodeStateChanged".equals(type)) {
            String reason = text(body, "reason");
            return "node " + text(body, "veId") + "/" + text(body, "vemId") + ": "
                    + (body.hasNonNull("from") ? text(body, "from") + " → " : "") + text(body, "to")
                    + (reason == null || reason.isBlank() ? "" : " (" + reason + ")");
        }
        List<String> parts = new ArrayList<>();
        Iterator<Map.Entry<String, JsonNode>> fields = body.fields();
        while (fields.hasNext() && parts.size() < MAX_FIELDS) {
            Map.Entry<String, JsonNode> field = fields.next();
            JsonNode value = field.getValue();
            if (field.getKey().equals("veId") || value.isNull()) {
                continue;
            }
            if (value.isValueNode()) {
                parts.add(field.getKey() + "=" + clip(value.asText(), MAX_VALUE));
            } else if (value.isArray() && value.size() > 0 && value.get(0).isValueNode()) {
                List<String> items = new ArrayList<>();
                value.forEach(item -> items.add(item.asText()));
                parts.add(field.getKey() + "=" + clip(String.join(",", items), MAX_VALUE));
            } else if (value.isObject() && value.hasNonNull("rootPath")) {
                parts.add(field.getKey() + ".rootPath=" + clip(value.get("rootPath").asText(), MAX_VALUE));
            }
        }
        return String.join(" ", parts);
    }

    private static JsonNode parse(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return JSON.readTree(value);
        } catch (IOException e) {
            return null;
        }
    }

    private static Instant time(String ceTime, long timestamp) {
        if (ceTime != null) {
            try {
                return Instant.parse(ceTime);
            } catch (DateTimeParseException e) {
                // fall back to the broker's timestamp
            }
        }
        return Instant.ofEpochMilli(timestamp);
    }

    private static String text(JsonNode body, String field) {
        JsonNode value = body.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    private static String header(ConsumerRecord<?, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static String clip(String text, int max) {
        String oneLine = text.replaceAll("\\s+", " ").strip();
        return oneLine.length() <= max ? oneLine : oneLine.substring(0, max - 1) + "…";
    }
}
