package io.sharedfs.exporter.ganesha;

import java.nio.file.Path;
import java.util.Set;

/**
 * The operations of NFS-Ganesha's export manager that sharedfs uses. Each takes effect at once in the
 * running server; none restarts it.
 */
public interface ExportManager extends AutoCloseable {

    /** The ids of every export Ganesha serves now (its own pseudo-root, id 0, included). */
    Set<Integer> exportIds();

    /** Adds the export {@code id} from its file; fails if Ganesha has it already. */
    void add(Path file, int id);

    /** Replaces the export {@code id} by its file's block (Ganesha adds it when it has none). */
    void update(Path file, int id);

    /** Withdraws the export {@code id}; true if it was there. */
    boolean remove(int id);

    @Override
    void close();

    /** Ganesha refused an operation, or could not be reached; the message says which and why. */
    final class GaneshaException extends RuntimeException {

        public GaneshaException(String message, Throwable cause) {
            super(message, cause);
        }

        public GaneshaException(String message) {
            super(message);
        }
    }
}
