package io.sharedfs.messaging.inbox;

import static io.smallrye.reactive.messaging.kafka.fault.KafkaDeadLetterQueue.DEAD_LETTER_CAUSE;
import static io.smallrye.reactive.messaging.kafka.fault.KafkaDeadLetterQueue.DEAD_LETTER_CAUSE_CLASS_NAME;
import static io.smallrye.reactive.messaging.kafka.fault.KafkaDeadLetterQueue.DEAD_LETTER_EXCEPTION_CLASS_NAME;
import static io.smallrye.reactive.messaging.kafka.fault.KafkaDeadLetterQueue.DEAD_LETTER_OFFSET;
import static io.smallrye.reactive.messaging.kafka.fault.KafkaDeadLetterQueue.DEAD_LETTER_PARTITION;
import static io.smallrye.reactive.messaging.kafka.fault.KafkaDeadLetterQueue.DEAD_LETTER_REASON;
import static io.smallrye.reactive.messaging.kafka.fault.KafkaDeadLetterQueue.DEAD_LETTER_TOPIC;

import io.sharedfs.messaging.config.MessagingConfig;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Puts a record of a batch on the dead-letter topic with the same headers as the connector's own
 * dead-letter queue, so operators read one format whichever way a record got there. It waits for
 * the broker and tries again until the record is there: the batch is acknowledged only after.
 */
@ApplicationScoped
public class DeadLetters {

    private static final Logger LOG = Logger.getLogger(DeadLetters.class);

    private final MutinyEmitter<String> emitter;
    private final MessagingConfig.Inbox config;

    public DeadLetters(@Channel("sharedfs-dead-letters") MutinyEmitter<String> emitter, MessagingConfig config) {
        this.emitter = emitter;
        this.config = config.inbox();
    }

    /** Sends a copy of the record, with the reason, and returns once the broker has it. */
    public void send(ConsumerRecord<String, String> record, DeadLetterException failure) {
        Message<String> message = toMessage(record, failure);
        Duration backoff = config.retryBackoff();
        while (true) {
            try {
                emitter.sendMessageAndAwait(message);
                return;
            } catch (RuntimeException e) {
                LOG.warnf("Cannot dead-letter %s-%d@%d yet (%s); trying again", record.topic(), record.partition(),
                        record.offset(), e.getMessage());
                pause(backoff);
                backoff = backoff.multipliedBy(2).compareTo(Duration.ofSeconds(10)) > 0 ? Duration.ofSeconds(10)
                        : backoff.multipliedBy(2);
            }
        }
    }

    private static Message<String> toMessage(ConsumerRecord<String, String> record, DeadLetterException failure) {
        RecordHeaders headers = new RecordHeaders();
        for (Header header : record.headers()) {
            headers.add(header);
        }
        header(headers, DEAD_LETTER_REASON, failure.getMessage());
        header(headers, DEAD_LETTER_EXCEPTION_CLASS_NAME, failure.getClass().getName());
        Throwable cause = failure.getCause();
        if (cause != null) {
            header(headers, DEAD_LETTER_CAUSE, String.valueOf(cause.getMessage()));
            header(headers, DEAD_LETTER_CAUSE_CLASS_NAME, cause.getClass().getName());
        }
        header(headers, DEAD_LETTER_TOPIC, record.topic());
        header(headers, DEAD_LETTER_PARTITION, Integer.toString(record.partition()));
        header(headers, DEAD_LETTER_OFFSET, Long.toString(record.offset()));
        OutgoingKafkaRecordMetadata<String> metadata = OutgoingKafkaRecordMetadata.<String>builder()
                .withKey(record.key())
                .withHeaders(headers)
                .build();
        return Message.of(record.value()).addMetadata(metadata);
    }

    private static void header(RecordHeaders headers, String name, String value) {
        headers.remove(name);
        headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while dead-lettering", e);
        }
    }
}
