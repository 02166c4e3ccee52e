package io.sharedfs.console.security;

import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.AuthenticationRequest;
import io.quarkus.security.identity.request.TrustedAuthenticationRequest;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.Cookie;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import java.util.Set;

/**
 * Logs a request in from the console's session cookie. The roles come from the same users and roles as the
 * services' (the embedded users of service-support), read again on every request. HTTP Basic works too (for
 * scripts): Quarkus' own mechanism handles it when no session cookie is present.
 */
@ApplicationScoped
public class SessionMechanism implements HttpAuthenticationMechanism {

    /** The identity attribute holding the {@link Session}. */
    public static final String SESSION_ATTRIBUTE = "sharedfs.console.session";

    private final SessionStore sessions;

    public SessionMechanism(SessionStore sessions) {
        this.sessions = sessions;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(RoutingContext context, IdentityProviderManager identityProviderManager) {
        Cookie cookie = context.request().getCookie(SessionStore.COOKIE);
        Optional<Session> session = sessions.find(cookie == null ? null : cookie.getValue());
        if (session.isEmpty()) {
            return Uni.createFrom().nullItem();
        }
        TrustedAuthenticationRequest request = new TrustedAuthenticationRequest(session.get().username());
        HttpSecurityUtils.setRoutingContextAttribute(request, context);
        return identityProviderManager.authenticate(request)
                .onItem().ifNotNull().transform(identity -> (SecurityIdentity) QuarkusSecurityIdentity.builder(identity)
                        .addAttribute(SESSION_ATTRIBUTE, session.get())
                        .build())
                .onFailure().recoverWithNull();
    }

    @Override
    public Uni<ChallengeData> getChallenge(RoutingContext context) {
        return Uni.createFrom().nullItem();
    }

    @Override
    public Set<Class<? extends AuthenticationRequest>> getCredentialTypes() {
        return Set.of(TrustedAuthenticationRequest.class);
    }

    @Override
    public int getPriority() {
        return DEFAULT_PRIORITY + 100;
    }
}
