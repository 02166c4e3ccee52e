package io.sharedfs.exporter.boot;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** How nfs-exporter answers booting nodes. */
@ConfigMapping(prefix = "sharedfs.exporter.boot")
public interface BootConfig {

    /**
     * The shortest time between two reports of the same stage by one node that are published; a node
     * that reports more often gets 429, so a looping or hostile node cannot flood the topic.
     */
    @WithDefault("5s")
    Duration reportInterval();
}
