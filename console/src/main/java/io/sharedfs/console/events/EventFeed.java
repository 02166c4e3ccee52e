package io.sharedfs.console.events;

import io.sharedfs.console.config.ConsoleConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The most recent events, bounded (the oldest go first), and the live listeners of the feed. A listener
 * registered with {@link #subscribe} gets every event after the ones it was handed at once, with no gap and no
 * duplicate.
 */
@ApplicationScoped
public class EventFeed {

    private final int capacity;
    private final Deque<AuditEvent> recent = new ArrayDeque<>();
    private final List<Consumer<AuditEvent>> listeners = new CopyOnWriteArrayList<>();
    private long nextSeq = 1;
    private long dropped;

    @jakarta.inject.Inject
    public EventFeed(ConsoleConfig config) {
        this(config.events().capacity());
    }

    public EventFeed(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("sharedfs.console.events.capacity must be at least 1, got " + capacity);
        }
        this.capacity = capacity;
    }

    /** Numbers the event, keeps it and hands it to every listener; called by the one consumer thread. */
    public AuditEvent publish(EventDraft draft) {
        AuditEvent event;
        List<Consumer<AuditEvent>> targets;
        synchronized (this) {
            event = draft.numbered(nextSeq++);
            recent.addLast(event);
            if (recent.size() > capacity) {
                recent.removeFirst();
                dropped++;
            }
            targets = List.copyOf(listeners);
        }
        for (Consumer<AuditEvent> listener : targets) {
            try {
                listener.accept(event);
            } catch (RuntimeException e) {
                listeners.remove(listener);
            }
        }
        return event;
    }

    /** The kept events that match, newest first, at most {@code limit}. */
    public synchronized List<AuditEvent> recent(Long veId, String type, int limit) {
        List<AuditEvent> found = new ArrayList<>();
        var newestFirst = recent.descendingIterator();
        while (newestFirst.hasNext() && found.size() < limit) {
            AuditEvent event = newestFirst.next();
            if (event.matches(veId, type)) {
                found.add(event);
            }
        }
        return found;
    }

    /**
     * Registers a listener; returns the kept events numbered after {@code afterSeq}, oldest first, which the
     * listener will not get again.
     */
    public synchronized List<AuditEvent> subscribe(long afterSeq, Consumer<AuditEvent> listener) {
        List<AuditEvent> missed = recent.stream().filter(event -> event.seq() > afterSeq).toList();
        listeners.add(listener);
        return missed;
    }

    public void unsubscribe(Consumer<AuditEvent> listener) {
        listeners.remove(listener);
    }

    /** The number of the latest event, 0 before the first. */
    public synchronized long lastSeq() {
        return nextSeq - 1;
    }

    public synchronized int size() {
        return recent.size();
    }

    /** How many events were pushed out of the ring by newer ones. */
    public synchronized long dropped() {
        return dropped;
    }

    public int capacity() {
        return capacity;
    }

    int listenerCount() {
        return listeners.size();
    }
}
