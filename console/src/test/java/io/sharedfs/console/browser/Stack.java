package io.sharedfs.console.browser;

import io.sharedfs.contracts.Topics;
import io.sharedfs.testsupport.EmbeddedKafka;
import io.sharedfs.testsupport.EmbeddedPostgres;
import io.sharedfs.testsupport.KafkaTestClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The whole system for the browser tests, the way it runs for real: a Kafka broker and PostgreSQL (test-support), and
 * the four packaged services and the packaged console as processes of their own ({@code java -jar
 * <module>/target/quarkus-app/quarkus-run.jar}), each on a free port, its log in {@code target/it-logs/}.
 */
final class Stack implements AutoCloseable {

    static final List<String> SERVICES = List.of("image-service", "ve-service", "node-provisioner", "nfs-exporter");
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(240);

    private final Path root;
    private final Path target;
    private final Path logs;
    private final List<String> jvmOptions;
    private final Map<String, Process> processes = new LinkedHashMap<>();
    private final Map<String, Integer> ports = new LinkedHashMap<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private String bootstrapServers;

    private Stack(Path root, Path target) {
        this.root = root;
        this.target = target;
        this.logs = target.resolve("it-logs");
        String jvm = System.getProperty("sharedfs.console.it.service-jvm", "-Xmx320m -XX:+UseSerialGC");
        this.jvmOptions = Arrays.stream(jvm.trim().split("\\s+")).filter(s -> !s.isEmpty()).toList();
    }

    static Path rootDir() {
        return Path.of(System.getProperty("sharedfs.console.it.root", "..")).toAbsolutePath().normalize();
    }

    static Path targetDir() {
        return Path.of(System.getProperty("sharedfs.console.it.target", "target")).toAbsolutePath().normalize();
    }

    /** Starts everything and waits until each process answers ready. */
    static Stack start() {
        Stack stack = new Stack(rootDir(), targetDir());
        try {
            stack.startAll();
            return stack;
        } catch (RuntimeException | Error e) {
            stack.close();
            throw e;
        }
    }

    String url(String name) {
        return "http://localhost:" + ports.get(name);
    }

    String consoleUrl() {
        return url("console");
    }

    String bootstrapServers() {
        return bootstrapServers;
    }

    Path imagesDir() {
        return target.resolve("it-images");
    }

    private void startAll() {
        try {
            Files.createDirectories(logs);
            Files.createDirectories(imagesDir());
            Files.createDirectories(target.resolve("it-exports"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (String module : append(SERVICES, "console")) {
            Path jar = jar(module);
            if (!Files.isRegularFile(jar)) {
                throw new IllegalStateException(jar + " is missing: package " + module + " first (mvn -B verify -pl"
                        + " console -am builds the services before the console)");
            }
        }
        bootstrapServers = EmbeddedKafka.bootstrapServers();
        KafkaTestClient.createTopics(bootstrapServers, Topics.ALL, 3);
        for (String service : SERVICES) {
            ports.put(service, freePort());
            Map<String, String> env = new LinkedHashMap<>();
            env.put("QUARKUS_HTTP_PORT", Integer.toString(ports.get(service)));
            env.put("KAFKA_BOOTSTRAP_SERVERS", bootstrapServers);
            env.put("QUARKUS_DATASOURCE_JDBC_URL", EmbeddedPostgres.newDatabase("console_it_"
                    + service.replace('-', '_')));
            env.put("QUARKUS_DATASOURCE_USERNAME", "postgres");
            env.put("QUARKUS_DATASOURCE_PASSWORD", "postgres");
            env.put("SHAREDFS_EXPORTER_APPLY_COMMAND", "skip");
            env.put("SHAREDFS_EXPORTER_EXPORTS_DIR", target.resolve("it-exports").toString());
            start(service, env);
        }
        ports.put("console", freePort());
        Map<String, String> env = new LinkedHashMap<>();
        env.put("QUARKUS_HTTP_PORT", Integer.toString(ports.get("console")));
        env.put("KAFKA_BOOTSTRAP_SERVERS", bootstrapServers);
        env.put("SHAREDFS_CONSOLE_IMAGE_SERVICE_URL", url("image-service"));
        env.put("SHAREDFS_CONSOLE_VE_SERVICE_URL", url("ve-service"));
        env.put("SHAREDFS_CONSOLE_NODE_PROVISIONER_URL", url("node-provisioner"));
        env.put("SHAREDFS_CONSOLE_NFS_EXPORTER_URL", url("nfs-exporter"));
        start("console", env);
        for (String name : processes.keySet()) {
            waitReady(name);
        }
    }

    /**
     * A module's packaged application; {@code -Dsharedfs.console.it.apps=DIR} runs the services from copies in
     * {@code DIR/<module>/quarkus-app} instead (for running the tests while those modules are being rebuilt).
     */
    private Path jar(String module) {
        String apps = System.getProperty("sharedfs.console.it.apps", "");
        if (!apps.isBlank() && !module.equals("console")) {
            return Path.of(apps).toAbsolutePath().resolve(module).resolve("quarkus-app/quarkus-run.jar");
        }
        return root.resolve(module).resolve("target/quarkus-app/quarkus-run.jar");
    }

    private void start(String name, Map<String, String> env) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.add("-Dconsole-it.process=" + name);
        command.add("-Djava.io.tmpdir=" + target);
        command.add("-jar");
        command.add(jar(name).toString());
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(target.toFile())
                .redirectErrorStream(true)
                .redirectOutput(logs.resolve(name + ".log").toFile());
        builder.environment().putAll(env);
        try {
            processes.put(name, builder.start());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name, e);
        }
    }

    private void waitReady(String name) {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        URI health = URI.create(url(name) + "/q/health/ready");
        while (true) {
            Process process = processes.get(name);
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + " before it was ready;"
                        + " its log " + logs.resolve(name + ".log") + " ends with:\n" + tail(name));
            }
            try {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(health)
                        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(name + " not ready after " + READY_TIMEOUT.toSeconds() + " s; its log"
                        + " ends with:\n" + tail(name));
            }
            sleep(250);
        }
    }

    String tail(String name) {
        try {
            List<String> lines = Files.readAllLines(logs.resolve(name + ".log"), StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** Stops the console first, then the services (SIGTERM, then SIGKILL after 20 s). */
    @Override
    public void close() {
        List<String> names = new ArrayList<>(processes.keySet());
        java.util.Collections.reverse(names);
        for (String name : names) {
            processes.get(name).destroy();
        }
        for (String name : names) {
            Process process = processes.get(name);
            try {
                if (!process.waitFor(20, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
        }
        processes.clear();
    }

    private static List<String> append(List<String> list, String item) {
        List<String> all = new ArrayList<>(list);
        all.add(item);
        return all;
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
