package io.sharedfs.exporter.exports;

import java.util.List;

/**
 * The NFS server that serves a storage host's proven export table: kernel nfsd through an exports
 * file and {@code exportfs}, or NFS-Ganesha through its DBus export manager. Only tables the
 * analyzer found nothing in reach it.
 */
public interface NfsServer {

    /** How an apply ended. */
    enum Result {
        /** The server serves the table. */
        APPLIED,
        /** The table was written; nothing was asked of a server (apply-command {@code skip}). */
        SKIPPED,
        /** The server did not take the table; what it serves is described in the message. */
        FAILED
    }

    /** The result and, for the operator, what the server said or what went wrong. */
    record Outcome(Result result, String message) {

        public boolean succeeded() {
            return result != Result.FAILED;
        }
    }

    /** Makes the server serve exactly this table (every line of it, nothing else of sharedfs's). */
    Outcome apply(ExportTable table);

    /** The installed table as exports(5) lines, in the server's order, for operators. */
    List<String> installed();

    /** Where the installed table is kept (a file operators can read). */
    String location();

    /** How the server is driven, e.g. {@code exportfs -ra} (for logs and GET /exports). */
    String describe();

    /** How nodes name the exported paths in their mount tables. */
    ServedPaths servedPaths();
}
