package io.sharedfs.console.security;

import io.sharedfs.console.config.ConsoleConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** The console's logins, in memory: a restart logs everybody out, which is all it costs. */
@ApplicationScoped
public class SessionStore {

    public static final String COOKIE = "sharedfs_session";

    private final SecureRandom random = new SecureRandom();
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    private final Duration idleTimeout;
    private final Clock clock;

    @jakarta.inject.Inject
    public SessionStore(ConsoleConfig config) {
        this(config.session().idleTimeout(), Clock.systemUTC());
    }

    SessionStore(Duration idleTimeout, Clock clock) {
        this.idleTimeout = idleTimeout;
        this.clock = clock;
    }

    /** Starts a session for a user whose password was just checked. */
    public Session create(String username, String password) {
        Instant now = clock.instant();
        sessions.values().removeIf(session -> expired(session, now));
        Session session = new Session(token(), username, password, token(), now);
        sessions.put(session.id(), session);
        return session;
    }

    /** The live session of this id; an expired one is forgotten. */
    public Optional<Session> find(String id) {
        if (id == null || id.isEmpty()) {
            return Optional.empty();
        }
        Session session = sessions.get(id);
        if (session == null) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        if (expired(session, now)) {
            sessions.remove(id);
            return Optional.empty();
        }
        session.touch(now);
        return Optional.of(session);
    }

    public void remove(String id) {
        if (id != null) {
            sessions.remove(id);
        }
    }

    public Duration idleTimeout() {
        return idleTimeout;
    }

    private boolean expired(Session session, Instant now) {
        return session.lastUsed().plus(idleTimeout).isBefore(now);
    }

    private String token() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
