package io.sharedfs.console.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class SessionStoreTest {

    private Instant now = Instant.parse("2025-01-01T00:00:00Z");
    private final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    };

    @Test
    void aSessionLastsWhileItIsUsedAndEndsWhenIdle() {
        SessionStore store = new SessionStore(Duration.ofMinutes(30), clock);
        Session session = store.create("operator", "secret");
        now = now.plus(Duration.ofMinutes(20));
        assertTrue(store.find(session.id()).isPresent());
        now = now.plus(Duration.ofMinutes(20));
        assertTrue(store.find(session.id()).isPresent(), "used 20 minutes ago");
        now = now.plus(Duration.ofMinutes(31));
        assertTrue(store.find(session.id()).isEmpty(), "idle for 31 minutes");
    }

    @Test
    void sessionsAreUnguessableAndCarryTheUsersOwnCredentials() {
        SessionStore store = new SessionStore(Duration.ofHours(1), clock);
        Session a = store.create("viewer", "pw");
        Session b = store.create("viewer", "pw");
        assertNotEquals(a.id(), b.id());
        assertNotEquals(a.csrfToken(), b.csrfToken());
        assertEquals(43, a.id().length(), "32 random bytes");
        assertEquals("Basic dmlld2VyOnB3", a.authorization());
        store.remove(a.id());
        assertTrue(store.find(a.id()).isEmpty());
        assertTrue(store.find(null).isEmpty());
        assertTrue(store.find("made-up").isEmpty());
    }
}
