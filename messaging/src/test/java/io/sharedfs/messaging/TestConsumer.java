package io.sharedfs.messaging;

import io.agroal.api.AgroalDataSource;
import io.sharedfs.contracts.MessageType;
import io.sharedfs.contracts.node.NodeStateChanged;
import io.sharedfs.messaging.inbox.MessageProcessor;
import io.sharedfs.messaging.inbox.ReceivedMessage;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** A consumer of NodeStateChanged written like a service's: it records what it processed. */
@ApplicationScoped
public class TestConsumer {

    private final MessageProcessor processor;
    private final AgroalDataSource dataSource;
    private final Map<Long, AtomicInteger> failuresToInject = new ConcurrentHashMap<>();

    public TestConsumer(MessageProcessor processor, AgroalDataSource dataSource) {
        this.processor = processor;
        this.dataSource = dataSource;
    }

    @Incoming("test-in")
    @Blocking
    public void consume(ConsumerRecord<String, String> record) {
        processor.process("messaging-test", record, Set.of(MessageType.NODE_STATE_CHANGED), this::handle);
    }

    /** Makes the handling of the VE's next events fail {@code times} times, as a flaky database would. */
    public void failNext(long veId, int times) {
        failuresToInject.put(veId, new AtomicInteger(times));
    }

    /** How many times the event was processed (not delivered). */
    public int processedCount(String eventId) {
        return count("SELECT count(*) FROM test_processed WHERE event_id = ?", eventId);
    }

    /** How many events of the VE were processed. */
    public int processedForVe(long veId) {
        return count("SELECT count(*) FROM test_processed WHERE ve_id = ?", veId);
    }

    private void handle(ReceivedMessage message) {
        NodeStateChanged event = message.as(NodeStateChanged.class);
        try (Connection connection = dataSource.getConnection();
                PreparedStatement insert = connection.prepareStatement(
                        "INSERT INTO test_processed (event_id, ve_id, vem_id) VALUES (?, ?, ?)")) {
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
