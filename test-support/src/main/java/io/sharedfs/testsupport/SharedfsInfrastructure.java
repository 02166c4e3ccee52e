package io.sharedfs.testsupport;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.sharedfs.contracts.Topics;
import java.util.Map;

/**
 * Quarkus test resource: a real Kafka broker with every sharedfs topic, and a fresh PostgreSQL
 * database for the application under test. Servers start once per JVM (cheap restarts between
 * test resource sets); {@code -Dsharedfs.test.containers=true} uses Testcontainers instead.
 */
public class SharedfsInfrastructure implements QuarkusTestResourceLifecycleManager {

    /** System property that switches to Testcontainers on a host with a Docker engine. */
    public static final String CONTAINERS = "sharedfs.test.containers";

    /** Partitions per topic in tests: more than one, so per-key ordering is really exercised. */
    public static final int PARTITIONS = 3;

    @Override
    public Map<String, String> start() {
        boolean containers = Boolean.getBoolean(CONTAINERS);
        String kafka = containers ? ContainerServers.kafkaBootstrapServers() : EmbeddedKafka.bootstrapServers();
        KafkaTestClient.createTopics(kafka, Topics.ALL, PARTITIONS);
        String jdbcUrl = containers ? ContainerServers.newDatabase("app") : EmbeddedPostgres.newDatabase("app");
        return Map.of(
                "kafka.bootstrap.servers", kafka,
                "quarkus.datasource.jdbc.url", jdbcUrl,
                "quarkus.datasource.username", "postgres",
                "quarkus.datasource.password", "postgres");
    }

    @Override
    public void stop() {
        // Servers outlive one application: the next test resource set reuses them.
    }
}
