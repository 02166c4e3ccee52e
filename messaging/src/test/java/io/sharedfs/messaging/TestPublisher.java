package io.sharedfs.messaging;

import io.agroal.api.AgroalDataSource;
import io.sharedfs.contracts.node.NodeState;
import io.sharedfs.contracts.node.NodeStateChanged;
import io.sharedfs.messaging.outbox.Outbox;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/** A state change plus its event in one transaction, the way a service uses the outbox. */
@ApplicationScoped
public class TestPublisher {

    private final AgroalDataSource dataSource;
    private final Outbox outbox;

    public TestPublisher(AgroalDataSource dataSource, Outbox outbox) {
        this.dataSource = dataSource;
        this.outbox = outbox;
    }

    /**
     * Increments the VE's counter and publishes an event carrying the new value as its VEM id,
     * so the value order is the commit order of the VE's transactions.
     */
    @Transactional
    public long publishCounted(long veId) {
        long n = increment(veId);
        outbox.publish(new NodeStateChanged(veId, n, null, NodeState.PROVISIONING, "counted"));
        return n;
    }

    /** Does the same work as {@link #publishCounted} and then fails, so everything rolls back. */
    @Transactional
    public void publishAndFail(long veId) {
        publishCounted(veId);
        throw new IllegalStateException("deliberate failure after publishing");
    }

    /**
     * Publishes for {@code keyVe}, runs {@code between}, then increments {@code countedVe}'s counter
     * (a row lock) in the same transaction.
     */
    @Transactional
    public void publishThenCount(long keyVe, long countedVe, Runnable between) {
        outbox.publish(new NodeStateChanged(keyVe, countedVe, null, NodeState.PROVISIONING, "publish, then count"));
        between.run();
        increment(countedVe);
    }

    /** The other order: increments {@code countedVe}'s counter, runs {@code between}, then publishes. */
    @Transactional
    public void countThenPublish(long countedVe, long keyVe, Runnable between) {
        increment(countedVe);
        between.run();
        outbox.publish(new NodeStateChanged(keyVe, countedVe, null, NodeState.PROVISIONING, "count, then publish"));
    }

    public long counter(long veId) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement("SELECT n FROM test_counter WHERE ve_id = ?")) {
            select.setLong(1, veId);
            try (ResultSet rs = select.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private long increment(long veId) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement upsert = connection.prepareStatement("""
                        INSERT INTO test_counter (ve_id, n) VALUES (?, 1)
                        ON CONFLICT (ve_id) DO UPDATE SET n = test_counter.n + 1 RETURNING n""")) {
            upsert.setLong(1, veId);
            try (ResultSet rs = upsert.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
