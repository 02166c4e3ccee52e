package io.sharedfs.console.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.net.URI;
import java.time.Duration;

/** The console's settings ({@code sharedfs.console.*}); Kafka is configured as usual ({@code kafka.*}). */
@ConfigMapping(prefix = "sharedfs.console")
public interface ConsoleConfig {

    /** Base URL of image-service's REST API. */
    @WithDefault("http://localhost:8081")
    URI imageServiceUrl();

    /** Base URL of ve-service's REST API. */
    @WithDefault("http://localhost:8082")
    URI veServiceUrl();

    /** Base URL of node-provisioner's REST API (private trees on disk). */
    @WithDefault("http://localhost:8083")
    URI nodeProvisionerUrl();

    /** Base URL of nfs-exporter's REST API (mount tables). */
    @WithDefault("http://localhost:8084")
    URI nfsExporterUrl();

    /** How long the console waits for a service's answer before it shows an error. */
    @WithDefault("10s")
    Duration serviceTimeout();

    Events events();

    Session session();

    /** The live audit feed. */
    interface Events {

        /** Whether the console reads the topics at all (off: the Events page stays empty). */
        @WithDefault("true")
        boolean enabled();

        /** How many recent events the console keeps in memory (the oldest go first). */
        @WithDefault("2000")
        int capacity();

        /** How often an idle live stream sends a keep-alive. */
        @WithDefault("15s")
        Duration heartbeat();
    }

    /** Logins through the console's form. */
    interface Session {

        /** A session unused for this long is logged out. */
        @WithDefault("8h")
        Duration idleTimeout();

        /** Whether the session cookie is marked Secure (set it when the console is served over HTTPS). */
        @WithDefault("false")
        boolean secureCookie();
    }
}
