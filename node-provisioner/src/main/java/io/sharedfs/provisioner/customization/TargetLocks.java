package io.sharedfs.provisioner.customization;

import io.sharedfs.provisioner.fs.UnsafeTreeException;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Serialises, within this agent, every writer of one customized file (starting copies, uploads,
 * links in private copies): a copy looks whether its target is free and then renames into place,
 * so without this an upload renamed in between would be replaced by the starting content.
 */
@Singleton
public final class TargetLocks {

    private static final int STRIPES = 64;

    private final ReentrantLock[] stripes = new ReentrantLock[STRIPES];

    public TargetLocks() {
        for (int i = 0; i < STRIPES; i++) {
            stripes[i] = new ReentrantLock();
        }
    }

    /** Runs {@code action} holding the lock of {@code target} (never call it nested). */
    public <T> T locked(Path target, FsAction<T> action) throws IOException, UnsafeTreeException {
        ReentrantLock lock = stripes[Math.floorMod(target.toString().hashCode(), STRIPES)];
        lock.lock();
        try {
            return action.run();
        } finally {
            lock.unlock();
        }
    }
}
