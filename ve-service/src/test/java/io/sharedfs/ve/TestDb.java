package io.sharedfs.ve;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.inject.spi.CDI;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads ve-service's database the way an operator with psql would: what the outbox holds (every
 * row is published, nothing else is), what the inbox has processed, what the projection knows.
 */
public final class TestDb {

    /** One outbox row: a message ve-service publishes. */
    public record OutboxRow(String topic, String key, String type, String subject, String payload) {
    }

    private TestDb() {
    }

    /** Every message ve-service has published or will publish under the record key, in order. */
    public static List<OutboxRow> outboxForKey(String key) {
        return query("record_key = ?", key);
    }

    /** Every message ve-service has published or will publish whose body contains the text. */
    public static List<OutboxRow> outboxMentioning(String text) {
        return query("strpos(payload, ?) > 0", text);
    }

    /** Outbox rows of one CloudEvents subject and type (e.g. {@code ve/3/node/1}, {@code io.sharedfs.NodeAdded}). */
    public static List<OutboxRow> outbox(String subject, String ceType) {
        return query("ce_subject = ? AND ce_type = ?", subject, ceType);
    }

    /** Whether the consumer has processed the event id. */
    public static boolean processed(String consumer, String eventId) {
        return count("SELECT count(*) FROM sharedfs_inbox WHERE consumer = ? AND event_id = ?", consumer, eventId) == 1;
    }

    /** The version of the image in ve-service's projection, or -1 when it is not known. */
    public static long projectedVersion(java.util.UUID imageId) {
        try (Connection connection = dataSource().getConnection();
                PreparedStatement select = connection.prepareStatement(
                        "SELECT version FROM image_projection WHERE image_id = ?")) {
            select.setObject(1, imageId);
            try (ResultSet rs = select.executeQuery()) {
                return rs.next() ? rs.getLong(1) : -1;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public static long count(String sql, Object... parameters) {
        try (Connection connection = dataSource().getConnection();
                PreparedStatement select = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                select.setObject(i + 1, parameters[i]);
            }
            try (ResultSet rs = select.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<OutboxRow> query(String where, Object... parameters) {
        try (Connection connection = dataSource().getConnection();
                PreparedStatement select = connection.prepareStatement(
                        "SELECT topic, record_key, ce_type, ce_subject, payload FROM sharedfs_outbox WHERE " + where
                                + " ORDER BY record_key, key_seq")) {
            for (int i = 0; i < parameters.length; i++) {
                select.setObject(i + 1, parameters[i]);
            }
            List<OutboxRow> rows = new ArrayList<>();
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    rows.add(new OutboxRow(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getString(5)));
                }
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static AgroalDataSource dataSource() {
        return CDI.current().select(AgroalDataSource.class).get();
    }
}
