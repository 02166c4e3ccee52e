package io.sharedfs.console.web;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.quarkus.security.identity.SecurityIdentity;
import io.sharedfs.console.client.ServiceException;
import io.sharedfs.console.client.ServiceUnreachableException;
import io.sharedfs.console.security.CurrentUser;
import io.sharedfs.console.security.Me;
import io.sharedfs.service.problem.ProblemMappers;
import io.sharedfs.service.problem.Violation;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.net.URI;
import java.util.List;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Errors as pages a person can read (what went wrong, and what to do), for browsers; problem+json (service-support's
 * mappers) for anything else. Ahead of service-support's mappers, which answer every service's API.
 */
public class ConsoleErrors {

    private static final Logger LOG = Logger.getLogger(ConsoleErrors.class);
    private static final int FIRST = Priorities.USER - 100;
    private static final ProblemMappers PROBLEMS = new ProblemMappers();

    private final CurrentUser user;
    private final SecurityIdentity identity;

    public ConsoleErrors(CurrentUser user, SecurityIdentity identity) {
        this.user = user;
        this.identity = identity;
    }

    @ServerExceptionMapper(value = {UnauthorizedException.class, AuthenticationFailedException.class}, priority = FIRST)
    public Response unauthenticated(RuntimeException e, HttpHeaders headers, @Context UriInfo uri) {
        if (!browser(headers)) {
            return PROBLEMS.unauthenticated(e, uri);
        }
        String next = uri.getRequestUri().getRawPath()
                + (uri.getRequestUri().getRawQuery() == null ? "" : "?" + uri.getRequestUri().getRawQuery());
        String login = "/login?next=" + Pages.q(next);
        if (Pages.htmx(headers.getHeaderString(Pages.HX_REQUEST))) {
            return Response.status(401).header("HX-Redirect", login).build();
        }
        return Response.seeOther(URI.create(login)).build();
    }

    @ServerExceptionMapper(priority = FIRST)
    public Response forbidden(ForbiddenException e, HttpHeaders headers, @Context UriInfo uri) {
        if (!browser(headers)) {
            return PROBLEMS.forbidden(e, uri);
        }
        String message = e.getMessage() != null && e.getMessage().contains("form is out of date") ? e.getMessage()
                : "You are logged in as " + user.name() + ", who may only read. Changing something needs an"
                        + " operator login.";
        return page(403, "Not allowed", message, List.of(), "Log out and log in as an operator to make changes.");
    }

    @ServerExceptionMapper(priority = FIRST)
    public Response service(ServiceException e, HttpHeaders headers, @Context UriInfo uri) {
        int status = e.status() >= 500 ? 502 : e.status();
        List<String> details = e.violations().stream().map(ConsoleErrors::line).toList();
        String hint = switch (e.status()) {
            case 401 -> "The service did not accept your login: it may have other users than the console.";
            case 403 -> "The service says your user may not do this.";
            case 404 -> "It may have been deleted, or the link is wrong.";
            default -> e.status() >= 500 ? "See the service's log (./sharedfs logs " + e.service() + ")." : null;
        };
        if (e.status() >= 500) {
            LOG.warnf("%s", e.getMessage());
        }
        return page(status, e.status() == 404 ? "Not found" : "The service refused", e.describe(), details, hint);
    }

    @ServerExceptionMapper(priority = FIRST)
    public Response unreachable(ServiceUnreachableException e) {
        LOG.warnf("%s", e.getMessage());
        return page(502, e.service() + " is not answering", e.getMessage(), List.of(),
                "Is it running? ./sharedfs status shows each process; the console reaches it at " + e.url()
                        + " (sharedfs.console." + e.service() + "-url).");
    }

    @ServerExceptionMapper(priority = FIRST)
    public Response badInput(Pages.BadInput e) {
        return page(400, "Cannot do that", e.getMessage(), List.of(), null);
    }

    @ServerExceptionMapper(priority = FIRST)
    public Response notFound(NotFoundException e, HttpHeaders headers, @Context UriInfo uri) {
        if (!browser(headers)) {
            return PROBLEMS.http(e, uri);
        }
        return page(404, "No such page", "The console has no page " + uri.getRequestUri().getRawPath() + ".",
                List.of(), "Use the menu above.");
    }

    @ServerExceptionMapper(priority = FIRST)
    public Response http(WebApplicationException e, HttpHeaders headers, @Context UriInfo uri) {
        if (!browser(headers) || e.getResponse().getStatus() < 400) {
            return PROBLEMS.http(e, uri);
        }
        int status = e.getResponse().getStatus();
        return page(status, "Cannot do that", e.getMessage() == null ? "HTTP " + status : e.getMessage(), List.of(),
                null);
    }

    @ServerExceptionMapper(priority = FIRST)
    public Response unexpected(Exception e, HttpHeaders headers, @Context UriInfo uri) {
        if (!browser(headers)) {
            return PROBLEMS.unexpected(e, uri);
        }
        LOG.error("Unexpected error answering " + uri.getRequestUri(), e);
        return page(500, "Something went wrong", "The console failed unexpectedly; the error is in its log.",
                List.of(), "./sharedfs logs console");
    }

    private Response page(int status, String title, String message, List<String> details, String hint) {
        Me me = identity.isAnonymous() ? null : user.me();
        return Response.status(status).type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
                .entity(Templates.error(me, status, title, message, details, hint)).build();
    }

    private static String line(Violation violation) {
        return (violation.field() == null || violation.field().isBlank() ? "" : violation.field() + ": ")
                + violation.message();
    }

    /** A person's browser (or htmx) rather than a program: it asks for HTML, or for anything with no preference. */
    static boolean browser(HttpHeaders headers) {
        if (Pages.htmx(headers.getHeaderString(Pages.HX_REQUEST))) {
            return true;
        }
        String accept = headers.getHeaderString(HttpHeaders.ACCEPT);
        return accept != null && accept.contains(MediaType.TEXT_HTML);
    }
}
