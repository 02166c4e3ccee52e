package io.sharedfs.console.web;

import io.sharedfs.console.config.ConsoleConfig;
import io.sharedfs.console.events.AuditEvent;
import io.sharedfs.console.events.EventFeed;
import io.sharedfs.console.security.CurrentUser;
import io.sharedfs.contracts.MessageType;
import io.sharedfs.service.security.Roles;
import io.smallrye.mutiny.Multi;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/** The live audit feed: every topic, newest first, filtered by VE and event type; new events arrive over SSE. */
@Path("/events")
public class EventPages {

    private static final int DEFAULT_ROWS = 200;
    static final List<String> TYPES = Arrays.stream(MessageType.values())
            .map(type -> type.ceType().substring(MessageType.TYPE_PREFIX.length())).sorted().toList();

    private final EventFeed feed;
    private final CurrentUser user;
    private final ConsoleConfig config;

    public EventPages(EventFeed feed, CurrentUser user, ConsoleConfig config) {
        this.feed = feed;
        this.user = user;
        this.config = config;
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    @RolesAllowed(Roles.VIEWER)
    public Response page(@QueryParam("ve") String ve, @QueryParam("type") String type) {
        String veText = ve == null ? "" : ve.strip();
        String typeText = type == null || !TYPES.contains(type.strip()) ? "" : type.strip();
        String filterError = null;
        Long veId = null;
        if (!veText.isEmpty()) {
            try {
                veId = Pages.id("VE", veText);
            } catch (Pages.BadInput e) {
                filterError = e.getMessage();
            }
        }
        long lastSeq = feed.lastSeq();
        List<AuditEvent> events = filterError != null ? List.of()
                : feed.recent(veId, typeText.isEmpty() ? null : typeText, DEFAULT_ROWS);
        return Pages.html(filterError == null ? 200 : 400, Templates.events(user.me(), events, veText, typeText,
                TYPES, lastSeq, feed.size(), feed.capacity(), filterError));
    }

    /**
     * Server-sent events: each new event that passes the filter as an {@code audit} event whose data is its table
     * row, starting after event number {@code after} (what the page already shows), so nothing is missed.
     */
    @GET
    @Path("/stream")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RolesAllowed(Roles.VIEWER)
    public Multi<OutboundSseEvent> stream(@QueryParam("ve") String ve, @QueryParam("type") String type,
            @QueryParam("after") String after, @Context Sse sse) {
        Long veId = ve == null || ve.isBlank() ? null : Pages.id("ve", ve);
        String eventType = type == null || type.isBlank() ? null : type.strip();
        long afterSeq = after == null || !after.strip().matches("\\d{1,18}") ? feed.lastSeq()
                : Long.parseLong(after.strip());
        Multi<OutboundSseEvent> events = Multi.createFrom().emitter(emitter -> {
            Object lock = new Object();
            Consumer<AuditEvent> listener = event -> {
                if (event.matches(veId, eventType)) {
                    synchronized (lock) {
                        emitter.emit(row(sse, event));
                    }
                }
            };
            synchronized (lock) {
                for (AuditEvent missed : feed.subscribe(afterSeq, listener)) {
                    if (missed.matches(veId, eventType)) {
                        emitter.emit(row(sse, missed));
                    }
                }
            }
            emitter.onTermination(() -> feed.unsubscribe(listener));
        });
        Multi<OutboundSseEvent> pings = Multi.createFrom().ticks().every(config.events().heartbeat())
                .map(tick -> sse.newEventBuilder().name("ping").data("").build());
        return Multi.createBy().merging().streams(events, pings);
    }

    private static OutboundSseEvent row(Sse sse, AuditEvent event) {
        String html = Templates.events$row(event).render().replaceAll("\\s*\\n\\s*", " ").strip();
        return sse.newEventBuilder().name("audit").id(Long.toString(event.seq())).data(html).build();
    }
}
