package io.sharedfs.console.events;

import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * The audit consumer's Kafka configuration: every {@code kafka.*} option (as for the services, e.g.
 * {@code kafka.bootstrap.servers}, {@code kafka.security.protocol}, {@code kafka.sasl.jaas.config}, also as
 * {@code KAFKA_*} environment variables), then what the feed needs: a group of its own, from the beginning, no
 * commits.
 */
public final class KafkaSettings {

    private KafkaSettings() {
    }

    /**
     * @param names every configuration property name (dotted or environment style)
     * @param value the configured value of a dotted name, or null
     */
    public static Properties consumer(Iterable<String> names, Function<String, String> value, String groupId) {
        Map<String, String> options = new TreeMap<>();
        for (String name : names) {
            String dotted = dotted(name);
            if (dotted == null) {
                continue;
            }
            String text = value.apply(dotted);
            if (text != null && !text.isBlank()) {
                options.put(dotted.substring("kafka.".length()), text);
            }
        }
        Properties config = new Properties();
        config.putAll(options);
        config.putIfAbsent(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:9092");
        config.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        config.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, groupId);
        return config;
    }

    /** {@code kafka.a.b} as it is, {@code KAFKA_A_B} as {@code kafka.a.b}; null for anything else. */
    static String dotted(String name) {
        if (name.startsWith("kafka.") && name.length() > "kafka.".length()) {
            return name;
        }
        if (name.startsWith("KAFKA_") && name.length() > "KAFKA_".length() && name.equals(name.toUpperCase(Locale.ROOT))) {
            return name.toLowerCase(Locale.ROOT).replace('_', '.');
        }
        return null;
    }
}
