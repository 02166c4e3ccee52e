package io.sharedfs.exporter;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/** Reads the service's database the way an operator with psql would. */
public final class TestDb {

    private TestDb() {
    }

    public static boolean processed(String consumer, String eventId) {
        return count("SELECT count(*) FROM sharedfs_inbox WHERE consumer = ? AND event_id = ?", consumer, eventId) == 1;
    }

    /** The generation that last changed the node's part of the table, or -1 for an unknown node. */
    public static long changedGeneration(long veId, long vemId) {
        return single("SELECT changed_generation FROM export_node WHERE ve_id = ? AND vem_id = ?", veId, vemId);
    }

    /** The desired table's generation on the test storage host. */
    public static long generation() {
        return single("SELECT generation FROM export_state WHERE storage_host = ?", Bus.storageHost());
    }

    /** Whether the applied table is the desired one (nothing pending). */
    public static boolean settled() {
        return count("SELECT count(*) FROM export_state WHERE storage_host = ? AND applied_generation = generation"
                + " AND last_generation = generation", Bus.storageHost()) == 1;
    }

    public static long count(String sql, Object... parameters) {
        return single(sql, parameters);
    }

    private static long single(String sql, Object... parameters) {
        Config config = ConfigProvider.getConfig();
        try (Connection connection = DriverManager.getConnection(
                        config.getValue("quarkus.datasource.jdbc.url", String.class),
                        config.getValue("quarkus.datasource.username", String.class),
                        config.getValue("quarkus.datasource.password", String.class));
                PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            try (ResultSet rs = statement.executeQuery()) {
                return rs.next() ? rs.getLong(1) : -1;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
