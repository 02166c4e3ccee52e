package io.sharedfs.provisioner.worker;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.sharedfs.provisioner.config.ProvisionerConfig;
import io.sharedfs.provisioner.customization.CustomizationFs;
import io.sharedfs.provisioner.domain.Customization;
import io.sharedfs.provisioner.domain.Customizations;
import io.sharedfs.provisioner.domain.ImageOnHost;
import io.sharedfs.provisioner.fs.ImagePaths;
import io.sharedfs.provisioner.fs.UnsafeTreeException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * The one thread that applies and reverts customizations, one at a time (two customizations of
 * one file are never worked on together), woken as soon as one is recorded. At start it removes
 * what a killed run left in the images' scratch directories; customizations a kill interrupted are
 * still due in the database and simply run again.
 */
@ApplicationScoped
public class CustomizationWorker {

    private static final Logger LOG = Logger.getLogger(CustomizationWorker.class);

    private final Customizations customizations;
    private final CustomizationRunner runner;
    private final ProvisionerConfig config;
    private final WakeableLoop loop = new WakeableLoop();
    private Thread thread;

    public CustomizationWorker(Customizations customizations, CustomizationRunner runner, ProvisionerConfig config) {
        this.customizations = customizations;
        this.runner = runner;
        this.config = config;
    }

    void start(@Observes StartupEvent event) {
        cleanScratch();
        loop.start();
        thread = new Thread(() -> loop.run(this::next, runner::run, config.pollInterval()),
                "provisioner-customizations");
        thread.setDaemon(true);
        thread.start();
    }

    void stop(@Observes ShutdownEvent event) {
        loop.stop();
        if (thread == null) {
            return;
        }
        thread.interrupt();
        try {
            thread.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    void recorded(@Observes(during = TransactionPhase.AFTER_SUCCESS) Customizations.Recorded event) {
        loop.wake();
    }

    private Optional<Customization> next() {
        try {
            return customizations.nextDue();
        } catch (RuntimeException e) {
            if (loop.running()) {
                LOG.warnf("Cannot look for due customizations: %s", e.getMessage());
            }
            return Optional.empty();
        }
    }

    private void cleanScratch() {
        List<ImageOnHost> images = QuarkusTransaction.requiringNew()
                .call(() -> ImageOnHost.<ImageOnHost>list("deleted = false and shared = true"));
        for (ImageOnHost image : images) {
            try {
                CustomizationFs.cleanLeftovers(ImagePaths.of(image.rootPath));
            } catch (UnsafeTreeException e) {
                LOG.warn(e.getMessage());
            }
        }
    }
}
