package io.sharedfs.console.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sharedfs.contracts.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

class EventReaderTest {

    @Test
    void aNodeStateChangeReadsAsASentence() {
        EventDraft event = EventReader.read(record(Topics.NODES, "10", Map.of(
                "ce_type", "io.sharedfs.NodeStateChanged", "ce_id", "e-1", "ce_source", "/sharedfs/ve-service",
                "ce_subject", "ve/10/node/3", "ce_time", "2025-05-01T12:00:00.123Z"),
                "{\"veId\":10,\"vemId\":3,\"from\":\"PROVISIONING\",\"to\":\"FAILED\",\"reason\":\"hook exited 3\"}"));
        assertEquals("NodeStateChanged", event.type());
        assertEquals(10L, event.veId());
        assertEquals("node 10/3: PROVISIONING → FAILED (hook exited 3)", event.summary());
        assertEquals(Instant.parse("2025-05-01T12:00:00.123Z"), event.time());
        assertEquals("e-1", event.id());
        assertEquals("/sharedfs/ve-service", event.source());
    }

    @Test
    void otherEventsShowTheirPlainFields() {
        EventDraft event = EventReader.read(record(Topics.NODES, "10", Map.of("ce_type", "io.sharedfs.NodeAdded"),
                "{\"veId\":10,\"vemId\":4,\"hostname\":\"web4\",\"address\":\"10.0.0.14\",\"attempt\":1,"
                        + "\"image\":{\"rootPath\":\"/srv/images/web\",\"privateDirs\":[\"/var\"]},"
                        + "\"changed\":[\"a\",\"b\"]}"));
        assertEquals("vemId=4 hostname=web4 address=10.0.0.14 attempt=1 image.rootPath=/srv/images/web changed=a,b",
                event.summary());
    }

    @Test
    void theVeComesFromTheBodyTheSubjectOrAVeKeyedRecordsKey() {
        assertEquals(9L, EventReader.veId(Topics.PROVISIONING, "9", null, null));
        assertEquals(7L, EventReader.veId(Topics.PROVISIONING, "9", null, new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode().put("veId", 7)));
        assertEquals(12L, EventReader.veId(Topics.EXPORTS, "host:storage1", "ve/12/node/1", null));
        assertNull(EventReader.veId(Topics.EXPORTS, "host:storage1", "host/storage1", null));
        assertNull(EventReader.veId(Topics.IMAGES, "42", "image/abc", null), "an image id is no VE id");
        assertNull(EventReader.veId(Topics.COMMAND_RESULTS, "0", null, null), "0: the command named no VE");
    }

    @Test
    void deadLettersSayWhyAndWhereFrom() {
        EventDraft event = EventReader.read(record(Topics.DEAD_LETTER, "10", Map.of(
                "dead-letter-reason", "missing header ce_type", "dead-letter-topic", "sharedfs.commands"),
                "not json"));
        assertEquals("(no type)", event.type());
        assertTrue(event.summary().startsWith("dead letter from sharedfs.commands: missing header ce_type"),
                event.summary());
        assertNull(event.veId(), "a dead letter's key is the original one, of any topic");
    }

    @Test
    void withoutATimeHeaderTheBrokersTimestampCounts() {
        EventDraft event = EventReader.read(record(Topics.VES, "5", Map.of("ce_type", "io.sharedfs.VeCreated"),
                "{\"veId\":5,\"name\":\"farm\"}"));
        assertEquals(Instant.ofEpochMilli(1_700_000_000_000L), event.time());
        assertEquals(5L, event.veId());
    }

    private static ConsumerRecord<String, String> record(String topic, String key, Map<String, String> headers,
            String value) {
        RecordHeaders recordHeaders = new RecordHeaders();
        headers.forEach((name, text) -> recordHeaders.add(name, text.getBytes(StandardCharsets.UTF_8)));
        return new ConsumerRecord<>(topic, 1, 42L, 1_700_000_000_000L, TimestampType.CREATE_TIME, -1, -1, key, value,
                recordHeaders, java.util.Optional.empty());
    }
}
