package io.sharedfs.devstack;

import io.sharedfs.contracts.Topics;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * Creates every topic of {@link Topics#ALL} that does not exist yet (the broker does not auto-create topics), then
 * checks that all of them are there. Waits for the broker to answer first, up to a timeout. Idempotent: a topic that
 * exists is left as it is (a partition count different from the one asked for is reported, not changed).
 *
 * <p>Usage: {@code TopicsMain --bootstrap-servers localhost:9092 [--partitions 6] [--timeout 120]}
 */
public final class TopicsMain {

    private TopicsMain() {
    }

    public static void main(String[] argv) throws Exception {
        Args args = Args.parse("TopicsMain", argv);
        String bootstrapServers = args.required("bootstrap-servers");
        int partitions = args.intValue("partitions", 6);
        short replicationFactor = (short) args.intValue("replication-factor", 1);
        Instant deadline = Instant.now().plusSeconds(args.intValue("timeout", 120));

        Properties config = new Properties();
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(AdminClientConfig.CLIENT_ID_CONFIG, "sharedfs-devstack-topics");
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000");
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "10000");

        try (Admin admin = Admin.create(config)) {
            Exception last = null;
            while (Instant.now().isBefore(deadline)) {
                try {
                    ensureTopics(admin, partitions, replicationFactor);
                    return;
                } catch (ExecutionException | TimeoutException e) {
                    last = e;
                    log("broker not ready yet (" + rootCause(e) + "); retrying");
                    TimeUnit.MILLISECONDS.sleep(500);
                }
            }
            log("FAILED: topics not created on " + bootstrapServers + " before the timeout; last error: "
                    + (last == null ? "none" : rootCause(last)));
            System.exit(1);
        }
    }

    private static void ensureTopics(Admin admin, int partitions, short replicationFactor)
            throws ExecutionException, InterruptedException, TimeoutException {
        Set<String> existing = admin.listTopics().names().get(10, TimeUnit.SECONDS);
        List<NewTopic> missing = new ArrayList<>();
        for (String topic : Topics.ALL) {
            if (!existing.contains(topic)) {
                missing.add(new NewTopic(topic, partitions, replicationFactor));
            }
        }
        if (!missing.isEmpty()) {
            for (Map.Entry<String, org.apache.kafka.common.KafkaFuture<Void>> result
                    : admin.createTopics(missing).values().entrySet()) {
                try {
                    result.getValue().get(10, TimeUnit.SECONDS);
                    log("created topic " + result.getKey() + " (" + partitions + " partitions)");
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw e;
                    }
                }
            }
        }
        Map<String, TopicDescription> described = admin.describeTopics(Topics.ALL).allTopicNames()
                .get(10, TimeUnit.SECONDS);
        for (TopicDescription description : described.values()) {
            if (description.partitions().size() != partitions) {
                log("note: topic " + description.name() + " exists with " + description.partitions().size()
                        + " partitions (not " + partitions + "); left as it is");
            }
        }
        log("topics ready: " + described.size() + " of " + Topics.ALL.size() + " (" + String.join(", ", Topics.ALL)
                + ")");
    }

    private static String rootCause(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause.getClass().getSimpleName() + ": " + cause.getMessage();
    }

    private static void log(String message) {
        System.out.println(java.time.LocalDateTime.now().withNano(0) + " [topics] " + message);
        System.out.flush();
    }
}
