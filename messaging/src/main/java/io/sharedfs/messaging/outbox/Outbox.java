package io.sharedfs.messaging.outbox;

import io.agroal.api.AgroalDataSource;
import io.sharedfs.contracts.EventJson;
import io.sharedfs.contracts.MessageType;
import io.sharedfs.contracts.SharedfsMessage;
import io.sharedfs.messaging.config.MessagingConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.UUID;

/**
 * Records messages to publish in the caller's database transaction (transactional outbox), so a
 * state change and its events commit or roll back together. {@link OutboxRelay} publishes them.
 */
@ApplicationScoped
public class Outbox {

    static final String CHANNEL = "sharedfs_outbox";

    // Locking the key row first makes transactions of one key take their ids in commit order.
    private static final String INSERT = """
            WITH k AS (
                INSERT INTO sharedfs_outbox_key (record_key, last_seq) VALUES (?, 1)
                ON CONFLICT (record_key) DO UPDATE SET last_seq = sharedfs_outbox_key.last_seq + 1
                RETURNING last_seq)
            INSERT INTO sharedfs_outbox
                (event_id, topic, record_key, key_seq, ce_type, ce_source, ce_subject, ce_time, payload)
            SELECT ?, ?, ?, k.last_seq, ?, ?, ?, ?, ? FROM k""";

    private final AgroalDataSource dataSource;
    private final MessagingConfig config;

    public Outbox(AgroalDataSource dataSource, MessagingConfig config) {
        this.dataSource = dataSource;
        this.config = config;
    }

    /**
     * Adds a message to the outbox; it is published once the current transaction commits.
     *
     * @return the CloudEvents id given to the message
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public UUID publish(SharedfsMessage message) {
        MessageType type = MessageType.of(message);
        UUID eventId = UUID.randomUUID();
        String key = message.partitionKey();
        // The connection is the transaction's own (Agroal enlists it), shared with Hibernate.
        try (Connection connection = dataSource.getConnection();
                PreparedStatement insert = connection.prepareStatement(INSERT);
                PreparedStatement notify = connection.prepareStatement("SELECT pg_notify('" + CHANNEL + "', '')")) {
            insert.setString(1, key);
            insert.setObject(2, eventId);
            insert.setString(3, type.topic());
            insert.setString(4, key);
            insert.setString(5, type.ceType());
            insert.setString(6, config.source());
            insert.setString(7, message.subject());
            insert.setTimestamp(8, Timestamp.from(Instant.now()));
            insert.setString(9, EventJson.write(message));
            insert.executeUpdate();
            // Delivered to the relay's LISTEN only when this transaction commits.
            notify.execute();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot write " + type.ceType() + " to the outbox", e);
        }
        return eventId;
    }
}
