package io.sharedfs.devstack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code ./sharedfs demo} end to end, as a user runs it: the launcher starts PostgreSQL, Kafka and the four packaged
 * services (in a work directory of its own under target/, on free ports), the demo drives them through REST and
 * reads the topics; run twice, as re-running must work; a small {@code ./sharedfs bench --all}; then
 * {@code ./sharedfs down} and nothing of it keeps running.
 * The launcher's output is in {@code target/demo-it/*.log}, the processes' logs in {@code target/demo-it/home/logs}.
 */
class DemoIT {

    private static final Path REPOSITORY = Path.of(System.getProperty("sharedfs.repository", "..")).toAbsolutePath()
            .normalize();
    private static final Path WORK = Path.of(System.getProperty("sharedfs.demo-it.home", "target/demo-it"))
            .toAbsolutePath().normalize();
    private static final Path HOME = WORK.resolve("home");
    private static Map<String, String> environment;

    @BeforeAll
    static void freshWorkDirectoryAndFreePorts() throws IOException, InterruptedException {
        for (String service : List.of("image-service", "ve-service", "node-provisioner", "nfs-exporter")) {
            assertTrue(Files.isRegularFile(REPOSITORY.resolve(service + "/target/quarkus-app/quarkus-run.jar")),
                    service + " is not packaged");
        }
        assertTrue(Files.isDirectory(REPOSITORY.resolve("devstack/target/lib")), "devstack is not packaged");
        assertTrue(new ProcessBuilder("curl", "--version").start().waitFor() == 0, "curl is missing (Debian package curl; .ci/run installs it)");
        if (Files.exists(WORK)) {
            run(List.of("rm", "-rf", WORK.toString()), Duration.ofMinutes(1), "cleanup");
        }
        Files.createDirectories(WORK);
        int base = freeConsecutivePorts(4);
        environment = Map.of(
                "SHAREDFS_HOME", HOME.toString(),
                "SHAREDFS_PORT_BASE", Integer.toString(base),
                "SHAREDFS_PG_PORT", Integer.toString(freePort()),
                "SHAREDFS_KAFKA_PORT", Integer.toString(freePort()),
                "SHAREDFS_KAFKA_CONTROLLER_PORT", Integer.toString(freePort()),
                "SHAREDFS_START_TIMEOUT", "240",
                "SHAREDFS_JAVA_OPTS", "-Xmx256m",
                "SHAREDFS_KAFKA_HEAP", "256m",
                "NO_COLOR", "1");
    }

    @AfterAll
    static void down() throws IOException, InterruptedException {
        if (environment == null) {
            return;
        }
        Result down = launcher(List.of("down"), Duration.ofMinutes(3), "down");
        List<String> running = new ArrayList<>();
        try (Stream<ProcessHandle> all = ProcessHandle.allProcesses()) {
            // Every process of the stack names the work directory on its command line (data dirs, java.io.tmpdir).
            all.filter(p -> p.pid() != ProcessHandle.current().pid()
                    && p.info().commandLine().orElse("").contains(HOME.toString()))
                    .forEach(p -> running.add(p.pid() + " " + p.info().commandLine().orElse("")));
        }
        // Services carry the home only in their environment: find them by their pid files as well.
        Path pids = HOME.resolve("pids");
        if (Files.isDirectory(pids)) {
            try (Stream<Path> files = Files.list(pids)) {
                for (Path file : files.toList()) {
                    long pid = Long.parseLong(Files.readString(file).trim());
                    ProcessHandle.of(pid).filter(ProcessHandle::isAlive).ifPresent(p -> {
                        running.add(p.pid() + " " + p.info().commandLine().orElse(""));
                        p.destroyForcibly();
                    });
                }
            }
        }
        assertEquals(0, down.exit(), "./sharedfs down failed:\n" + down.output());
        assertEquals(List.of(), running, "still running after ./sharedfs down");
    }

    @Test
    void demoTwice() throws IOException, InterruptedException {
        Result first = launcher(List.of("demo"), Duration.ofMinutes(8), "demo-1");
        assertEquals(0, first.exit(), "./sharedfs demo failed:\n" + first.output());
        checkDemo(first.output(), 1);

        Result second = launcher(List.of("demo"), Duration.ofMinutes(3), "demo-2");
        assertEquals(0, second.exit(), "./sharedfs demo failed the second time:\n" + second.output());
        assertTrue(second.output().contains("sharedfs is running"), "the second run reuses the running system");
        checkDemo(second.output(), 2);
    }

