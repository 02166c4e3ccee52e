package io.sharedfs.console.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class EventFeedTest {

    @Test
    void keepsOnlyTheMostRecentEvents() {
        EventFeed feed = new EventFeed(3);
        for (int i = 1; i <= 5; i++) {
            feed.publish(draft(i, "NodeAdded"));
        }
        assertEquals(3, feed.size());
        assertEquals(2, feed.dropped());
        assertEquals(List.of(5L, 4L, 3L), feed.recent(null, null, 10).stream().map(AuditEvent::seq).toList());
        assertEquals(5, feed.lastSeq());
    }

    @Test
    void filtersByVeAndType() {
        EventFeed feed = new EventFeed(10);
        feed.publish(draft(1, "NodeAdded"));
        feed.publish(draft(2, "NodeAdded"));
        feed.publish(draft(1, "NodeStateChanged"));
        feed.publish(draft(1, "NodeAdded"));
        assertEquals(List.of(4L, 1L), feed.recent(1L, "NodeAdded", 10).stream().map(AuditEvent::seq).toList());
        assertEquals(List.of(4L), feed.recent(1L, "NodeAdded", 1).stream().map(AuditEvent::seq).toList());
        assertEquals(3, feed.recent(1L, null, 10).size());
    }

    @Test
    void aSubscriberGetsWhatItMissedThenEveryNewEventOnce() {
        EventFeed feed = new EventFeed(10);
        feed.publish(draft(1, "A"));
        feed.publish(draft(1, "B"));
        feed.publish(draft(1, "C"));
        List<Long> live = new ArrayList<>();
        Consumer<AuditEvent> listener = event -> live.add(event.seq());
        List<AuditEvent> missed = feed.subscribe(1, listener);
        assertEquals(List.of(2L, 3L), missed.stream().map(AuditEvent::seq).toList());
        feed.publish(draft(1, "D"));
        feed.unsubscribe(listener);
        feed.publish(draft(1, "E"));
        assertEquals(List.of(4L), live);
        assertEquals(0, feed.listenerCount());
    }

    @Test
    void aFailingListenerIsDroppedAndTheOthersStillGetTheEvent() {
        EventFeed feed = new EventFeed(10);
        List<Long> good = new ArrayList<>();
        feed.subscribe(0, event -> {
            throw new IllegalStateException("client went away");
        });
        feed.subscribe(0, event -> good.add(event.seq()));
        feed.publish(draft(1, "A"));
        feed.publish(draft(1, "B"));
        assertEquals(List.of(1L, 2L), good);
        assertEquals(1, feed.listenerCount());
    }

    @Test
    void aCapacityBelowOneIsAConfigurationError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new EventFeed(0));
        assertEquals("sharedfs.console.events.capacity must be at least 1, got 0", e.getMessage());
    }

    private static EventDraft draft(long veId, String type) {
        return new EventDraft("sharedfs.nodes", 0, 0, Long.toString(veId), "id", type, "src", "ve/" + veId,
                Instant.EPOCH, veId, "");
    }
}
