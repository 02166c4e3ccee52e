package io.sharedfs.messaging.inbox;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.sharedfs.contracts.MalformedMessageException;
import io.sharedfs.contracts.MessageType;
import io.sharedfs.messaging.config.MessagingConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jboss.logging.Logger;

/**
 * The one way services consume records: read and check the record, skip a redelivery through
 * the {@link Inbox}, run the handler in a transaction together with the inbox entry, retry
 * transient failures, and turn what can never succeed into a {@link DeadLetterException}.
 *
 * <p>Channels that use it are configured with {@code failure-strategy=dead-letter-queue}, so a
 * thrown {@link DeadLetterException} puts the record on the dead-letter topic with the reason and
 * the next record is processed.
 */
@ApplicationScoped
public class MessageProcessor {

    private static final Logger LOG = Logger.getLogger(MessageProcessor.class);

    private final Inbox inbox;
    private final MessagingConfig.Inbox config;

    public MessageProcessor(Inbox inbox, MessagingConfig config) {
        this.inbox = inbox;
        this.config = config.inbox();
    }

    /**
     * Processes one record.
     *
     * @param consumer a stable name for the consumer (service and purpose), the inbox's scope
     * @param wanted the types the handler acts on; others are acknowledged without work
     */
    public void process(String consumer, ConsumerRecord<String, String> record, Set<MessageType> wanted,
            Consumer<ReceivedMessage> handler) {
        ReceivedMessage message;
        try {
            message = MessageReader.read(record);
        } catch (MalformedMessageException e) {
            throw deadLetter(consumer, record, e.getMessage(), e);
        }
        if (!wanted.contains(message.type())) {
            return;
        }
        Duration backoff = config.retryBackoff();
        for (int attempt = 1;; attempt++) {
            try {
                QuarkusTransaction.requiringNew().run(() -> {
                    if (inbox.firstDelivery(consumer, message.id(), record.topic())) {
                        handler.accept(message);
                    }
                });
                return;
            } catch (RejectedMessageException | MalformedMessageException e) {
                throw deadLetter(consumer, record, e.getMessage(), e);
            } catch (RuntimeException e) {
                if (attempt >= config.maxAttempts()) {
                    throw deadLetter(consumer, record,
                            "gave up after " + attempt + " attempts: " + describe(e), e);
                }
                LOG.warnf("%s: attempt %d at %s %s failed (%s); retrying", consumer, attempt,
                        message.type().ceType(), message.id(), describe(e));
                pause(backoff);
                backoff = backoff.multipliedBy(2);
            }
        }
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