    /** The benchmark command in small (the full one is a command of its own): every figure, and nothing left behind. */
    @Test
    void aSmallBenchmarkPrintsEveryFigureAndRemovesWhatItMade() throws IOException, InterruptedException {
        Result bench = launcher(List.of("bench", "--all", "--nodes", "6", "--rate", "4", "--duration", "3",
                "--apply-nodes", "12", "--no-render"), Duration.ofMinutes(8), "bench");
        assertEquals(0, bench.exit(), "./sharedfs bench failed:\n" + bench.output());
        String output = bench.output();
        for (String service : List.of("image-service", "ve-service", "node-provisioner", "nfs-exporter")) {
            assertMatches(output, service + ": RSS at idle / start time +\\d+ MiB / [\\d.]+ s");
        }
        assertMatches(output, "6-node burst: all READY \\(wall, from the first POST\\) +[\\d.]+ s");
        assertMatches(output, "serial cp -a of the same private dirs +[\\d.]+ s");
        assertMatches(output, "ratio sharedfs / cp -a +\\d+\\.\\d\\d×");
        assertMatches(output, "latency, 4 adds/s for 3 s: NodeAdded→READY p50 +[\\d.]+ m?s");
        assertMatches(output, "latency, 4 adds/s for 3 s: NodeAdded→READY p99 +[\\d.]+ m?s");
        assertMatches(output, "12-node burst, tiny image: export apply runs +\\d+");
        assertContains(output, "cleaned up: ");
        // Its images, trees and cp -a copies lived in its work directory, removed at the end.
        try (Stream<Path> runs = Files.list(HOME.resolve("bench"))) {
            assertEquals(List.of(), runs.toList(), "the benchmark's work directory is removed");
        }
    }

    private static void assertMatches(String output, String regex) {
        assertTrue(Pattern.compile(regex).matcher(output).find(), "expected /" + regex + "/ in:\n" + output);
    }

    private static void checkDemo(String output, int n) throws IOException {
        String name = "demo-" + n;
        Path root = HOME.resolve("images").resolve(name);
        assertContains(output, "image " + name + " is READY");
        assertContains(output, "all 3 nodes READY");
        Matcher ve = Pattern.compile("VE (\\d+) \\(" + name + "\\)").matcher(output);
        assertTrue(ve.find(), "no VE line:\n" + output);
        long veId = Long.parseLong(ve.group(1));
        for (int vem = 1; vem <= 3; vem++) {
            Path tree = root.resolve("private/" + veId + "/" + vem);
            for (String dir : List.of("etc", "var", "tmp", "custom")) {
                assertTrue(Files.isDirectory(tree.resolve(dir), LinkOption.NOFOLLOW_LINKS), tree + "/" + dir);
            }
            assertTrue(Files.readString(tree.resolve("custom/hello"))
                    .startsWith("hello from init_vem: VE " + veId + ", node " + vem + ", "), "the hook ran for " + vem);
            assertEquals(List.of(), list(tree.resolve("var/lib/rpm")), "a shared subdir stays an empty mount point");
            assertContains(output, root + "/private/" + veId + "/" + vem + "/var ");
        }
        assertContains(output, "hello = \"hello from init_vem: VE " + veId + ", node 1");
        assertContains(output, "/private/" + veId + "/1/etc /etc nfs rw,");
        assertContains(output, root + " / nfs ro,");
        assertEquals(3, count(output, "PROVISIONING → READY"), "three READY events in the audit trail:\n" + output);
        assertEquals(3, count(output, "init_vem exited 0"), "three hook runs in the audit trail:\n" + output);
        assertContains(output, "ExportsApplied");
        assertContains(output, "demo done");
    }

    // -----------------------------------------------------------------------------------------------------------------

    record Result(int exit, String output) {
    }

    private static Result launcher(List<String> arguments, Duration timeout, String log)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(REPOSITORY.resolve("sharedfs").toString());
        command.addAll(arguments);
        return run(command, timeout, log);
    }

    private static Result run(List<String> command, Duration timeout, String log)
            throws IOException, InterruptedException {
        Path output = WORK.resolve(log + ".log");
        Files.createDirectories(WORK);
        ProcessBuilder builder = new ProcessBuilder(command).directory(REPOSITORY.toFile()).redirectErrorStream(true)
                .redirectOutput(output.toFile());
        if (environment != null) {
            builder.environment().putAll(environment);
        }
        Process process = builder.start();
        if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
            process.descendants().forEach(ProcessHandle::destroy);
            process.destroy();
            process.waitFor(10, TimeUnit.SECONDS);
            return new Result(-1, "timed out after " + timeout.toSeconds() + " s\n"
                    + Files.readString(output, StandardCharsets.UTF_8));
        }
        // The cleanup removes the work directory, its own log included.
        return new Result(process.exitValue(), Files.exists(output) ? Files.readString(output, StandardCharsets.UTF_8)
                : "");
    }

    private static void assertContains(String output, String expected) {
        assertTrue(output.contains(expected), "expected '" + expected + "' in:\n" + output);
    }

    private static int count(String text, String part) {
        int count = 0;
        for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + part.length())) {
            count++;
        }
        return count;
    }

    private static List<Path> list(Path dir) throws IOException {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.toList();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** A base port with {@code count} free ports from it, for the services (the launcher numbers them from a base). */
    private static int freeConsecutivePorts(int count) throws IOException {
        for (int attempt = 0; attempt < 100; attempt++) {
            int base = ThreadLocalRandom.current().nextInt(20_000, 30_000);
            boolean free = true;
            for (int port = base; port < base + count && free; port++) {
                try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                    socket.setReuseAddress(true);
                } catch (IOException e) {
                    free = false;
                }
            }
            if (free) {
                return base;
            }
        }
        throw new IOException("no " + count + " consecutive free ports found");
    }
}
