package io.sharedfs.messaging.liveness;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.sharedfs.contracts.Topics;
import io.sharedfs.testsupport.SharedfsInfrastructure;
import io.smallrye.reactive.messaging.kafka.KafkaClientService;
import jakarta.inject.Inject;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.Test;

/**
 * The consumer defaults every service gets from this module let a group get over a member that
 * died without leaving (kill -9) in about 10 s instead of Kafka's 45 s, and the brokers accept them.
 */
@QuarkusTest
@WithTestResource(SharedfsInfrastructure.class)
class ConsumerLivenessTest {

    private static final Logger LOG = Logger.getLogger(ConsumerLivenessTest.class);

    @Inject
    KafkaClientService clients;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String kafka;

    @ConfigProperty(name = "mp.messaging.connector.smallrye-kafka.session.timeout.ms")
    String sessionTimeout;

    @ConfigProperty(name = "mp.messaging.connector.smallrye-kafka.heartbeat.interval.ms")
    String heartbeat;

    @Test
    void everyConsumerChannelHasTheShortSessionAndTheBrokerAcceptsIt() {
        Map<String, ?> config = clients.getConsumer("test-in").configuration();

        assertEquals("10000", String.valueOf(config.get("session.timeout.ms")));
        assertEquals("3000", String.valueOf(config.get("heartbeat.interval.ms")));
        // A session timeout the broker refuses would fail the join: the channel would never get partitions.
        await().atMost(Duration.ofSeconds(60)).until(() -> !clients.getConsumer("test-in").getAssignments().await()
                .atMost(Duration.ofSeconds(10)).isEmpty());
    }

    @Test
    void aMemberKilledWithSigkillLosesItsPartitionsToTheSurvivorWithinAboutTheSessionTimeout() throws Exception {
        String group = "liveness-" + UUID.randomUUID();
        Process member = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), GroupMemberMain.class.getName(), kafka, Topics.NODES,
                group, sessionTimeout, heartbeat).redirectErrorStream(true).start();
        try {
            BufferedReader output = new BufferedReader(new InputStreamReader(member.getInputStream(),
                    StandardCharsets.UTF_8));
            CompletableFuture<String> assigned = CompletableFuture.supplyAsync(() -> {
                try {
                    String line;
                    while ((line = output.readLine()) != null) {
                        if (line.startsWith("assigned ")) {
                            return line;
                        }
                    }
                    return "exited";
                } catch (java.io.IOException e) {
                    return e.toString();
                }
            });
            assertTrue(assigned.get(60, TimeUnit.SECONDS).startsWith("assigned "), "the member never got partitions");

            try (KafkaConsumer<String, String> survivor = new KafkaConsumer<>(
                    GroupMemberMain.config(kafka, group, sessionTimeout, heartbeat))) {
                survivor.subscribe(List.of(Topics.NODES));
                int partitions = survivor.partitionsFor(Topics.NODES).size();
                // Both members share the partitions, then the first dies without a word.
                pollUntil(survivor, () -> !survivor.assignment().isEmpty()
                        && survivor.assignment().size() < partitions, Duration.ofSeconds(60));
                member.destroyForcibly();
                member.waitFor(10, TimeUnit.SECONDS);
                long killed = System.nanoTime();

                pollUntil(survivor, () -> survivor.assignment().size() == partitions, Duration.ofSeconds(40));
                long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - killed);
                LOG.infof("the survivor got every partition %d s after the kill (session.timeout.ms=%s)", seconds,
                        sessionTimeout);
                // Kafka's default session (45 s) would still hold them; 10 s plus a rebalance does not.
                assertTrue(seconds < 30, "the survivor got every partition " + seconds + " s after the kill");
            }
        } finally {
            member.destroyForcibly();
        }
    }

    private static void pollUntil(KafkaConsumer<String, String> consumer, java.util.function.BooleanSupplier done,
            Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + timeout + "; assignment " + consumer.assignment());
            }
            consumer.poll(Duration.ofMillis(200));
        }
    }
}
