package io.sharedfs.provisioner.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** node-provisioner settings ({@code sharedfs.provisioner.*}); every one is in the README. */
@ConfigMapping(prefix = "sharedfs.provisioner")
public interface ProvisionerConfig {

    /** The storage host this agent runs on; it acts only on images whose storageHost is this. */
    @WithDefault("localhost")
    String storageHost();

    /**
     * Where trees are built before they are moved into place. It must be on the same file system as
     * the images and not exported. When absent, each image's own {@code <root>/private/.staging} is
     * used, which is both by construction.
     */
    Optional<String> stagingDir();

    /** Parallel workers; one node's jobs still run one at a time, in order. */
    @WithDefault("4")
    int workers();

    /** How often idle workers look for due jobs when no new job wakes them. */
    @WithDefault("1s")
    Duration pollInterval();

    Retry retry();

    Hook hook();

    /** Retries of transient failures (I/O errors); rule violations are never retried. */
    interface Retry {

        @WithDefault("5")
        int maxTries();

        /** The first pause, doubled after each failure. */
        @WithDefault("2s")
        Duration backoff();
    }

    /** The VE's {@code init_vem} hook. */
    interface Hook {

        /** After this the hook's whole process tree is killed and the node fails. */
        @WithDefault("5m")
        Duration timeout();

        /** Bytes of combined stdout and stderr kept (the last ones); more sets the truncated flag. */
        @WithDefault("65536")
        int outputCap();

        /** Whether a hook that exits non-zero (or times out) fails the node, or only warns. */
        @WithDefault("true")
        boolean failOnError();
    }
}
