package io.sharedfs.messaging.inbox;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * Remembers which events each consumer has processed, in the consumer's own transaction, so a
 * redelivered event is recognised and changes nothing.
 */
@ApplicationScoped
public class Inbox {

    private static final String RECORD = """
            INSERT INTO sharedfs_inbox (consumer, event_id, topic) VALUES (?, ?, ?)
            ON CONFLICT (consumer, event_id) DO NOTHING""";

    private final AgroalDataSource dataSource;

    public Inbox(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Records the event as processed by {@code consumer}.
     *
     * @return true the first time; false when the event was already processed (a redelivery),
     *         in which case the caller must do nothing. A concurrent first delivery in another
     *         transaction makes this call wait for that transaction's outcome.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean firstDelivery(String consumer, String eventId, String topic) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement insert = connection.prepareStatement(RECORD)) {
            insert.setString(1, consumer);
            insert.setString(2, eventId);
            insert.setString(3, topic);
            return insert.executeUpdate() == 1;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot record event " + eventId + " in the inbox", e);
        }
    }
}
