package io.sharedfs.messaging.outbox;

import io.agroal.api.AgroalDataSource;
import io.sharedfs.contracts.EventJson;
import io.sharedfs.contracts.MessageType;
import io.sharedfs.contracts.SharedfsMessage;
import io.sharedfs.messaging.config.MessagingConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Records messages to publish in the caller's database transaction (transactional outbox), so a
 * state change and its events commit or roll back together. {@link OutboxRelay} publishes them.
 *
 * <p>The rows are written when the transaction is about to commit, not when {@link #publish} is
 * called. Writing a row locks its key's sequence row until the commit; taken last, that lock never
 * sits between two row locks of a transaction, so a batch that updates many nodes and publishes
 * for each cannot deadlock with a request that locks one of those nodes and publishes for it.
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
    private final TransactionSynchronizationRegistry transactions;

    public Outbox(AgroalDataSource dataSource, MessagingConfig config, TransactionSynchronizationRegistry transactions) {
        this.dataSource = dataSource;
        this.config = config;
        this.transactions = transactions;
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
        // Serialised now: a message that cannot be written fails its caller, not the commit.
        Row row = new Row(eventId, type, message.partitionKey(), message.subject(), Instant.now(),
                EventJson.write(message));
        Pending pending = (Pending) transactions.getResource(Pending.class);
        if (pending == null) {
            pending = new Pending();
            transactions.putResource(Pending.class, pending);
            transactions.registerInterposedSynchronization(pending);
        }
        pending.rows.add(row);
        return eventId;
    }

    private void write(List<Row> rows) {
        // The connection is the transaction's own (Agroal enlists it), shared with Hibernate.
        try (Connection connection = dataSource.getConnection();
                PreparedStatement insert = connection.prepareStatement(INSERT);
                PreparedStatement notify = connection.prepareStatement("SELECT pg_notify('" + CHANNEL + "', '')")) {
            for (Row row : rows) {
                insert.setString(1, row.key());
                insert.setObject(2, row.eventId());
                insert.setString(3, row.type().topic());
                insert.setString(4, row.key());
                insert.setString(5, row.type().ceType());
                insert.setString(6, config.source());
                insert.setString(7, row.subject());
                insert.setTimestamp(8, Timestamp.from(row.time()));
                insert.setString(9, row.payload());
                insert.addBatch();
            }
            insert.executeBatch();
            // Delivered to the relay's LISTEN only when this transaction commits.
            notify.execute();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot write " + rows.size() + " message(s) to the outbox", e);
        }
    }

    private record Row(UUID eventId, MessageType type, String key, String subject, Instant time, String payload) {
    }

    /** A transaction's messages, written just before it commits. */
    private final class Pending implements Synchronization {

        private final List<Row> rows = new ArrayList<>();

        @Override
        public void beforeCompletion() {
            if (transactions.getRollbackOnly()) {
                return;
            }
            write(rows);
        }

        @Override
        public void afterCompletion(int status) {
            rows.clear();
        }
    }
}
