package io.sharedfs.provisioner.worker;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.sharedfs.provisioner.config.ProvisionerConfig;
import io.sharedfs.provisioner.domain.ImageOnHost;
import io.sharedfs.provisioner.domain.Job;
import io.sharedfs.provisioner.domain.JobQueue;
import io.sharedfs.provisioner.fs.Durable;
import io.sharedfs.provisioner.fs.ImagePaths;
import io.sharedfs.provisioner.fs.UnsafeTreeException;
import io.sharedfs.provisioner.hook.HookRunner;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * The worker threads. At start they kill hooks a crash left running, clean what it left in the
 * staging directories and put interrupted jobs back in the queue; then they run due jobs, woken
 * as soon as a job is recorded. One node-provisioner runs per storage host.
 */
@ApplicationScoped
public class JobWorkers {

    private static final Logger LOG = Logger.getLogger(JobWorkers.class);
    private static final java.util.regex.Pattern OURS = java.util.regex.Pattern.compile("(purge-)?\\d+-\\d+-\\d+");

    private final JobQueue queue;
    private final JobRunner runner;
    private final ProvisionerConfig config;
    private final WakeableLoop loop = new WakeableLoop();
    private final List<Thread> threads = new ArrayList<>();

    public JobWorkers(JobQueue queue, JobRunner runner, ProvisionerConfig config) {
        this.queue = queue;
        this.runner = runner;
        this.config = config;
    }

    void start(@Observes StartupEvent event) {
        int orphans = HookRunner.killLeftovers();
        if (orphans > 0) {
            LOG.warnf("Killed %d process(es) of init_vem hooks left running by an agent that was killed", orphans);
        }
        cleanStaging();
        int recovered = queue.recoverInterrupted();
        if (recovered > 0) {
            LOG.infof("%d job(s) interrupted by the last stop are due again", recovered);
        }
        loop.start();
        for (int i = 0; i < config.workers(); i++) {
            Thread thread = new Thread(() -> loop.run(this::claim, runner::run, config.pollInterval()),
                    "provisioner-worker-" + i);
            thread.setDaemon(true);
            threads.add(thread);
            thread.start();
        }
    }

    void stop(@Observes ShutdownEvent event) {
        loop.stop();
        threads.forEach(Thread::interrupt);
        // A worker in a hook kills the hook's processes before it ends; a copy is left to the
        // staging clean-up of the next start.
        for (Thread thread : threads) {
            try {
                thread.join(TimeUnit.SECONDS.toMillis(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    void recorded(@Observes(during = TransactionPhase.AFTER_SUCCESS) JobQueue.JobRecorded event) {
        loop.wake();
    }

    private Optional<Job> claim() {
        try {
            return queue.claim();
        } catch (RuntimeException e) {
            if (loop.running()) {
                LOG.warnf("Cannot claim a job (%s); trying again", e.getMessage());
            }
            return Optional.empty();
        }
    }

    /** Deletes staging leftovers: half-built trees of a crashed run, never visible to any node. */
    private void cleanStaging() {
        List<Path> stagingDirs = new ArrayList<>();
        config.stagingDir().map(Path::of).ifPresent(stagingDirs::add);
        if (config.stagingDir().isEmpty()) {
            List<ImageOnHost> images = QuarkusTransaction.requiringNew()
                    .call(() -> ImageOnHost.<ImageOnHost>list("deleted = false and shared = true"));
            for (ImageOnHost image : images) {
                try {
                    stagingDirs.add(ImagePaths.of(image.rootPath).defaultStaging());
                } catch (UnsafeTreeException e) {
                    LOG.warn(e.getMessage());
                }
            }
        }
        stagingDirs.forEach(JobWorkers::emptyDirectory);
    }

    private static void emptyDirectory(Path staging) {
        if (!ImagePaths.isRealDirectory(staging)) {
            return;
        }
        try (DirectoryStream<Path> leftovers = Files.newDirectoryStream(staging)) {
            for (Path leftover : leftovers) {
                // Only what this agent names; a misconfigured staging dir loses nothing else.
                if (!OURS.matcher(leftover.getFileName().toString()).matches()) {
                    continue;
                }
                LOG.infof("Removing staging leftover %s", leftover);
                Durable.deleteTree(leftover);
            }
        } catch (IOException e) {
            LOG.warnf("Cannot clean staging directory %s: %s", staging, e.getMessage());
        }
    }
}
