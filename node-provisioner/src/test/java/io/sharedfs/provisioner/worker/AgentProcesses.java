package io.sharedfs.provisioner.worker;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sharedfs.contracts.Topics;
import io.sharedfs.contracts.image.ImageLayoutPrepared;
import io.sharedfs.contracts.image.ImageRegistered;
import io.sharedfs.contracts.image.ImageSpec;
import io.sharedfs.contracts.image.ImageStatus;
import io.sharedfs.provisioner.TestNodes;
import io.sharedfs.testsupport.EmbeddedKafka;
import io.sharedfs.testsupport.EmbeddedPostgres;
import io.sharedfs.testsupport.KafkaTestClient;
import io.sharedfs.testsupport.TestEvents;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The packaged node-provisioner run as processes of their own against the test JVM's real broker
 * and a fresh database, so a test can kill one (kill -9) and start another on the same state.
 */
final class AgentProcesses implements AutoCloseable {

    private static final Duration START = Duration.ofSeconds(120);

    private final String kafka = EmbeddedKafka.bootstrapServers();
    private final String jdbcUrl;
    private final List<Process> started = new ArrayList<>();

    AgentProcesses() {
        KafkaTestClient.createTopics(kafka, Topics.ALL, 3);
        jdbcUrl = EmbeddedPostgres.newDatabase("provisioner_it");
    }

    String kafka() {
        return kafka;
    }

    /** Starts an instance, its output in {@code log}; returns once it is ready. */
    Process start(Path log) throws IOException {
        Path runner = Path.of(System.getProperty("sharedfs.provisioner.runner", "target/quarkus-app/quarkus-run.jar"));
        assertTrue(Files.isRegularFile(runner), runner + " is missing: run the package phase first (mvn verify)");
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                // Quick to start on a busy build machine; the test measures nothing.
                "-Xmx512m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-Dkafka.bootstrap.servers=" + kafka,
                "-Dquarkus.datasource.jdbc.url=" + jdbcUrl,
                "-Dquarkus.datasource.username=postgres",
                "-Dquarkus.datasource.password=postgres",
                "-Dquarkus.http.port=" + port,
                "-Dquarkus.log.category.\"org.apache.kafka\".level=WARN",
                // A killed instance stays in its consumer group until its session times out (45 s by
                // default): the next instance gets the partitions only then. Short, for the test.
                "-Dmp.messaging.connector.smallrye-kafka.session.timeout.ms=6000",
                "-Dmp.messaging.connector.smallrye-kafka.heartbeat.interval.ms=1000",
                "-Dsharedfs.provisioner.workers=2",
                "-Dsharedfs.provisioner.hook.timeout=60s",
                "-jar", runner.toAbsolutePath().toString())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        started.add(process);
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest ready = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/q/health/ready")).build();
        await("node-provisioner ready, see " + log).atMost(START)
                .pollInterval(Duration.ofMillis(200))
                .failFast("node-provisioner exited, see " + log, () -> !process.isAlive())
                .ignoreExceptions()
                .until(() -> http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200);
        return process;
    }

    /** Where an instance's output goes: kept in target/ after the run, for reading when a test fails. */
    static Path log(String name) throws IOException {
        return Files.createDirectories(Path.of("target", "it-logs")).resolve(name + ".log");
    }

    /** Kills an instance the hard way: no shutdown hook, no cleanup, like a crash or a power cut. */
    static void crash(Process process) throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    /** Registers a shared image on this storage host, as image-service would, and waits for the answer. */
    void registerSharedImage(Path root) {
        ImageSpec image = new ImageSpec(UUID.randomUUID(), root.getFileName().toString(), root.toString(),
                TestNodes.HOST, true, List.of("/var", "/etc"), List.of(), List.of(), "an image", 1,
                ImageStatus.PENDING, null);
        TestEvents.publish(kafka, new ImageRegistered(image));
        TestEvents.await(kafka, ImageLayoutPrepared.class, answer -> answer.imageId().equals(image.imageId()));
    }

    @Override
    public void close() throws InterruptedException {
        for (Process process : started) {
            crash(process);
        }
    }
}
