package io.sharedfs.messaging.outbox;

import io.agroal.api.AgroalDataSource;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.sharedfs.contracts.CloudEventHeaders;
import io.sharedfs.messaging.config.MessagingConfig;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;
import org.jboss.logging.Logger;
import org.postgresql.PGConnection;

/**
 * Publishes outbox rows to Kafka and marks them sent once the broker acknowledged them.
 *
 * <p>It wakes on PostgreSQL {@code NOTIFY}, which is delivered only when a writing transaction
 * commits, so publishing follows a commit within milliseconds; a poll interval is only the safety
 * net. Rows are found by "not yet sent", never by "id above the last one seen", so a row whose
 * transaction commits late is not skipped. Among instances sharing a database, the holder of a
 * session advisory lock relays and the others stand by, which keeps each key's order.
 */
@ApplicationScoped
public class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
    private static final long LEADER_LOCK = 0x5348_4152_4544_4653L;
    private static final Duration HOUSEKEEPING_EVERY = Duration.ofMinutes(10);

    private final MutinyEmitter<String> emitter;
    private final AgroalDataSource dataSource;
    private final OutboxStore store;
    private final MessagingConfig.Relay config;
    private final MessagingConfig messagingConfig;

    private volatile boolean running;
    private volatile boolean leader;
    private volatile Thread worker;
    private Instant nextHousekeeping = Instant.now();

    public OutboxRelay(
            @Channel("sharedfs-outbox") @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 4096)
            MutinyEmitter<String> emitter,
            AgroalDataSource dataSource,
            OutboxStore store,
            MessagingConfig config) {
        this.emitter = emitter;
        this.dataSource = dataSource;
        this.store = store;
        this.config = config.relay();
        this.messagingConfig = config;
    }

    void start(@Observes StartupEvent event) {
        if (!config.enabled()) {
            LOG.info("Outbox relay disabled on this instance");
            return;
        }
        running = true;
        worker = new Thread(this::run, "sharedfs-outbox-relay");
        worker.setDaemon(true);
        worker.start();
    }

    void stop(@Observes ShutdownEvent event) throws InterruptedException {
        running = false;
        Thread thread = worker;
        if (thread != null) {
            thread.interrupt();
            thread.join(config.pollInterval().toMillis() + 5_000);
        }
    }

    /** Whether this instance holds the relay lock. */
    public boolean isLeader() {
        return leader;
    }

    /** Whether the relay thread is alive (or was deliberately disabled). */
    public boolean isHealthy() {
        Thread thread = worker;
        return !config.enabled() || (thread != null && thread.isAlive());
    }

    private void run() {
        while (running) {
            try (Connection listener = dataSource.getConnection()) {
                listener.setAutoCommit(true);
                try (Statement listen = listener.createStatement()) {
                    listen.execute("LISTEN " + Outbox.CHANNEL);
                }
                PGConnection notifications = listener.unwrap(PGConnection.class);
                leader = false;
                while (running) {
                    if (!leader) {
                        leader = tryLead(listener);
                    }
                    if (leader) {
                        drain();
                        housekeeping();
                    }
                    notifications.getNotifications((int) config.pollInterval().toMillis());
                }
            } catch (SQLException | RuntimeException e) {
                leader = false;
                if (running) {
                    LOG.warnf("Outbox relay lost its database connection (%s); retrying", e.getMessage());
                    pause(config.retryBackoff());
                }
            }
        }
        leader = false;
    }

    // A session lock: it is released by itself if this instance dies or its connection drops.
    private static boolean tryLead(Connection listener) throws SQLException {
        try (Statement lock = listener.createStatement();
                var rs = lock.executeQuery("SELECT pg_try_advisory_lock(" + LEADER_LOCK + ")")) {
            rs.next();
            boolean acquired = rs.getBoolean(1);
            if (acquired) {
                LOG.info("This instance now relays the outbox");
            }
            return acquired;
        }
    }

    private void drain() throws SQLException {
        while (running) {
            List<OutboxRow> rows = store.unsent(config.batchSize());
            if (rows.isEmpty()) {
                return;
            }
            List<Long> sent = publish(rows);
            store.markSent(sent);
            if (sent.size() < rows.size()) {
                LOG.warnf("Broker acknowledged %d of %d outbox rows; retrying the rest", sent.size(), rows.size());
                pause(config.retryBackoff());
                return;
            }
        }
    }

    /**
     * Sends rows in order and waits for the broker; returns the ids that may be marked sent.
     * After a failure, later rows of the same key are not marked, so they are sent again after the
     * failed one and the key's order holds (consumers drop the duplicates by event id).
     */
    private List<Long> publish(List<OutboxRow> rows) {
        List<CompletableFuture<Void>> acks = new ArrayList<>(rows.size());
        for (OutboxRow row : rows) {
            acks.add(emitter.sendMessage(toMessage(row)).subscribeAsCompletionStage());
        }
        long deadline = System.nanoTime() + config.sendTimeout().toNanos();
        List<Long> sent = new ArrayList<>(rows.size());
        Set<String> failedKeys = new HashSet<>();
        for (int i = 0; i < rows.size(); i++) {
            OutboxRow row = rows.get(i);
            if (acknowledged(acks.get(i), deadline, row) && !failedKeys.contains(row.recordKey())) {
                sent.add(row.id());
            } else {
                failedKeys.add(row.recordKey());
            }
        }
        return sent;
    }

    private static boolean acknowledged(CompletableFuture<Void> ack, long deadline, OutboxRow row) {
        try {
            ack.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (TimeoutException e) {
            return false;
        } catch (Exception e) {
            LOG.debugf("Outbox row %d (%s) not acknowledged: %s", row.id(), row.ceType(), e.getMessage());
            return false;
        }
    }

    private static Message<String> toMessage(OutboxRow row) {
        RecordHeaders headers = new RecordHeaders();
        header(headers, CloudEventHeaders.SPEC_VERSION, CloudEventHeaders.SPEC_VERSION_1_0);
        header(headers, CloudEventHeaders.ID, row.eventId().toString());
        header(headers, CloudEventHeaders.SOURCE, row.ceSource());
        header(headers, CloudEventHeaders.TYPE, row.ceType());
        header(headers, CloudEventHeaders.TIME, DateTimeFormatter.ISO_INSTANT.format(row.ceTime()));
        header(headers, CloudEventHeaders.SUBJECT, row.ceSubject());
        header(headers, CloudEventHeaders.CONTENT_TYPE, CloudEventHeaders.JSON);
        OutgoingKafkaRecordMetadata<String> metadata = OutgoingKafkaRecordMetadata.<String>builder()
                .withTopic(row.topic())
                .withKey(row.recordKey())
                .withHeaders(headers)
                .build();
        return Message.of(row.payload()).addMetadata(metadata);
    }

    private static void header(RecordHeaders headers, String name, String value) {
        headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    }

    private void housekeeping() throws SQLException {
        if (Instant.now().isAfter(nextHousekeeping)) {
            store.purge(config.retention(), messagingConfig.inbox().retention());
            nextHousekeeping = Instant.now().plus(HOUSEKEEPING_EVERY);
        }
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
