package io.sharedfs.exporter.config;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** The configuration with its defaults, any option overridden by name, as SmallRye would map it. */
final class TestConfig implements ExporterConfig {

    private final Map<String, String> values = new HashMap<>(Map.ofEntries(
            Map.entry("storage-host", "localhost"),
            Map.entry("exports-dir", "/etc/exports.d"),
            Map.entry("exports-file-name", "sharedfs.exports"),
            Map.entry("apply-command", "exportfs -ra"),
            Map.entry("apply-timeout", "PT60S"),
            Map.entry("apply-window", "PT0.01S"),
            Map.entry("apply-max-window", "PT60S"),
            Map.entry("apply-quiet-backlog", "4"),
            Map.entry("apply-batch-fraction", "0.5"),
            Map.entry("apply-burst", "4"),
            Map.entry("apply-flood-rate", "100"),
            Map.entry("retry-backoff", "PT1S"),
            Map.entry("retry-backoff-max", "PT60S"),
            Map.entry("nfs-mount-options", "nfsvers=3,proto=tcp,hard"),
            Map.entry("options.image-root", Options.IMAGE_ROOT),
            Map.entry("options.node-private", Options.NODE_PRIVATE),
            Map.entry("options.ve-custom", Options.VE_CUSTOM),
            Map.entry("options.non-shared-root", Options.NON_SHARED_ROOT),
            Map.entry("server", "kernel"),
            Map.entry("ganesha.config-dir", "/etc/ganesha/sharedfs"),
            Map.entry("ganesha.dbus-address", "unix:path=/run/dbus/system_bus_socket"),
            Map.entry("ganesha.pseudo-root", "/sharedfs"),
            Map.entry("ganesha.call-timeout", "PT30S"),
            Map.entry("ganesha.first-export-id", "1000")));

    TestConfig with(String name, String value) {
        values.put(name, value);
        return this;
    }

    @Override
    public String storageHost() {
        return values.get("storage-host");
    }

    @Override
    public Optional<String> mountHost() {
        return Optional.ofNullable(values.get("mount-host"));
    }

    @Override
    public String exportsDir() {
        return values.get("exports-dir");
    }

    @Override
    public String exportsFileName() {
        return values.get("exports-file-name");
    }

    @Override
    public String applyCommand() {
        return values.get("apply-command");
    }

    @Override
    public Duration applyTimeout() {
        return Duration.parse(values.get("apply-timeout"));
    }

    @Override
    public Duration applyWindow() {
        return Duration.parse(values.get("apply-window"));
    }

    @Override
    public Duration applyMaxWindow() {
        return Duration.parse(values.get("apply-max-window"));
    }

    @Override
    public int applyQuietBacklog() {
        return Integer.parseInt(values.get("apply-quiet-backlog"));
    }

    @Override
    public double applyBatchFraction() {
        return Double.parseDouble(values.get("apply-batch-fraction"));
    }

    @Override
    public int applyBurst() {
        return Integer.parseInt(values.get("apply-burst"));
    }

    @Override
    public double applyFloodRate() {
        return Double.parseDouble(values.get("apply-flood-rate"));
    }

    @Override
    public Duration retryBackoff() {
        return Duration.parse(values.get("retry-backoff"));
    }

    @Override
    public Duration retryBackoffMax() {
        return Duration.parse(values.get("retry-backoff-max"));
    }

    @Override
    public String nfsMountOptions() {
        return values.get("nfs-mount-options");
    }

    @Override
    public String server() {
        return values.get("server");
    }

    @Override
    public Ganesha ganesha() {
        return new Ganesha() {
            @Override
            public String configDir() {
                return values.get("ganesha.config-dir");
            }

            @Override
            public String dbusAddress() {
                return values.get("ganesha.dbus-address");
            }

            @Override
            public String pseudoRoot() {
                return values.get("ganesha.pseudo-root");
            }

            @Override
            public Duration callTimeout() {
                return Duration.parse(values.get("ganesha.call-timeout"));
            }

            @Override
            public int firstExportId() {
                return Integer.parseInt(values.get("ganesha.first-export-id"));
            }
        };
    }

    @Override
    public Options options() {
        return new Options() {
            @Override
            public String imageRoot() {
                return values.get("options.image-root");
            }

            @Override
            public String nodePrivate() {
                return values.get("options.node-private");
            }

            @Override
            public String veCustom() {
                return values.get("options.ve-custom");
            }

            @Override
            public String nonSharedRoot() {
                return values.get("options.non-shared-root");
            }
        };
    }
}
