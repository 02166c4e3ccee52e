package io.sharedfs.messaging.outbox;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** The relay's queries on the outbox table, each in a short transaction of its own. */
@ApplicationScoped
class OutboxStore {

    private static final String SELECT_UNSENT = """
            SELECT id, event_id, topic, record_key, ce_type, ce_source, ce_subject, ce_time, payload
            FROM sharedfs_outbox WHERE sent_at IS NULL ORDER BY id LIMIT ?""";

    private final AgroalDataSource dataSource;

    OutboxStore(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Unsent rows in id order, which is commit order within each key. */
    List<OutboxRow> unsent(int limit) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement(SELECT_UNSENT)) {
            select.setInt(1, limit);
            List<OutboxRow> rows = new ArrayList<>();
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    rows.add(new OutboxRow(rs.getLong(1), rs.getObject(2, UUID.class), rs.getString(3),
                            rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7),
                            rs.getTimestamp(8).toInstant(), rs.getString(9)));
                }
            }
            return rows;
        }
    }

    void markSent(List<Long> ids) throws SQLException {
        if (ids.isEmpty()) {
            return;
        }
        try (Connection connection = dataSource.getConnection();
                PreparedStatement update = connection.prepareStatement(
                        "UPDATE sharedfs_outbox SET sent_at = now() WHERE id = ANY (?)")) {
            update.setArray(1, connection.createArrayOf("bigint", ids.toArray()));
            update.executeUpdate();
        }
    }

    /** Forgets sent rows and processed inbox ids older than their retention. */
    void purge(Duration outboxRetention, Duration inboxRetention) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement outbox = connection.prepareStatement(
                        "DELETE FROM sharedfs_outbox WHERE sent_at < ?");
                PreparedStatement inbox = connection.prepareStatement(
                        "DELETE FROM sharedfs_inbox WHERE processed_at < ?")) {
            Instant now = Instant.now();
            outbox.setTimestamp(1, Timestamp.from(now.minus(outboxRetention)));
            outbox.executeUpdate();
            inbox.setTimestamp(1, Timestamp.from(now.minus(inboxRetention)));
            inbox.executeUpdate();
        }
    }

    /** Rows not yet acknowledged by the broker, for health and tests. */
    long unsentCount() throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement count = connection.prepareStatement(
                        "SELECT count(*) FROM sharedfs_outbox WHERE sent_at IS NULL");
                ResultSet rs = count.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
