package io.sharedfs.devstack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Functions of the {@code ./sharedfs} launcher, called by sourcing it (sourced, it runs nothing). */
class LauncherTest {

    private static final Path LAUNCHER = Path.of(System.getProperty("sharedfs.repository", ".."))
            .toAbsolutePath().normalize().resolve("sharedfs");

    @Test
    void aKafkaClusterIdNeverStartsWithADashWhichKafkaStorageWouldReadAsAnOption() throws Exception {
        // One random id in 64 starts with '-': among 1,000 draws about 16 would.
        Result result = bash("source \"$1\"; for i in $(seq 1000); do new_cluster_id; echo; done");

        assertEquals(0, result.exit(), result.output());
        List<String> ids = result.output().lines().toList();
        assertEquals(1000, ids.size());
        for (String id : ids) {
            assertTrue(id.matches("[A-Za-z0-9_][A-Za-z0-9_-]{21}"), "not a Kafka cluster id: '" + id + "'");
        }
        assertTrue(ids.stream().anyMatch(id -> id.contains("-")), "'-' is still drawn, only not first");
    }

    @Test
    void sourcedTheLauncherRunsNoCommandRunItDoes() throws Exception {
        assertEquals("", bash("source \"$1\"").output());
        Result help = bash("\"$1\" help");
        assertEquals(0, help.exit());
        assertTrue(help.output().startsWith("Usage: ./sharedfs COMMAND"), help.output());
    }

    @Test
    void bootRefusesWhatItCannotBootBeforeTouchingAnything() throws Exception {
        assertRefused(bash("\"$1\" boot"), "boot: --ve and --vem are required");
        assertRefused(bash("\"$1\" boot --ve 1 --vem x"), "boot: 'x' is not a positive number");
        assertRefused(bash("\"$1\" boot --ve 1 --vem 2 --init 'sbin/init; reboot'"),
                "--init must be an absolute path");
        assertRefused(bash("\"$1\" boot --ve 1 --vem 2 --kernel x"), "boot: unknown option '--kernel'");
    }

    @Test
    void aBootNetworkIsOneSlash24AndOnlyWithGanesha() throws Exception {
        String home = "SHAREDFS_HOME=\"$(mktemp -d)\" ";
        assertRefused(bash(home + "\"$1\" up --nfs-server kernel --boot-network"),
                "--boot-network needs --nfs-server ganesha");
        assertRefused(bash(home + "\"$1\" up --nfs-server kernel --boot-network=10.77.0.1/16"),
                "'10.77.0.1/16' is not an IPv4 address with /24");
    }

    private static void assertRefused(Result result, String message) {
        assertEquals(1, result.exit(), result.output());
        assertTrue(result.output().contains(message), result.output());
    }

    private record Result(int exit, String output) {
    }

    private static Result bash(String script) throws IOException, InterruptedException {
        assertTrue(Files.isRegularFile(LAUNCHER), LAUNCHER + " not found");
        Process process = new ProcessBuilder("bash", "-c", script, "launcher-test", LAUNCHER.toString())
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(2, TimeUnit.MINUTES), "bash did not finish");
        return new Result(process.exitValue(), output);
    }
}
