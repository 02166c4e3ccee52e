package io.sharedfs.console.web;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.credential.PasswordCredential;
import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.request.UsernamePasswordAuthenticationRequest;
import io.sharedfs.console.config.ConsoleConfig;
import io.sharedfs.console.security.CurrentUser;
import io.sharedfs.console.security.Session;
import io.sharedfs.console.security.SessionStore;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import org.jboss.resteasy.reactive.RestCookie;
import org.jboss.resteasy.reactive.RestForm;

/** Logging in with the same users as the services (viewer reads, operator changes), and out. */
@Path("/")
public class LoginPages {

    private final IdentityProviderManager identities;
    private final SessionStore sessions;
    private final SecurityIdentity identity;
    private final CurrentUser user;
    private final ConsoleConfig config;

    public LoginPages(IdentityProviderManager identities, SessionStore sessions, SecurityIdentity identity,
            CurrentUser user, ConsoleConfig config) {
        this.identities = identities;
        this.sessions = sessions;
        this.identity = identity;
        this.user = user;
        this.config = config;
    }

    @GET
    public Response home() {
        return Pages.seeOther("/images");
    }

    @GET
    @Path("/login")
    @Produces(MediaType.TEXT_HTML)
    public Response loginPage(@QueryParam("next") String next, @QueryParam("notice") String notice) {
        if (!identity.isAnonymous() && user.session() != null) {
            return Pages.seeOther(safeNext(next));
        }
        return Pages.html(200, Templates.login(safeNext(next), "", null,
                "out".equals(notice) ? "You are logged out." : null));
    }

    @POST
    @Path("/login")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.TEXT_HTML)
    public Response login(@RestForm String username, @RestForm String password, @RestForm String next) {
        String name = username == null ? "" : username.strip();
        if (name.isEmpty() || password == null || password.isEmpty()) {
            return Pages.html(400, Templates.login(safeNext(next), name, "Enter your user name and password.", null));
        }
        try {
            identities.authenticateBlocking(new UsernamePasswordAuthenticationRequest(name,
                    new PasswordCredential(password.toCharArray())));
        } catch (AuthenticationFailedException e) {
            return Pages.html(401, Templates.login(safeNext(next), name,
                    "Wrong user name or password. The console has the same users as the services.", null));
        }
        Session session = sessions.create(name, password);
        return Response.seeOther(URI.create(safeNext(next)))
                .cookie(cookie(session.id(), (int) sessions.idleTimeout().toSeconds()))
                .build();
    }

    @POST
    @Path("/logout")
    public Response logout(@RestCookie(SessionStore.COOKIE) String sessionId) {
        sessions.remove(sessionId);
        return Response.seeOther(URI.create("/login?notice=out")).cookie(cookie("", 0)).build();
    }

    private NewCookie cookie(String value, int maxAge) {
        return new NewCookie.Builder(SessionStore.COOKIE)
                .value(value)
                .path("/")
                .httpOnly(true)
                .secure(config.session().secureCookie())
                .sameSite(NewCookie.SameSite.LAX)
                .maxAge(maxAge)
                .build();
    }

    /** Only a path of the console itself: never another site after logging in. */
    static String safeNext(String next) {
        if (next == null || !next.startsWith("/") || next.startsWith("//") || next.startsWith("/\\")
                || next.contains("\r") || next.contains("\n") || next.startsWith("/login")) {
            return "/images";
        }
        return next;
    }
}
