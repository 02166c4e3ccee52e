package io.sharedfs.console.security;

import java.time.Instant;

/**
 * A login through the console's form. The password is kept (in memory only) because every call to a service is
 * made with the user's own credentials.
 */
public final class Session {

    private final String id;
    private final String username;
    private final String password;
    private final String csrfToken;
    private volatile Instant lastUsed;

    Session(String id, String username, String password, String csrfToken, Instant now) {
        this.id = id;
        this.username = username;
        this.password = password;
        this.csrfToken = csrfToken;
        this.lastUsed = now;
    }

    public String id() {
        return id;
    }

    public String username() {
        return username;
    }

    String password() {
        return password;
    }

    /** The token every form that changes something carries, so another site cannot post in the user's name. */
    public String csrfToken() {
        return csrfToken;
    }

    Instant lastUsed() {
        return lastUsed;
    }

    void touch(Instant now) {
        lastUsed = now;
    }

    /** The HTTP Basic header the console sends to the services for this user. */
    public String authorization() {
        return CurrentUser.basic(username, password);
    }
}
