package io.sharedfs.image.messaging;

import io.sharedfs.contracts.CloudEventHeaders;
import io.sharedfs.contracts.MessageType;
import io.sharedfs.contracts.SharedfsMessage;
import io.sharedfs.contracts.Topics;
import io.sharedfs.testsupport.KafkaTestClient;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** Reads one image's events back from {@code sharedfs.images}, in the order they were published. */
final class ImageTopic {

    static final Duration WAIT = Duration.ofSeconds(60);

    private ImageTopic() {
    }

    /** One image's events (records keyed by its id) once they satisfy {@code done}. */
    static List<SharedfsMessage> eventsOf(String kafka, String imageId, Predicate<List<SharedfsMessage>> done) {
        List<ConsumerRecord<String, String>> records = KafkaTestClient.readUntil(kafka, Topics.IMAGES, WAIT,
                read -> done.test(bodies(read, imageId)));
        return bodies(records, imageId);
    }

    /** One image's events once one of {@code type} satisfies {@code match}: every event before it is there too. */
    static <T extends SharedfsMessage> List<SharedfsMessage> eventsUntil(String kafka, String imageId, Class<T> type,
            Predicate<T> match) {
        return eventsOf(kafka, imageId,
                events -> events.stream().anyMatch(event -> type.isInstance(event) && match.test(type.cast(event))));
    }

    private static List<SharedfsMessage> bodies(List<ConsumerRecord<String, String>> records, String imageId) {
        return records.stream()
                .filter(record -> imageId.equals(record.key()))
                .map(record -> MessageType.byCeType(KafkaTestClient.header(record, CloudEventHeaders.TYPE))
                        .orElseThrow().read(record.value()))
                .toList();
    }
}
