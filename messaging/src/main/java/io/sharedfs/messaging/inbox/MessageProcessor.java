package io.sharedfs.messaging.inbox;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.sharedfs.contracts.MalformedMessageException;
import io.sharedfs.contracts.MessageType;
import io.sharedfs.messaging.config.MessagingConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jboss.logging.Logger;

/**
 * The one way services consume records: read and check the record, skip a redelivery through
 * the {@link Inbox}, run the handler in a transaction together with the inbox entry, retry
 * transient failures, and turn what can never succeed into a {@link DeadLetterException}.
 *
 * <p>Channels that use it are configured with {@code failure-strategy=dead-letter-queue}, so a
 * thrown {@link DeadLetterException} puts the record on the dead-letter topic with the reason and
 * the next record is processed; batch channels put such records there through {@link DeadLetters}.
 */
@ApplicationScoped
public class MessageProcessor {

    private static final Logger LOG = Logger.getLogger(MessageProcessor.class);

    private final Inbox inbox;
    private final DeadLetters deadLetters;
    private final MessagingConfig.Inbox config;

    public MessageProcessor(Inbox inbox, DeadLetters deadLetters, MessagingConfig config) {
        this.inbox = inbox;
        this.deadLetters = deadLetters;
        this.config = config.inbox();
    }

    /**
     * Processes one record.
     *
     * @param consumer a stable name for the consumer (service and purpose), the inbox's scope
     * @param wanted the types the handler acts on; others are acknowledged without work
     * @throws DeadLetterException for a record that can never be processed
     */
    public void process(String consumer, ConsumerRecord<String, String> record, Set<MessageType> wanted,
            Consumer<ReceivedMessage> handler) {
        ReceivedMessage message;
        try {
            message = readIfWanted(record, wanted);
        } catch (MalformedMessageException e) {
            throw deadLetter(consumer, record, e.getMessage(), e);
        }
        if (message != null) {
            processWithRetries(new Delivery(consumer, record, message), handler);
        }
    }

    /**
     * Processes the records of one poll (a channel with {@code batch=true}) in one transaction, so
     * a burst costs one commit instead of one per record. When that transaction fails, the records
     * are processed one by one as {@link #process} does, each with its retries; those that can never
     * succeed are put on the dead-letter topic here, and the batch is acknowledged only after.
     *
     * @param consumerOfTopic the inbox scope of each record's topic, as {@code consumer} of {@link #process}
     */
    public void processBatch(Function<String, String> consumerOfTopic, Iterable<ConsumerRecord<String, String>> records,
            Set<MessageType> wanted, Consumer<ReceivedMessage> handler) {
        List<Delivery> batch = new ArrayList<>();
        for (ConsumerRecord<String, String> record : records) {
            String consumer = consumerOfTopic.apply(record.topic());
            try {
                ReceivedMessage message = readIfWanted(record, wanted);
                if (message != null) {
                    batch.add(new Delivery(consumer, record, message));
                }
            } catch (MalformedMessageException e) {
                deadLetters.send(record, deadLetter(consumer, record, e.getMessage(), e));
            }
        }
        if (batch.size() > 1 && allInOneTransaction(batch, handler)) {
            return;
        }
        for (Delivery delivery : batch) {
            try {
                processWithRetries(delivery, handler);
            } catch (DeadLetterException e) {
                deadLetters.send(delivery.record(), e);
            }
        }
    }

    // Types the consumer does not handle are passed over unparsed: on a shared topic they are most records.
    private static ReceivedMessage readIfWanted(ConsumerRecord<String, String> record, Set<MessageType> wanted) {
        MessageType type = MessageReader.typeOf(record);
        return wanted.contains(type) ? MessageReader.read(record, type) : null;
    }

    private boolean allInOneTransaction(List<Delivery> batch, Consumer<ReceivedMessage> handler) {
        try {
            QuarkusTransaction.requiringNew().run(() -> {
                for (Delivery delivery : batch) {
                    handleOnce(delivery, handler);
                }
            });
            return true;
        } catch (RuntimeException e) {
            // Rolled back as a whole: one by one, the failing record is found and retried or dead-lettered.
            LOG.infof("A batch of %d records failed (%s); processing them one by one", batch.size(), describe(e));
            return false;
        }
    }

    private void processWithRetries(Delivery delivery, Consumer<ReceivedMessage> handler) {
        Duration backoff = config.retryBackoff();
        for (int attempt = 1;; attempt++) {
            try {
                QuarkusTransaction.requiringNew().run(() -> handleOnce(delivery, handler));
                return;
            } catch (RejectedMessageException | MalformedMessageException e) {
                throw deadLetter(delivery.consumer(), delivery.record(), e.getMessage(), e);
            } catch (RuntimeException e) {
                if (attempt >= config.maxAttempts()) {
                    throw deadLetter(delivery.consumer(), delivery.record(),
                            "gave up after " + attempt + " attempts: " + describe(e), e);
                }
                LOG.warnf("%s: attempt %d at %s %s failed (%s); retrying", delivery.consumer(), attempt,
                        delivery.message().type().ceType(), delivery.message().id(), describe(e));
                pause(backoff);
                backoff = backoff.multipliedBy(2);
            }
        }
    }

    private void handleOnce(Delivery delivery, Consumer<ReceivedMessage> handler) {
        ReceivedMessage message = delivery.message();
        if (inbox.firstDelivery(delivery.consumer(), message.id(), delivery.record().topic())) {
            handler.accept(message);
        }
    }

    /** A record read, with the inbox scope it is processed in. */
    private record Delivery(String consumer, ConsumerRecord<String, String> record, ReceivedMessage message) {
    }

    private static DeadLetterException deadLetter(String consumer, ConsumerRecord<String, String> record,
            String reason, Throwable cause) {
        String text = consumer + " cannot process " + record.topic() + "-" + record.partition() + "@"
                + record.offset() + ": " + reason;
        LOG.error(text);
        return new DeadLetterException(text, cause);
    }

    private static String describe(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting to retry", e);
        }
    }
}
