package io.sharedfs.testsupport;

import org.testcontainers.containers.PostgreSQLContainer;
import org.testcontainers.kafka.KafkaContainer;

/**
 * The opt-in alternative for hosts with a Docker engine ({@code -Dsharedfs.test.containers=true}):
 * the same Kafka version and a PostgreSQL, in containers started once per JVM.
 */
final class ContainerServers {

    private static KafkaContainer kafka;
    private static PostgreSQLContainer<?> postgres;

    private ContainerServers() {
    }

    static synchronized String kafkaBootstrapServers() {
        if (kafka == null) {
            kafka = new KafkaContainer("apache/kafka:4.1.2");
            kafka.start();
        }
        return kafka.getBootstrapServers();
    }

    static synchronized String newDatabase(String prefix) {
        if (postgres == null) {
            postgres = new PostgreSQLContainer<>("postgres:16-alpine").withUsername("postgres").withPassword("postgres");
            postgres.start();
        }
        String name = prefix.replaceAll("[^a-z0-9_]", "_") + "_" + System.nanoTime();
        try (var connection = postgres.createConnection(""); var statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        } catch (Exception e) {
            throw new IllegalStateException("cannot create database " + name, e);
        }
        return postgres.getJdbcUrl().replaceFirst("/[^/?]+(\\?|$)", "/" + name + "$1");
    }
}
