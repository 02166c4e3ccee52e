package io.sharedfs.messaging.liveness;

import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * A consumer group member in a process of its own, so a test can kill it with SIGKILL: it joins
 * {@code group} on {@code topic} with the given session timeout and heartbeat interval, prints
 * "assigned N" whenever it gets partitions, and polls until it is killed.
 *
 * <p>Arguments: bootstrap servers, topic, group, session.timeout.ms, heartbeat.interval.ms.
 */
public final class GroupMemberMain {

    private GroupMemberMain() {
    }

    public static void main(String[] args) {
        Properties config = GroupMemberMain.config(args[0], args[2], args[3], args[4]);
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config)) {
            consumer.subscribe(List.of(args[1]), new ConsumerRebalanceListener() {
                @Override
                public void onPartitionsRevoked(java.util.Collection<TopicPartition> partitions) {
                }

                @Override
                public void onPartitionsAssigned(java.util.Collection<TopicPartition> partitions) {
                    System.out.println("assigned " + partitions.size());
                    System.out.flush();
                }
            });
            while (true) {
                consumer.poll(Duration.ofMillis(200));
            }
        }
    }

    static Properties config(String bootstrapServers, String group, String sessionTimeout, String heartbeat) {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        config.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, sessionTimeout);
        config.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, heartbeat);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        return config;
    }
}
