package io.sharedfs.console.security;

import io.quarkus.security.ForbiddenException;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.sharedfs.service.security.Roles;
import jakarta.enterprise.context.RequestScoped;
import jakarta.ws.rs.core.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;

/** Who is asking, what they may do, and the credentials the console forwards to the services for them. */
@RequestScoped
public class CurrentUser {

    private final SecurityIdentity identity;
    private final CurrentVertxRequest request;

    public CurrentUser(SecurityIdentity identity, CurrentVertxRequest request) {
        this.identity = identity;
        this.request = request;
    }

    public String name() {
        return identity.isAnonymous() ? null : identity.getPrincipal().getName();
    }

    public boolean operator() {
        return !identity.isAnonymous() && identity.hasRole(Roles.OPERATOR);
    }

    /** The form session, or null when the request came with HTTP Basic. */
    public Session session() {
        return identity.isAnonymous() ? null : identity.getAttribute(SessionMechanism.SESSION_ATTRIBUTE);
    }

    /** The {@code Authorization} header for the services: the session's login, or the request's own Basic header. */
    public String authorization() {
        if (identity.isAnonymous()) {
            return null;
        }
        Session session = session();
        if (session != null) {
            return session.authorization();
        }
        if (request == null || request.getCurrent() == null) {
            return null;
        }
        return request.getCurrent().request().getHeader(HttpHeaders.AUTHORIZATION);
    }

    /** What the templates need to know about the user. */
    public Me me() {
        Session session = session();
        return new Me(name(), operator(), session == null ? "" : session.csrfToken(), session != null);
    }

    /**
     * Refuses a change from a form session whose token does not match: another site's page cannot post in the
     * user's name. Requests with HTTP Basic carry no session and no token.
     */
    public void requireCsrf(String token) {
        Session session = session();
        if (session == null) {
            return;
        }
        byte[] expected = session.csrfToken().getBytes(StandardCharsets.UTF_8);
        byte[] given = (token == null ? "" : token).getBytes(StandardCharsets.UTF_8);
        if (!MessageDigest.isEqual(expected, given)) {
            throw new ForbiddenException("the form is out of date or came from another site; reload the page and try again");
        }
    }

    static String basic(String username, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
    }
}
