package io.sharedfs.console.events;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/** Ready once the audit feed has reached the broker (within the last 30 s), or when the feed is off. */
@Readiness
@ApplicationScoped
public class EventFeedHealth implements HealthCheck {

    private final EventConsumer consumer;
    private final EventFeed feed;

    public EventFeedHealth(EventConsumer consumer, EventFeed feed) {
        this.consumer = consumer;
        this.feed = feed;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder builder = HealthCheckResponse.named("audit feed (Kafka)")
                .withData("events kept", feed.size())
                .withData("capacity", feed.capacity());
        if (!consumer.enabled()) {
            return builder.withData("enabled", false).up().build();
        }
        consumer.lastError().ifPresent(error -> builder.withData("last error", error));
        boolean recent = consumer.lastContact().map(at -> at.isAfter(Instant.now().minus(Duration.ofSeconds(30))))
                .orElse(false);
        consumer.lastContact().ifPresent(at -> builder.withData("last contact", at.toString()));
        return builder.status(recent).build();
    }
}
