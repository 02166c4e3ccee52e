package io.sharedfs.systemtests.harness;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One service instance as an operating-system process of its own ({@code java -jar}), on its own
 * port, configured through system properties, its output appended to its own log file. It can be
 * killed as a crash would ({@code kill -9}) and started again with the same configuration.
 */
public final class ServiceProcess {

    /** How long a service may take to answer ready; generous, the machine may be busy. */
    public static final Duration START_TIMEOUT = Duration.ofSeconds(180);

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final String name;
    private final Service service;
    private final int port;
    private final Path log;
    private final Map<String, String> properties;
    private Process process;
    private int starts;

    ServiceProcess(String name, Service service, int port, Path log, Map<String, String> properties) {
        this.name = name;
        this.service = service;
        this.port = port;
        this.log = log;
        this.properties = new LinkedHashMap<>(properties);
        this.properties.put("quarkus.http.port", Integer.toString(port));
    }

    public String name() {
        return name;
    }

    public Service service() {
        return service;
    }

    public int port() {
        return port;
    }

    public String baseUrl() {
        return "http://localhost:" + port;
    }

    public Path log() {
        return log;
    }

    /** How many times this instance was started. */
    public int starts() {
        return starts;
    }

    public boolean isAlive() {
        return process != null && process.isAlive();
    }

    public long pid() {
        if (process == null) {
            throw new IllegalStateException(name + " is not running");
        }
        return process.pid();
    }

    /** A REST client of this instance, as the given user (password = user name: the dev users). */
    public Api api(String user) {
        return new Api(baseUrl(), user, user);
    }

    /** Starts the process; does not wait for it to be ready (see {@link #awaitReady()}). */
    public synchronized void start() {
        if (isAlive()) {
            throw new IllegalStateException(name + " is already running");
        }
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions());
        properties.forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.add("-jar");
        command.add(service.runner().toString());
        try {
            Files.createDirectories(log.getParent());
            starts++;
            Files.writeString(log, String.format("%n===== system tests: start %d of %s at %s =====%n", starts, name,
                    Instant.now()), StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name, e);
        }
    }

    /** Waits until {@code /q/health/ready} answers 200 (database and broker reachable, channels up). */
    public void awaitReady() {
        Process started = process;
        if (started == null) {
            throw new IllegalStateException(name + " was not started");
        }
        HttpRequest ready = HttpRequest.newBuilder(URI.create(baseUrl() + "/q/health/ready"))
                .timeout(Duration.ofSeconds(5)).build();
        await(name + " ready on port " + port + " (log: " + log + ")")
                .atMost(START_TIMEOUT)
                .pollInterval(Duration.ofMillis(250))
                .failFast(name + " exited before it was ready; see " + log, () -> !started.isAlive())
                .ignoreExceptions()
                .until(() -> HTTP.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200);
    }

    /** {@code kill -9}: the process dies at once, whatever it was doing; returns once it is gone. */
    public synchronized void kill() {
        if (process == null) {
            return;
        }
        process.destroyForcibly();
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException(name + " (pid " + process.pid() + ") survived SIGKILL for 60 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        appendToLog(String.format("%n===== system tests: killed %s (kill -9) at %s =====%n", name, Instant.now()));
        process = null;
    }

    /** Kills the process ({@code kill -9}), starts it again with the same configuration and waits until ready. */
    public void restart() {
        kill();
        start();
        awaitReady();
    }

    private void appendToLog(String text) {
        try {
            Files.writeString(log, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            // Only a marker for whoever reads the log.
        }
    }

    private static List<String> jvmOptions() {
        String options = System.getProperty("sharedfs.systemtests.service-jvm",
                "-Xmx384m -XX:+UseSerialGC -XX:TieredStopAtLevel=1");
        List<String> list = new ArrayList<>(Arrays.stream(options.trim().split("\\s+")).filter(s -> !s.isEmpty())
                .toList());
        // The services' temporary files stay in the build directory too.
        list.add("-Djava.io.tmpdir=" + System.getProperty("java.io.tmpdir"));
        return list;
    }

    @Override
    public String toString() {
        return name + " (port " + port + (isAlive() ? ", pid " + process.pid() : ", not running") + ")";
    }
}
