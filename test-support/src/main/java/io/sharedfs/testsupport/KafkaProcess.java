package io.sharedfs.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;

/**
 * A real KRaft Kafka broker as its own operating-system process, on a fixed port, so a test can
 * kill it and start it again on the same address with the same data (what an outage looks like
 * to a service). Runs {@code kafka.Kafka} from the test class path.
 */
public final class KafkaProcess implements AutoCloseable {

    private final Path directory;
    private final int port;
    private final int controllerPort;
    private Process process;

    private KafkaProcess(Path directory, int port, int controllerPort) {
        this.directory = directory;
        this.port = port;
        this.controllerPort = controllerPort;
    }

    /** Formats a new log directory under {@code parent} and starts the broker. */
    public static KafkaProcess start(Path parent) {
        try {
            Path directory = Files.createTempDirectory(parent, "kafka-process-");
            KafkaProcess kafka = new KafkaProcess(directory, freePort(), freePort());
            kafka.writeConfig();
            kafka.format();
            kafka.startProcess();
            return kafka;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String bootstrapServers() {
        return "localhost:" + port;
    }

    /** Kills the broker at once, as a crash would ({@code kill -9}). */
    public void kill() {
        if (process != null) {
            process.destroyForcibly();
            waitFor(process);
            process = null;
        }
    }

    /** Starts the broker again on the same port with the same data. */
    public void restart() {
        kill();
        startProcess();
    }

    @Override
    public void close() {
        kill();
    }

    private void writeConfig() throws IOException {
        try (Writer writer = Files.newBufferedWriter(directory.resolve("server.properties"))) {
            writer.write(String.join("\n",
                    "process.roles=broker,controller",
                    "node.id=1",
                    "controller.quorum.voters=1@localhost:" + controllerPort,
                    "listeners=PLAINTEXT://localhost:" + port + ",CONTROLLER://localhost:" + controllerPort,
                    "advertised.listeners=PLAINTEXT://localhost:" + port,
                    "controller.listener.names=CONTROLLER",
                    "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
                    "inter.broker.listener.name=PLAINTEXT",
                    "log.dirs=" + directory.resolve("data"),
                    "num.partitions=3",
                    "auto.create.topics.enable=false",
                    "group.initial.rebalance.delay.ms=0",
                    "offsets.topic.replication.factor=1",
                    "offsets.topic.num.partitions=5",
                    "transaction.state.log.replication.factor=1",
                    "transaction.state.log.min.isr=1",
                    "share.coordinator.state.topic.replication.factor=1",
                    "share.coordinator.state.topic.min.isr=1",
                    ""));
        }
    }

    private void format() {
        Process formatter = java("kafka.tools.StorageTool", "format", "-t", clusterId(), "-c",
                directory.resolve("server.properties").toString(), "--ignore-formatted");
        if (waitFor(formatter) != 0) {
            throw new IllegalStateException("kafka storage format failed; see " + directory.resolve("format.log"));
        }
    }

    private static String clusterId() {
        // A Kafka cluster id is 16 bytes in URL-safe base64 without padding. One starting with '-'
        // would be read by the storage tool as an option ("expected one argument"): draw again.
        while (true) {
            UUID uuid = UUID.randomUUID();
            java.nio.ByteBuffer bytes = java.nio.ByteBuffer.allocate(16);
            bytes.putLong(uuid.getMostSignificantBits()).putLong(uuid.getLeastSignificantBits());
            String id = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(bytes.array());
            if (!id.startsWith("-")) {
                return id;
            }
        }
    }

    private void startProcess() {
        process = java("kafka.Kafka", directory.resolve("server.properties").toString());
        Awaitility.await("Kafka process listening on " + port)
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> listening(port));
    }

    private Process java(String mainClass, String... args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx512m");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(mainClass);
        command.addAll(List.of(args));
        String log = mainClass.equals("kafka.Kafka") ? "broker.log" : "format.log";
        try {
            return new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(directory.resolve(log).toFile()))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + mainClass, e);
        }
    }

    private static int waitFor(Process process) {
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("process did not finish in 60 s");
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static boolean listening(int port) {
        try (Socket socket = new Socket("localhost", port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
    }
}
