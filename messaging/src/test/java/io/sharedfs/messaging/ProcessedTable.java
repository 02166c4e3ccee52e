package io.sharedfs.messaging;

import io.agroal.api.AgroalDataSource;
import io.sharedfs.contracts.node.NodeStateChanged;
import io.sharedfs.messaging.inbox.ReceivedMessage;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** What a test consumer processed, in a table of its own, with failures injected on request. */
public final class ProcessedTable {

    private final AgroalDataSource dataSource;
    private final String table;
    private final Map<Long, AtomicInteger> failuresToInject = new ConcurrentHashMap<>();

    public ProcessedTable(AgroalDataSource dataSource, String table) {
        this.dataSource = dataSource;
        this.table = table;
    }

    /** Makes the handling of the VE's next events fail {@code times} times, as a flaky database would. */
    public void failNext(long veId, int times) {
        failuresToInject.put(veId, new AtomicInteger(times));
    }

    /** Records the event in the caller's transaction, then fails if a failure is due. */
    public void record(ReceivedMessage message) {
        NodeStateChanged event = message.as(NodeStateChanged.class);
        try (Connection connection = dataSource.getConnection();
                PreparedStatement insert = connection.prepareStatement(
                        "INSERT INTO " + table + " (event_id, ve_id, vem_id) VALUES (?, ?, ?)")) {
            insert.setString(1, message.id());
            insert.setLong(2, event.veId());
            insert.setLong(3, event.vemId());
            insert.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        AtomicInteger failures = failuresToInject.get(event.veId());
        if (failures != null && failures.getAndDecrement() > 0) {
            // Thrown after the insert, so a retry that did not roll back would be counted twice.
            throw new IllegalStateException("injected transient failure");
        }
    }

    /** How many times the event was processed (not delivered). */
    public int processedCount(String eventId) {
        return count("SELECT count(*) FROM " + table + " WHERE event_id = ?", eventId);
    }

    /** How many events of the VE were processed. */
    public int processedForVe(long veId) {
        return count("SELECT count(*) FROM " + table + " WHERE ve_id = ?", veId);
    }

    private int count(String sql, Object parameter) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement(sql)) {
            select.setObject(1, parameter);
            try (ResultSet rs = select.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
