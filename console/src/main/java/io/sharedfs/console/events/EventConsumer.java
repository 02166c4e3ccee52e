package io.sharedfs.console.events;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.sharedfs.console.config.ConsoleConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.eclipse.microprofile.config.Config;
import org.jboss.logging.Logger;

/**
 * Reads every sharedfs topic from the beginning into the {@link EventFeed}, on a thread of its own. A group of its
 * own per console instance (nothing committed), so each console sees every event and none takes events from a
 * service. Topics created later are picked up too.
 */
@ApplicationScoped
public class EventConsumer {

    private static final Logger LOG = Logger.getLogger(EventConsumer.class);
    private static final Pattern TOPICS = Pattern.compile("sharedfs\\..+");
    private static final Duration CONTACT_EVERY = Duration.ofSeconds(10);

    private final EventFeed feed;
    private final ConsoleConfig config;
    private final Config rawConfig;
    private volatile boolean running;
    private volatile KafkaConsumer<String, String> consumer;
    private volatile Instant lastContact;
    private volatile String lastError;
    private Thread thread;

    public EventConsumer(EventFeed feed, ConsoleConfig config, Config rawConfig) {
        this.feed = feed;
        this.config = config;
        this.rawConfig = rawConfig;
    }

    void start(@Observes StartupEvent event) {
        if (!config.events().enabled()) {
            LOG.info("the audit feed is off (sharedfs.console.events.enabled=false)");
            return;
        }
        running = true;
        thread = new Thread(this::run, "sharedfs-console-events");
        thread.setDaemon(true);
        thread.start();
    }

    void stop(@Observes ShutdownEvent event) {
        running = false;
        KafkaConsumer<String, String> current = consumer;
        if (current != null) {
            current.wakeup();
        }
        if (thread != null) {
            try {
                thread.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    public boolean enabled() {
        return config.events().enabled();
    }

    /** When the broker last answered a metadata request, if ever. */
    public Optional<Instant> lastContact() {
        return Optional.ofNullable(lastContact);
    }

    public Optional<String> lastError() {
        return Optional.ofNullable(lastError);
    }

    private void run() {
        String group = "sharedfs-console-" + UUID.randomUUID();
        while (running) {
            Properties properties = KafkaSettings.consumer(rawConfig.getPropertyNames(),
                    name -> rawConfig.getOptionalValue(name, String.class).orElse(null), group);
            try (KafkaConsumer<String, String> kafka = new KafkaConsumer<>(properties)) {
                consumer = kafka;
                kafka.subscribe(TOPICS);
                Instant nextContact = Instant.EPOCH;
                while (running) {
                    if (Instant.now().isAfter(nextContact)) {
                        kafka.listTopics(Duration.ofSeconds(5));
                        lastContact = Instant.now();
                        lastError = null;
                        nextContact = lastContact.plus(CONTACT_EVERY);
                    }
                    for (ConsumerRecord<String, String> record : kafka.poll(Duration.ofMillis(500))) {
                        try {
                            feed.publish(EventReader.read(record));
                        } catch (RuntimeException e) {
                            LOG.warnf(e, "cannot show record %s-%d@%d in the audit feed", record.topic(),
                                    record.partition(), record.offset());
                        }
                    }
                }
            } catch (WakeupException e) {
                // stopping
            } catch (RuntimeException e) {
                lastError = e.getMessage();
                LOG.warnf("the audit feed lost Kafka (%s); trying again in 2 s", e.getMessage());
                pause();
            } finally {
                consumer = null;
            }
        }
    }

    private void pause() {
        try {
            Thread.sleep(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }
}
