package io.sharedfs.console.client;

import io.quarkus.arc.Arc;
import io.quarkus.arc.InstanceHandle;
import io.sharedfs.console.security.CurrentUser;
import jakarta.ws.rs.client.ClientRequestContext;
import jakarta.ws.rs.client.ClientRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;

/** Every call to a service carries the logged-in user's own credentials: the service decides what they may do. */
public class CredentialsFilter implements ClientRequestFilter {

    @Override
    public void filter(ClientRequestContext request) {
        if (!Arc.container().requestContext().isActive()) {
            return;
        }
        try (InstanceHandle<CurrentUser> user = Arc.container().instance(CurrentUser.class)) {
            String authorization = user.get().authorization();
            if (authorization != null) {
                request.getHeaders().putSingle(HttpHeaders.AUTHORIZATION, authorization);
            }
        }
    }
}
