package io.sharedfs.exporter.config;

import com.sun.security.auth.module.UnixSystem;
import io.quarkus.runtime.Startup;
import io.sharedfs.exporter.exports.KernelNfsServer;
import io.sharedfs.exporter.exports.NfsServer;
import io.sharedfs.exporter.ganesha.GaneshaNfsServer;
import io.sharedfs.exporter.ganesha.dbus.DbusExportManager;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

/**
 * Makes the checked {@link ExportSettings} available, failing the start when they are not usable,
 * and the {@link NfsServer} they name.
 */
@ApplicationScoped
public class SettingsProducer {

    private static final Logger LOG = Logger.getLogger(SettingsProducer.class);

    @Produces
    @Singleton
    @Startup
    ExportSettings settings(ExporterConfig config) {
        int uid = (int) new UnixSystem().getUid();
        ExportSettings settings = ExportSettings.from(config, uid);
        if (uid != 0) {
            // Without root the service cannot prove <root>/private is root's; it accepts its own
            // user as the owner, which is what a non-root node-provisioner next to it creates.
            LOG.warnf("nfs-exporter does not run as root (uid %d): <image>/private must then belong to uid %d,"
                    + " and the NFS server (%s) must still be reachable", uid, uid, settings.server());
        }
        return settings;
    }

    @Produces
    @Singleton
    NfsServer server(ExportSettings settings) {
        NfsServer server = switch (settings.server()) {
            case KERNEL -> new KernelNfsServer(settings.installer());
            case GANESHA -> new GaneshaNfsServer(settings.ganesha(), new DbusExportManager(
                    settings.ganesha().dbusAddress(), settings.ganesha().callTimeout()));
        };
        LOG.infof("Exports of storage host %s go to %s; applied by %s", settings.storageHost(), server.location(),
                server.describe());
        return server;
    }

    void close(@Disposes NfsServer server) {
        if (server instanceof GaneshaNfsServer ganesha) {
            ganesha.close();
        }
    }
}
