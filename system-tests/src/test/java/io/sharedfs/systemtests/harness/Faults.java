package io.sharedfs.systemtests.harness;

import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

/** Fault injection that needs more than {@code kill -9} at a random moment. */
public final class Faults {

    /** node-provisioner's lock serialising job claims ({@code JobQueue.claim}). */
    private static final long CLAIM_LOCK = 7364210;
    /** How long to wait for provisioning work in flight before killing an idle provisioner anyway. */
    private static final Duration IDLE_WAIT = Duration.ofSeconds(30);

    private Faults() {
    }

    /** What node-provisioner was doing when it was killed. */
    public record ProvisionerKill(long jobsRunning, long jobsDue, long hooksSucceeded, long waitedMillis) {
    }

    /**
     * Kills node-provisioner ({@code kill -9}) while it has work in flight (jobs running or due; if it
     * has none for 30 s, when idle) but at a moment when no {@code init_vem} hook is between "recorded
     * as started" and "result recorded".
     *
     * <p>Why: the provisioner runs a hook at most once per attempt. A hook interrupted by a crash is
     * never run again on its own (it may have done part of its work); the node fails with "interrupted
     * by a restart" and an operator retries it. That is by design (SPEC section 4, README), and it
     * cannot be squared with "every node READY and every hook ran exactly once" for a kill that lands
     * inside a hook. So the kill is placed outside every hook, exactly, in the provisioner's own
     * database: its job claims are held back (its claim lock is taken), the jobs already running finish
     * their hooks, and under a lock on {@code node_record} (EXCLUSIVE: reads go on, no hook can be
     * marked started or finished) it is killed once no hook is marked started without a result. Copies
     * may be under way and due jobs wait: those the restarted provisioner must redo and do.
     */
    public static ProvisionerKill killProvisionerOutsideHooks(SharedfsSystem system, ServiceProcess provisioner)
            throws SQLException {
        long begin = System.nanoTime();
        await("provisioning work in flight on " + provisioner.name()).atMost(IDLE_WAIT.plusSeconds(5))
                .pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(20))
                .until(() -> System.nanoTime() - begin > IDLE_WAIT.toNanos() || jobsInFlight(system, provisioner) > 0);
        ProvisionerKill[] kill = new ProvisionerKill[1];
        try (Connection gate = system.database(provisioner); Statement claims = gate.createStatement()) {
            claims.execute("SET statement_timeout = '60s'");
            claims.execute("SELECT pg_advisory_lock(" + CLAIM_LOCK + ")");
            await("a moment without a hook in flight, to kill " + provisioner.name()).atMost(Duration.ofMinutes(3))
                    .pollDelay(Duration.ZERO)
                    .pollInterval(Duration.ofMillis(20))
                    .until(() -> {
                        try (Connection db = system.database(provisioner)) {
                            db.setAutoCommit(false);
                            try (Statement sql = db.createStatement()) {
                                sql.execute("SET LOCAL lock_timeout = '1s'");
                                sql.execute("LOCK TABLE node_record IN EXCLUSIVE MODE");
                                if (count(sql, "SELECT count(*) FROM node_record WHERE hook_state = 'RUNNING'") > 0) {
                                    db.rollback();
                                    return false;
                                }
                                long running = count(sql, "SELECT count(*) FROM job WHERE state = 'RUNNING'");
                                long due = count(sql, "SELECT count(*) FROM job WHERE state = 'PENDING'");
                                long succeeded = count(sql,
                                        "SELECT count(*) FROM node_record WHERE hook_state = 'SUCCEEDED'");
                                provisioner.kill();
                                db.rollback();
                                kill[0] = new ProvisionerKill(running, due, succeeded,
                                        Duration.ofNanos(System.nanoTime() - begin).toMillis());
                                return true;
                            }
                        } catch (SQLException e) {
                            // lock_timeout: a transaction held the table for a second; try again.
                            return false;
                        }
                    });
        }
        return kill[0];
    }

    private static long jobsInFlight(SharedfsSystem system, ServiceProcess provisioner) throws SQLException {
        try (Connection db = system.database(provisioner); Statement sql = db.createStatement()) {
            return count(sql, "SELECT count(*) FROM job WHERE state IN ('RUNNING', 'PENDING')");
        }
    }

    private static long count(Statement sql, String query) throws SQLException {
        try (ResultSet rows = sql.executeQuery(query)) {
            rows.next();
            return rows.getLong(1);
        }
    }
}
