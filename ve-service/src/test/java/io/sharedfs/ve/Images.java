package io.sharedfs.ve;

import static org.awaitility.Awaitility.await;

import io.sharedfs.contracts.image.ImageDeleted;
import io.sharedfs.contracts.image.ImageRegistered;
import io.sharedfs.contracts.image.ImageSpec;
import io.sharedfs.contracts.image.ImageStatus;
import io.sharedfs.contracts.image.ImageUpdated;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Images as image-service announces them: ve-service learns images only from these events, so a
 * test registers its own image and waits until ve-service's projection has it.
 */
public final class Images {

    public static final String STORAGE_HOST = "storage-1.example.com";
    public static final List<String> PRIVATE_DIRS = List.of("/var", "/etc", "/tmp", "/srv/cache");
    public static final List<String> SHARED_SUBDIRS = List.of("/var/lib/rpm");
    public static final List<String> RAM_DIRS = List.of("/var/run");

    private Images() {
    }

    /** A shared, READY image: fit for a multi-server VE. */
    public static ImageSpec sharedReady() {
        return register(true, ImageStatus.READY);
    }

    /** Registers a new image with the given shared flag and status and waits until ve-service knows it. */
    public static ImageSpec register(boolean shared, ImageStatus status) {
        String name = TestIds.name("img");
        ImageSpec spec = new ImageSpec(UUID.randomUUID(), name, "/srv/images/" + name, STORAGE_HOST, shared,
                PRIVATE_DIRS, SHARED_SUBDIRS, RAM_DIRS, "test image", 1, status,
                status == ImageStatus.INVALID ? "root path /srv/images/" + name + " does not exist" : null);
        Bus.publish(new ImageRegistered(spec));
        awaitProjected(spec.imageId(), spec.version());
        return spec;
    }

    /** Publishes the image's next version with the given shared flag and status, and waits for it. */
    public static ImageSpec update(ImageSpec current, boolean shared, ImageStatus status) {
        ImageSpec next = new ImageSpec(current.imageId(), current.name(), current.rootPath(), current.storageHost(),
                shared, current.privateDirs(), current.sharedSubdirs(), current.ramDirs(), current.description(),
                current.version() + 1, status,
                status == ImageStatus.INVALID ? "root path " + current.rootPath() + " is not a directory" : null);
        Bus.publish(new ImageUpdated(next, Set.of("shared", "status")));
        awaitProjected(next.imageId(), next.version());
        return next;
    }

    /** Publishes that the image was deleted and waits until ve-service has processed it. */
    public static void delete(ImageSpec image) {
        Bus.publishAndAwait(new ImageDeleted(image.imageId(), image.name(), image.storageHost(), image.rootPath()));
    }

    public static void awaitProjected(UUID imageId, long version) {
        await("ve-service knows image " + imageId + " version " + version).atMost(Bus.WAIT)
                .pollInterval(Duration.ofMillis(20))
                .until(() -> TestDb.projectedVersion(imageId) == version);
    }
}
