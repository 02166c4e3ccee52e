package io.sharedfs.exporter.config;

import com.sun.security.auth.module.UnixSystem;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

/** Makes the checked {@link ExportSettings} available, failing the start when they are not usable. */
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
                    + " and the apply command (%s) must be able to reach the NFS server", uid, uid,
                    settings.applyCommand());
        }
        LOG.infof("Exports of storage host %s go to %s; apply command: %s", settings.storageHost(),
                settings.installer().file(), settings.applyCommand());
        return settings;
    }
}
