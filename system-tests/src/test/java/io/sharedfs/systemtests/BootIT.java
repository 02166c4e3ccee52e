package io.sharedfs.systemtests;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.sharedfs.systemtests.harness.Api;
import io.sharedfs.systemtests.harness.FileTrees;
import io.sharedfs.systemtests.harness.Operator;
import io.sharedfs.systemtests.harness.SharedfsSystem;
import io.sharedfs.systemtests.harness.StorageHost;
import io.sharedfs.testsupport.nfs.RealGanesha;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * A node boots: a real Debian kernel in QEMU (TCG where KVM is not usable) with the sharedfs initramfs
 * component, its root over NFS from NFS-Ganesha, driven by the running system. The image is a real Debian
 * bookworm tree (debootstrap minbase, built once by node-boot/test/build-image.sh), registered shared, with
 * /etc/crontab customized per VE; the node is added over REST. The guest reaches the storage host on a tap
 * device (10.77.0.1, the guest 10.77.0.2): Ganesha's exports name the node's own address and want a
 * privileged source port, which QEMU's user networking (every guest is 127.0.0.1 on an ephemeral port)
 * cannot give. Instead of a full init, node-boot/test/sharedfs-check proves the node's view from inside and
 * reports {@code stage=booted}. Boot 1 finds its table by its address alone; boot 2 names itself
 * ({@code sharedfs.node}) and sees what boot 1 wrote to {@code /var}. Run alone: {@code mvn -B verify
 * -pl system-tests -am -Dit.test=BootIT -Dfailsafe.failIfNoSpecifiedTests=false}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BootIT {

    private static final String HOST = "storage-a";
    private static final String TAP = "sfsboot0";
    private static final String SERVER = "10.77.0.1";
    private static final String GUEST = "10.77.0.2";
    private static final Duration BOOT_TIMEOUT = Duration.ofMinutes(8);
    private static final Pattern CHECKS = Pattern.compile("sharedfs-check: (\\d+) passed, (\\d+) failed");

    private static Path work;
    private static RealGanesha ganesha;
    private static SharedfsSystem system;
    private static Operator operator;
    private static Path root;
    private static long ve;
    private static long vem;
    private static String crontab;
    private static final List<String> FIGURES = new ArrayList<>();

    @BeforeAll
    static void startTheSystemWithARealDebianImage() throws IOException {
        require();
        work = Path.of(System.getProperty("sharedfs.systemtests.work", "target/system-tests")).toAbsolutePath()
                .normalize().resolve("boot-for-BootIT");
        FileTrees.delete(work);
        Path base = Path.of(System.getProperty("sharedfs.boot.image", "target/boot-image")).toAbsolutePath();
        run(Duration.ofMinutes(20), work.resolve("build-image.log"), "sh",
                nodeBoot().resolve("test/build-image.sh").toString(), base.toString());
        tap();

        Path configDir = work.resolve("sharedfs");
        Files.createDirectories(configDir);
        Files.writeString(configDir.resolve("exports.conf"), "");
        ganesha = RealGanesha.start(work.resolve("server"), configDir.resolve("exports.conf"), "0.0.0.0");
        system = SharedfsSystem.start("BootIT", SharedfsSystem.Topology.single().withExporterSettings(Map.of(
                "sharedfs.exporter.server", "ganesha",
                "sharedfs.exporter.ganesha.config-dir", configDir.toString(),
                "sharedfs.exporter.ganesha.dbus-address", ganesha.dbusAddress(),
                "sharedfs.exporter.mount-host", SERVER,
                "sharedfs.exporter.nfs-mount-options", "nfsvers=3,proto=tcp,hard,port=" + ganesha.nfsPort()
                        + ",mountport=" + ganesha.mountPort())));
        operator = system.operator();
        StorageHost host = system.host(HOST);
        root = host.imagesDir().resolve("debian");
        run(Duration.ofMinutes(5), work.resolve("copy-image.log"), "cp", "-a", base.toString(), root.toString());

        UUID imageId = operator.registerSharedImage("debian", root, HOST);
        ve = operator.createVe("booted", imageId);
        customizeCrontabPerVe(imageId);
        vem = operator.addNode(ve, "node1.example.net", GUEST);
        operator.awaitNode(ve, vem, "READY");
    }

    @AfterAll
    static void stop() throws IOException {
        FIGURES.forEach(line -> System.out.println("BootIT: " + line));
        if (system != null) {
            system.close();
        }
        if (ganesha != null) {
            ganesha.close();
        }
        if (work != null) {
            untap();
        }
    }

    @Test
    @Order(1)
    void theNodeBootsFromItsAddressAloneWithTheImageAsItsRootAndItsOwnTreesWritable() throws IOException {
        Instant started = Instant.now();
        String console = boot("1");

        assertChecksPassed(console);
        assertTrue(console.contains("sharedfs: mount table from http://" + SERVER), console);
        assertTrue(console.contains("/etc/crontab -> /custom/ve/etc/crontab: " + crontab.strip()),
                "the VE's crontab through /custom/ve: " + line(console, "/etc/crontab"));
        assertEquals("1\n", Files.readString(tree().resolve("var/sharedfs-probe/boots")),
                "what the node wrote to /var is on disk in its own tree");
        assertEquals("node-1\n", Files.readString(tree().resolve("custom/probe")), "/custom/node is the node's");
        try (var planted = Files.list(root.resolve("private/" + ve + "/custom"))) {
            assertEquals(List.of("etc"), planted.map(p -> p.getFileName().toString()).toList(),
                    "the node's root planted nothing in the VE's /custom/ve (root squashed)");
        }

        JsonNode boot = awaitBooted(started);
        FIGURES.add("boot 1 (by address): QEMU start -> NodeBooted " + seconds(started,
                Instant.parse(boot.path("reportedAt").asText())) + " s; " + kernelClock(console));
    }

    @Test
    @Order(2)
    void theNodeNamingItselfBootsAgainAndFindsWhatTheFirstBootWroteToVar() throws IOException {
        Instant started = Instant.now();
        String console = boot("2", "--node", ve + "/" + vem);

        assertChecksPassed(console);
        assertTrue(console.contains("sharedfs-check: PASS the previous boot's file on /var is there (boot 1)"),
                line(console, "previous boot"));
        assertEquals("2\n", Files.readString(tree().resolve("var/sharedfs-probe/boots")));

        JsonNode boot = awaitBooted(started);
        FIGURES.add("boot 2 (sharedfs.node): QEMU start -> NodeBooted " + seconds(started,
                Instant.parse(boot.path("reportedAt").asText())) + " s; " + kernelClock(console));
    }

    private static void customizeCrontabPerVe(UUID imageId) {
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("path", "/etc/crontab");
        request.put("scope", "VE");
        request.put("applyToExistingNodes", true);
        String id = operator.images().post("/images/" + imageId + "/customizations", request).expect(202).json()
                .path("id").asText();
        await("crontab customized").atMost(Operator.TIMEOUT).pollInterval(Duration.ofMillis(200)).until(() ->
                "APPLIED".equals(operator.images().json("/images/" + imageId + "/customizations/" + id)
                        .path("status").asText()));
        crontab = "# jobs of VE " + ve + "\n";
        Api.Reply uploaded = operator.ves().putBytes("/ves/" + ve + "/files?path=/etc/crontab",
                crontab.getBytes(StandardCharsets.UTF_8));
        assertTrue(uploaded.status() == 201 || uploaded.status() == 200, uploaded.text());
        await("the VE's crontab written").atMost(Operator.TIMEOUT).pollInterval(Duration.ofMillis(200)).until(() ->
                operator.ves().getBytes("/ves/" + ve + "/files?path=/etc/crontab").header("Sharedfs-Written")
                        .equals("true"));
    }

    /** Boots the node once (node-boot/qemu-boot.sh); returns its console, the boot must have ended by itself. */
    private static String boot(String name, String... extra) throws IOException {
        Path console = work.resolve("console-" + name + ".log");
        Files.deleteIfExists(console);
        List<String> command = new ArrayList<>(List.of("sh", nodeBoot().resolve("qemu-boot.sh").toString(),
                "--image", root.toString(), "--tap", TAP, "--server", SERVER, "--address", GUEST, "--url",
                "http://" + SERVER + ":" + system.exporter(HOST).port(), "--init", "/sbin/sharedfs-check",
                "--console", console.toString(), "--timeout", String.valueOf(BOOT_TIMEOUT.toSeconds())));
        command.addAll(List.of(extra));
        int exit = exitOf(BOOT_TIMEOUT.plusMinutes(1), work.resolve("qemu-boot-" + name + ".log"),
                command.toArray(String[]::new));
        String text = Files.readString(console, StandardCharsets.ISO_8859_1).replace("\r", "");
        assertEquals(0, exit, "qemu-boot.sh exit code (124: the boot did not end); the console ends:\n" + tail(text));
        return text;
    }

    private static void assertChecksPassed(String console) {
        Matcher checks = CHECKS.matcher(console);
        assertTrue(checks.find(), "the check in the guest never finished; the console ends:\n" + tail(console));
        assertEquals("0", checks.group(2), "failed checks in the guest:\n" + lines(console, "sharedfs-check: FAIL"));
        assertTrue(Integer.parseInt(checks.group(1)) >= 20, checks.group());
    }

    /** ve-service shows the node BOOTED by a report made after {@code since}. */
    private static JsonNode awaitBooted(Instant since) {
        JsonNode[] boot = new JsonNode[1];
        await("node booted").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> {
            boot[0] = operator.node(ve, vem).path("boot");
            return "BOOTED".equals(boot[0].path("stage").asText())
                    && Instant.parse(boot[0].path("reportedAt").asText()).isAfter(since);
        });
        assertEquals(boot[0].path("reportedAt").asText(), boot[0].path("lastBootedAt").asText());
        assertEquals("READY", operator.node(ve, vem).path("state").asText());
        return boot[0];
    }

    private static Path tree() {
        return root.resolve("private/" + ve + "/" + vem);
    }

    private static String kernelClock(String console) {
        return "kernel clock: /init " + find(console, "\\[ *([0-9.]+)\\] Run /init as init process")
                + " s, all mounts " + find(console, "sharedfs: all mounts done \\(uptime ([0-9.]+)s\\)")
                + " s, checks done " + find(console, "sharedfs-check: done at uptime ([0-9.]+)s") + " s";
    }

    private static String find(String text, String regex) {
        Matcher matcher = Pattern.compile(regex).matcher(text);
        return matcher.find() ? matcher.group(1) : "?";
    }

    private static String seconds(Instant from, Instant to) {
        return String.format("%.1f", Duration.between(from, to).toMillis() / 1000.0);
    }

    private static String line(String text, String part) {
        return lines(text, part).lines().findFirst().orElse("(no line with '" + part + "')");
    }

    private static String lines(String text, String part) {
        return String.join("\n", text.lines().filter(l -> l.contains(part)).toList());
    }

    private static String tail(String text) {
        List<String> all = text.lines().toList();
        return String.join("\n", all.subList(Math.max(0, all.size() - 40), all.size()));
    }

    private static Path nodeBoot() {
        return Path.of(System.getProperty("sharedfs.systemtests.node-boot", "../node-boot")).toAbsolutePath()
                .normalize();
    }

    private static void require() {
        assertTrue("root".equals(System.getProperty("user.name")),
                "BootIT needs root (a tap device, debootstrap, NFS-Ganesha); it runs as " + System.getProperty(
                        "user.name"));
        for (String[] tool : new String[][] {{"/usr/bin/qemu-system-x86_64", "qemu-system-x86"},
                {"/usr/sbin/debootstrap", "debootstrap"}, {"/usr/sbin/ip", "iproute2"}}) {
            assertTrue(Files.isExecutable(Path.of(tool[0])), "BootIT needs " + tool[0] + ": apt-get install -y "
                    + tool[1] + " (.ci/run installs it)");
        }
        assertTrue(Files.exists(Path.of("/dev/net/tun")), "BootIT needs /dev/net/tun for the guest's tap device");
    }

    private static void tap() throws IOException {
        untap();
        run(Duration.ofSeconds(30), work.resolve("tap.log"), "ip", "tuntap", "add", TAP, "mode", "tap");
        run(Duration.ofSeconds(30), work.resolve("tap.log"), "ip", "addr", "add", SERVER + "/24", "dev", TAP);
        run(Duration.ofSeconds(30), work.resolve("tap.log"), "ip", "link", "set", TAP, "up");
    }

    private static void untap() throws IOException {
        Files.createDirectories(work);
        if (Files.exists(Path.of("/sys/class/net", TAP))) {
            run(Duration.ofSeconds(30), work.resolve("tap.log"), "ip", "link", "delete", TAP);
        }
    }

    /** Runs a command to its end, output to {@code log}, and fails unless it exits 0. */
    private static void run(Duration timeout, Path log, String... command) throws IOException {
        int exit = exitOf(timeout, log, command);
        if (exit != 0) {
            throw new UncheckedIOException(new IOException(String.join(" ", command) + " exited with " + exit
                    + "; see " + log + ":\n" + tail(Files.readString(log))));
        }
    }

    /** Runs a command to its end, output to {@code log}; returns its exit code. */
    private static int exitOf(Duration timeout, Path log, String... command) throws IOException {
        Files.createDirectories(log.getParent());
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).redirectInput(
                        ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        try {
            if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
                throw new AssertionError(String.join(" ", command) + " did not end within " + timeout + "; see " + log);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return process.exitValue();
    }
}
