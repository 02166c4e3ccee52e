package io.sharedfs.devstack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sharedfs.contracts.CloudEventHeaders;
import io.sharedfs.contracts.EventJson;
import io.sharedfs.contracts.Topics;
import io.sharedfs.contracts.export.ExportsApplied;
import io.sharedfs.contracts.node.ImageRef;
import io.sharedfs.contracts.node.NodeAdded;
import io.sharedfs.contracts.node.NodeState;
import io.sharedfs.contracts.node.NodeStateChanged;
import io.sharedfs.contracts.provisioning.HookOutcome;
import io.sharedfs.contracts.provisioning.InitVemHookRan;
import io.sharedfs.contracts.SharedfsMessage;
import io.sharedfs.contracts.MessageType;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

class AuditMainTest {

    private static final UUID IMAGE = UUID.fromString("1279196d-a2a0-49fb-8b8e-3b1cd599edfc");
    private static final ImageRef REF = new ImageRef(IMAGE, "localhost", "/srv/images/web", true,
            List.of("/var", "/etc", "/tmp"), List.of("/var/lib/rpm"), List.of("/var/run"));

    /** A record as the outbox relay writes it: CloudEvents headers and the JSON body. */
    static Events.Event event(SharedfsMessage message, Instant time, long offset) {
        MessageType type = MessageType.of(message);
        RecordHeaders headers = new RecordHeaders();
        headers.add(CloudEventHeaders.ID, UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8));
        headers.add(CloudEventHeaders.TYPE, type.ceType().getBytes(StandardCharsets.UTF_8));
        headers.add(CloudEventHeaders.TIME, time.toString().getBytes(StandardCharsets.UTF_8));
        headers.add(CloudEventHeaders.SUBJECT, message.subject().getBytes(StandardCharsets.UTF_8));
        headers.add(CloudEventHeaders.SOURCE, "/sharedfs/test".getBytes(StandardCharsets.UTF_8));
        ConsumerRecord<String, String> record = new ConsumerRecord<>(type.topic(), 0, offset, 0L,
                TimestampType.CREATE_TIME, 0, 0, message.partitionKey(), EventJson.write(message), headers,
                java.util.Optional.empty());
        return Events.Event.of(record);
    }

    @Test
    void readsTheCloudEventsAttributes() {
        Instant time = Instant.parse("2025-03-01T10:00:00.123Z");
        Events.Event added = event(new NodeAdded(7, 2, "web2", "10.0.0.2", null, 1, REF), time, 4);
        assertEquals("NodeAdded", added.type());
        assertEquals(time, added.time());
        assertEquals("7", added.key());
        assertEquals("ve/7/node/2", added.subject());
        assertEquals(Topics.NODES, added.topic());
        assertEquals(7, added.veId());
        assertEquals(2, added.vemId());
    }

    @Test
    void summarisesEachTypeForPeople() {
        Instant time = Instant.now();
        assertEquals("VEM 2: web2 10.0.0.2, attempt 1, image /srv/images/web", AuditMain.summary(
                event(new NodeAdded(7, 2, "web2", "10.0.0.2", null, 1, REF), time, 0), false));
        assertEquals("VEM 2: PROVISIONING → FAILED (init_vem exited 3)", AuditMain.summary(
                event(new NodeStateChanged(7, 2, NodeState.PROVISIONING, NodeState.FAILED, "init_vem exited 3"), time,
                        1), false));
        assertEquals("VEM 2: init_vem exited 0 after 12 ms: \"done\"", AuditMain.summary(event(new InitVemHookRan(7, 2,
                1, HookOutcome.EXITED, 0, null, 12, "starting\ndone\n", false), time, 2), false));
        assertEquals("generation 9 applied on localhost: 18 lines in 64 ms", AuditMain.summary(
                event(new ExportsApplied("localhost", 9, 18, 64), time, 3), false));
    }

    @Test
    void filtersByVeImageAndHostEvents() {
        Instant time = Instant.now();
        Events.Event node = event(new NodeAdded(7, 2, "web2", "10.0.0.2", null, 1, REF), time, 0);
        Events.Event otherVe = event(new NodeStateChanged(8, 1, null, NodeState.PROVISIONING, null), time, 1);
        Events.Event host = event(new ExportsApplied("localhost", 9, 18, 64), time, 2);
        AuditMain.Filter ve7 = new AuditMain.Filter(7L, null, false);
        assertTrue(ve7.test(node));
        assertFalse(ve7.test(otherVe));
        assertFalse(ve7.test(host));
        assertTrue(new AuditMain.Filter(7L, null, true).test(host));
        AuditMain.Filter image = new AuditMain.Filter(null, "1279196d", false);
        assertTrue(image.test(node), "NodeAdded names the image in its body");
        assertFalse(image.test(otherVe));
        assertTrue(new AuditMain.Filter(null, null, false).test(otherVe), "no filter keeps everything");
    }

    @Test
    void sinceTakesTimesAndAges() {
        Instant now = Instant.parse("2025-03-01T10:00:00Z");
        assertEquals(Instant.parse("2025-03-01T09:45:00Z"), AuditMain.parseSince("15m", now));
        assertEquals(Instant.parse("2025-03-01T09:59:30Z"), AuditMain.parseSince("30s", now));
        assertEquals(Instant.parse("2025-02-28T10:00:00Z"), AuditMain.parseSince("1d", now));
        assertEquals(Instant.parse("2025-03-01T08:00:00Z"), AuditMain.parseSince("2025-03-01T08:00:00Z", now));
        assertThrows(IllegalArgumentException.class, () -> AuditMain.parseSince("yesterday", now));
    }

    @Test
    void topicsAndIds() {
        assertEquals(List.of(Topics.NODES, Topics.EXPORTS), AuditMain.topics("nodes, sharedfs.exports"));
        assertEquals(Topics.ALL, AuditMain.topics(""));
        assertThrows(IllegalArgumentException.class, () -> AuditMain.topics("node"));
        assertEquals("image/1279196d", AuditMain.ids("image/" + IMAGE, false));
        assertEquals("image/" + IMAGE, AuditMain.ids("image/" + IMAGE, true));
    }
}
