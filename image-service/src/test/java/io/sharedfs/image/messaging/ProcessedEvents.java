package io.sharedfs.image.messaging;

import io.agroal.api.AgroalDataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Whether one of image-service's consumers has processed an event (its inbox holds the id), so a
 * test can wait for a fence event before asserting that earlier events changed nothing.
 */
final class ProcessedEvents {

    static final String LAYOUT = "image-service.layout";
    static final String NODES = "image-service.nodes";
    static final String VES = "image-service.ves";

    private ProcessedEvents() {
    }

    static boolean processed(AgroalDataSource dataSource, String consumer, String eventId) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement query = connection.prepareStatement(
                        "SELECT count(*) FROM sharedfs_inbox WHERE consumer = ? AND event_id = ?")) {
            query.setString(1, consumer);
            query.setString(2, eventId);
            try (ResultSet rs = query.executeQuery()) {
                rs.next();
                return rs.getLong(1) == 1;
            }
        }
    }
}
