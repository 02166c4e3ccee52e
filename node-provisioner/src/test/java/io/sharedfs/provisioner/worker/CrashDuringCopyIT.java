package io.sharedfs.provisioner.worker;

import static io.sharedfs.provisioner.TestNodes.HOST;
import static io.sharedfs.provisioner.TestNodes.exists;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sharedfs.contracts.Topics;
import io.sharedfs.contracts.image.ImageLayoutPrepared;
import io.sharedfs.contracts.image.ImageRegistered;
import io.sharedfs.contracts.image.ImageSpec;
import io.sharedfs.contracts.image.ImageStatus;
import io.sharedfs.contracts.node.ImageRef;
import io.sharedfs.contracts.provisioning.NodeProvisioned;
import io.sharedfs.provisioner.TestNodes;
import io.sharedfs.provisioner.TestNodes.NodeEvent;
import io.sharedfs.provisioner.fs.Durable;
import io.sharedfs.provisioner.fs.TestImage;
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
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Killing node-provisioner (kill -9) in the middle of a large copy loses nothing and doubles
 * nothing: no half tree is ever in place, and once started again it cleans the staging leftover,
 * builds the whole tree and runs the hook exactly once. Runs the packaged application.
 */
class CrashDuringCopyIT {

    private static final int DIRECTORIES = 250;
    private static final int FILES_PER_DIRECTORY = 200;
    private static final Duration START = Duration.ofSeconds(120);

    private final List<Process> started = new ArrayList<>();

    @AfterEach
    void stopEveryInstance() throws InterruptedException {
        for (Process process : started) {
            process.destroyForcibly();
            process.waitFor();
        }
    }

    @Test
    void killedDuringALargeCopyTheAgentStartedAgainBuildsTheWholeTreeOnceAndRunsTheHookOnce() throws Exception {
        TestImage.assumeRoot();
        String kafka = EmbeddedKafka.bootstrapServers();
        KafkaTestClient.createTopics(kafka, Topics.ALL, 3);
        String jdbcUrl = EmbeddedPostgres.newDatabase("provisioner_crash");
        Path scratch = TestImage.scratch("crash");
        Path root = largeImage(scratch.resolve("image"));
        long ve = TestNodes.nextVe();
        Path counter = scratch.resolve("hook-runs");
        TestNodes.hook(root, ve, "echo \"$1 $2\" >> " + counter + "\n");
        Path tree = TestNodes.tree(root, ve, 1);
        Path staging = root.resolve("private/.staging");

        Process first = start(kafka, jdbcUrl, scratch.resolve("first.log"));
        ImageSpec image = new ImageSpec(UUID.randomUUID(), "large", root.toString(), HOST, true,
                List.of("/var", "/etc"), List.of(), List.of(), "many small files", 1, ImageStatus.PENDING, null);
        TestEvents.publish(kafka, new ImageRegistered(image));
        TestEvents.await(kafka, ImageLayoutPrepared.class, answer -> answer.imageId().equals(image.imageId()));
        ImageRef ref = TestNodes.ref(root, true);
        TestEvents.publish(kafka, TestNodes.added(ve, 1, 1, ref));

        // Kill it once the copy is under way and far from done.
        await("the copy in the staging directory").atMost(START)
                .pollInterval(Duration.ofMillis(5))
                .failFast("the tree was finished before the agent could be killed; make the image larger",
                        () -> exists(tree))
                .failFast("the first instance died", () -> !first.isAlive())
                .until(() -> copiedDirectories(staging, ve).filter(n -> n >= 5 && n < DIRECTORIES).isPresent());
        first.destroyForcibly();
        first.waitFor();
        int copiedWhenKilled = copiedDirectories(staging, ve).orElseThrow();

        assertFalse(exists(tree), "no half tree is in place after the crash");
        assertTrue(copiedWhenKilled < DIRECTORIES, "killed in the middle of the copy");
        assertEquals(List.of(), TestNodes.lines(counter), "the hook did not run before the crash");

        long restarted = System.nanoTime();
        start(kafka, jdbcUrl, scratch.resolve("second.log"));
        NodeProvisioned provisioned = TestEvents.await(kafka, NodeProvisioned.class,
                event -> event.veId() == ve && event.vemId() == 1).body();
        long seconds = Duration.ofNanos(System.nanoTime() - restarted).toSeconds();

        assertEquals(tree.toString(), provisioned.treePath());
        assertEquals(DIRECTORIES * FILES_PER_DIRECTORY, filesUnder(tree.resolve("var/data")),
                "the tree is complete");
        assertEquals("node\n", Files.readString(tree.resolve("etc/hostname")));
        assertEquals(List.of(ve + " 1"), TestNodes.lines(counter), "the hook ran exactly once");
        List<NodeEvent> events = TestNodes.untilOutcome(kafka, ve, 1, 1);
        assertEquals(1, TestNodes.ofType(events, io.sharedfs.contracts.provisioning.InitVemHookRan.class).size());
        try (Stream<Path> leftovers = Files.list(staging)) {
            assertEquals(List.of(), leftovers.toList(), "the staging leftover of the crash was cleaned");
        }
        System.out.printf("CrashDuringCopyIT: killed with %d of %d directories copied; after the restart the node"
                + " was provisioned in %d s%n", copiedWhenKilled, DIRECTORIES, seconds);
        Durable.deleteTree(scratch);
    }

    /** An image whose /var holds many small files, so copying it takes a few seconds. */
    private static Path largeImage(Path root) throws IOException {
        Files.createDirectories(root.resolve("etc"));
        Files.writeString(root.resolve("etc/hostname"), "node\n");
        Path data = Files.createDirectories(root.resolve("var/data"));
        for (int d = 0; d < DIRECTORIES; d++) {
            Path dir = Files.createDirectory(data.resolve(String.format("d%03d", d)));
            for (int f = 0; f < FILES_PER_DIRECTORY; f++) {
                Files.writeString(dir.resolve(String.format("f%03d", f)), "file " + d + "/" + f + "\n");
            }
        }
        return root;
    }

    /** How many of /var/data's directories the tree being built in staging holds so far. */
    private static Optional<Integer> copiedDirectories(Path staging, long ve) throws IOException {
        if (!Files.isDirectory(staging)) {
            return Optional.empty();
        }
        try (Stream<Path> work = Files.list(staging)) {
            for (Path dir : work.filter(p -> p.getFileName().toString().startsWith(ve + "-1-")).toList()) {
                Path data = dir.resolve("tree/var/data");
                if (Files.isDirectory(data)) {
                    try (Stream<Path> copied = Files.list(data)) {
                        return Optional.of((int) copied.count());
                    }
                }
            }
        }
        return Optional.empty();
    }

    private static long filesUnder(Path dir) throws IOException {
        try (Stream<Path> all = Files.walk(dir)) {
            return all.filter(Files::isRegularFile).count();
        }
    }

    /** Starts the packaged application against the test's broker and database; waits until it is ready. */
    private Process start(String kafka, String jdbcUrl, Path log) throws IOException {
        Path runner = Path.of(System.getProperty("sharedfs.provisioner.runner", "target/quarkus-app/quarkus-run.jar"));
        assertTrue(Files.isRegularFile(runner), runner + " is missing: run the package phase first (mvn verify)");
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m",
                "-Dkafka.bootstrap.servers=" + kafka,
                "-Dquarkus.datasource.jdbc.url=" + jdbcUrl,
                "-Dquarkus.datasource.username=postgres",
                "-Dquarkus.datasource.password=postgres",
                "-Dquarkus.http.port=" + port,
                "-Dquarkus.log.category.\"org.apache.kafka\".level=WARN",
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
}
