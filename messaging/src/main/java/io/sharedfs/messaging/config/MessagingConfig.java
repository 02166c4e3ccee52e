package io.sharedfs.messaging.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Settings of the outbox relay and the inbox, shared by every service ({@code sharedfs.messaging.*}). */
@ConfigMapping(prefix = "sharedfs.messaging")
public interface MessagingConfig {

    /** The CloudEvents {@code source} of everything this service publishes. */
    @WithDefault("/sharedfs/${quarkus.application.name}")
    String source();

    Relay relay();

    Inbox inbox();

    /** The outbox relay. */
    interface Relay {

        /** Whether this instance takes part in relaying (only one instance relays at a time). */
        @WithDefault("true")
        boolean enabled();

        /** Rows published per round trip to the broker. */
        @WithDefault("500")
        int batchSize();

        /** How often the relay looks for rows when no commit notification arrives (a safety net). */
        @WithDefault("1s")
        Duration pollInterval();

        /** How long the relay waits for the broker's acknowledgements of one batch. */
        @WithDefault("150s")
        Duration sendTimeout();

        /** Pause after a failed batch before trying again. */
        @WithDefault("1s")
        Duration retryBackoff();

        /** How long sent rows stay in the outbox table for inspection. */
        @WithDefault("7d")
        Duration retention();
    }

    /** The idempotent inbox and its retries. */
    interface Inbox {

        /** Attempts at processing one record before it is dead-lettered (transient failures). */
        @WithDefault("5")
        int maxAttempts();

        /** Pause between attempts, doubled each time. */
        @WithDefault("200ms")
        Duration retryBackoff();

        /** How long processed event ids are remembered. */
        @WithDefault("30d")
        Duration retention();
    }
}
