package io.sharedfs.provisioner.hook;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sharedfs.contracts.provisioning.HookOutcome;
import io.sharedfs.provisioner.fs.Durable;
import io.sharedfs.provisioner.fs.ImagePaths;
import io.sharedfs.provisioner.fs.TestImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

/**
 * {@code init_vem} runs only when it is safe to, with {@code VE_ID VEM_ID}, a clean environment,
 * a timeout that kills its whole process tree (new sessions included) and output kept to a cap.
 */
class HookRunnerTest {

    private static final long VE = 10;
    private static final long VEM = 3;
    private static final int CAP = 65_536;
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private Path scratch;
    private ImagePaths image;
    private Path hook;
    /** The file every hook that runs creates: absent means the hook never ran. */
    private Path ranMarker;

    @BeforeEach
    void createTheVeDirectory() throws Exception {
        TestImage.requireRoot();
        scratch = TestImage.scratch("hook");
        Path root = Files.createDirectory(scratch.resolve("image"));
        image = ImagePaths.of(root.toString());
        Files.createDirectories(image.veDir(VE));
        hook = image.hook(VE);
        ranMarker = scratch.resolve("hook-ran");
    }

    @AfterEach
    void removeIt() throws IOException {
        if (scratch != null) {
            Durable.deleteTree(scratch);
        }
    }

    @Test
    void anAbsentHookIsReportedAbsentAndSucceeds() throws Exception {
        HookResult result = HookRunner.run(image, VE, VEM, TIMEOUT, CAP);

        assertEquals(HookOutcome.ABSENT, result.outcome());
        assertTrue(result.succeeded());
    }

    @Test
    void aSafeHookRunsWithTheIdsAsArgumentsAndACleanEnvironment() throws Exception {
        writeHook("""
                echo "args: $# $1 $2"
                # The environment this process was started with, one variable a line.
                tr '\\0' '\\n' < /proc/$$/environ
                """, 0700);

        HookResult result = HookRunner.run(image, VE, VEM, TIMEOUT, CAP);

        assertEquals(HookOutcome.EXITED, result.outcome());
        assertEquals(0, result.exitCode());
        assertTrue(result.succeeded());
        assertFalse(result.truncated());
        String[] lines = result.outputTail().split("\n");
        assertEquals("args: 2 10 3", lines[0]);
        Map<String, String> env = new LinkedHashMap<>();
        Arrays.stream(lines).skip(1).forEach(line -> env.put(line.substring(0, line.indexOf('=')),
                line.substring(line.indexOf('=') + 1)));
        assertEquals(HookRunner.PATH, env.get("PATH"));
        assertEquals("/", env.get("HOME"));
        assertEquals("C.UTF-8", env.get("LANG"));
        assertEquals("10", env.get("SHAREDFS_VE_ID"));
        assertEquals("3", env.get("SHAREDFS_VEM_ID"));
        assertEquals(image.root().toString(), env.get("SHAREDFS_IMAGE_ROOT"));
        assertEquals(image.veDir(VE).toString(), env.get("SHAREDFS_VE_DIR"));
        assertEquals(image.nodeTree(VE, VEM).toString(), env.get("SHAREDFS_NODE_TREE"));
        env.keySet().removeAll(Set.of("PATH", "HOME", "LANG"));
        env.keySet().removeIf(name -> name.startsWith("SHAREDFS_"));
        assertEquals(Map.of(), env, "nothing of the service's own environment reaches the hook");
        assertTrue(ranMarker.toFile().exists());
    }

    @Test
    void aNonZeroExitIsReportedWithItsStatusAndOutput() throws Exception {
        writeHook("echo 'cannot reach the licence server' >&2\nexit 3\n", 0755);

        HookResult result = HookRunner.run(image, VE, VEM, TIMEOUT, CAP);

        assertEquals(HookOutcome.EXITED, result.outcome());
        assertEquals(3, result.exitCode());
        assertFalse(result.succeeded());
        assertEquals("init_vem exited with status 3", result.detail());
        assertEquals("cannot reach the licence server\n", result.outputTail());
    }

    @Test
    void aHookThatRunsTooLongHasItsWholeProcessTreeKilledNewSessionsIncluded() throws Exception {
        Path pids = scratch.resolve("pids");
        writeHook("setsid sleep 300 &\necho $! > " + pids + "\nsleep 301 &\necho $! >> " + pids
                + "\necho started\nwait\n", 0755);

        HookResult result = assertTimeoutPreemptively(Duration.ofMinutes(1),
                () -> HookRunner.run(image, VE, VEM, Duration.ofSeconds(1), CAP));

        assertEquals(HookOutcome.TIMED_OUT, result.outcome());
        assertNull(result.exitCode());
        assertFalse(result.succeeded());
        assertEquals("init_vem ran longer than PT1S; its process tree was killed", result.detail());
        assertEquals("started\n", result.outputTail());
        long[] children = Files.readAllLines(pids).stream().mapToLong(Long::parseLong).toArray();
        assertEquals(2, children.length);
        for (long pid : children) {
            assertFalse(running(pid), "the hook's child " + pid + " is still running");
        }
    }

    @Test
    void aTimedOutTreeIsKilledParentsFirstSoNoShellLivesToReportItsChildsDeath() throws Exception {
        Process shell = new ProcessBuilder("sh", "-c", "sleep 300; true").start();
        try {
            ProcessHandle child = await().atMost(Duration.ofSeconds(10))
                    .until(() -> shell.children().findFirst(), Optional::isPresent).orElseThrow();
            ProcessHandle parent = shell.toHandle();

            assertEquals(List.of(parent, child),
                    HookRunner.parentsFirst(new LinkedHashSet<>(List.of(child, parent))));
            assertEquals(List.of(parent, child),
                    HookRunner.parentsFirst(new LinkedHashSet<>(List.of(parent, child))));
        } finally {
            shell.descendants().forEach(ProcessHandle::destroyForcibly);
            shell.destroyForcibly();
        }
    }

    /** Repeated: the child is often still being exec'd when the hook has exited, a moment easy to miss. */
    @RepeatedTest(20)
    void aHookThatExitsLeavingABackgroundChildHasTheChildKilled() throws Exception {
        Path pids = scratch.resolve("pids");
        writeHook("setsid sleep 300 >/dev/null 2>&1 &\necho $! > " + pids + "\n", 0755);

        HookResult result = HookRunner.run(image, VE, VEM, TIMEOUT, CAP);

        assertEquals(HookOutcome.EXITED, result.outcome());
        assertEquals(0, result.exitCode());
        long pid = Long.parseLong(Files.readString(pids).trim());
        assertFalse(running(pid), "the hook's child " + pid + " is still running");
    }

    @Test
    void hooksLeftRunningByAnAgentThatIsGoneAreKilledAndNothingElse() throws Exception {
        Process liveAgent = sleeper("OTHER", "x");
        String liveAgentId = liveAgent.pid() + "@" + liveAgent.toHandle().info().startInstant().orElseThrow().toEpochMilli();
        Process orphan = sleeper("SHAREDFS_HOOK_RUN", "1@1/an-agent-long-gone");
        Process unreadable = sleeper("SHAREDFS_HOOK_RUN", "not-a-marker-of-this-version");
        Process ofALiveAgent = sleeper("SHAREDFS_HOOK_RUN", liveAgentId + "/a-hook-it-runs");
        Process lookalike = sleeper("NOTE", "SHAREDFS_HOOK_RUN=only-in-a-value");
        try {
            int killed = HookRunner.killLeftovers();

            assertTrue(killed >= 2, "killed " + killed);
            assertFalse(running(orphan.pid()), "the hook of an agent that is gone is killed");
            assertFalse(running(unreadable.pid()), "a marker naming no live agent counts as gone");
            assertTrue(running(ofALiveAgent.pid()), "another live agent's hook is left alone");
            assertTrue(running(lookalike.pid()), "only a variable of that name marks a hook");
            assertTrue(running(liveAgent.pid()));
        } finally {
            Stream.of(liveAgent, orphan, unreadable, ofALiveAgent, lookalike).forEach(Process::destroyForcibly);
        }
    }

    @Test
    void leftoversAreKilledOnlyForTheirOwnStorageHostAHookMarkedForAnotherHostSurvives() throws Exception {
        // Two agents share this machine (ScaledOutSystemIT: storage hosts "storage-a" and "storage-b"), and the
        // agent of storage-b is down (crashed, not restarted yet) while the agent of storage-a restarts.
        Process ofThisHost = sleeper("SHAREDFS_HOOK_RUN", HookRunner.marker("1@1", "a-run", "storage-a"));
        Process ofAnotherHost = sleeper("SHAREDFS_HOOK_RUN", HookRunner.marker("1@1", "b-run", "storage-b"));
        Process ofAnotherHostSameCaseless = sleeper("SHAREDFS_HOOK_RUN", HookRunner.marker("1@1", "c-run", "Storage-A"));
        try {
            int killed = HookRunner.killLeftovers("storage-a");

            assertTrue(killed >= 2, "killed " + killed);
            assertFalse(running(ofThisHost.pid()), "this host's hook whose agent is gone is killed");
            assertFalse(running(ofAnotherHostSameCaseless.pid()), "host names are compared ignoring case");
            assertTrue(running(ofAnotherHost.pid()), "a hook marked for another storage host is left alone");

            HookRunner.killLeftovers("storage-b");
            assertFalse(running(ofAnotherHost.pid()), "its own agent cleans it up when it starts");
        } finally {
            Stream.of(ofThisHost, ofAnotherHost, ofAnotherHostSameCaseless).forEach(Process::destroyForcibly);
        }
    }

    @Test
    void aHooksMarkerNamesItsAgentAndItsStorageHost() throws Exception {
        writeHook("printf '%s' \"$SHAREDFS_HOOK_RUN\"\n", 0700);

        HookResult result = HookRunner.run(image, VE, VEM, TIMEOUT, CAP, "nfs/1 east");

        String[] parts = result.outputTail().split("/");
        assertEquals(3, parts.length, result.outputTail());
        assertEquals(HookRunner.AGENT, parts[0]);
        assertEquals("nfs%2F1+east", parts[2], "the host is encoded so it cannot be mistaken for a separator");
    }

    private static Process sleeper(String variable, String value) throws IOException {
        ProcessBuilder builder = new ProcessBuilder("sleep", "300");
        builder.environment().put(variable, value);
        Process process = builder.start();
        // Started means exec'd: its environment is readable from then on.
        await().atMost(Duration.ofSeconds(10)).until(() -> commandOf(process.pid()).startsWith("sleep"));
        return process;
    }

    private static String commandOf(long pid) throws IOException {
        try {
            return Files.readString(Path.of("/proc", Long.toString(pid), "cmdline"), StandardCharsets.ISO_8859_1);
        } catch (NoSuchFileException e) {
            return "";
        }
    }

    @Test
    void aHookInterruptedByAStopIsKilledAndGivesNoResult() throws Exception {
        Path pids = scratch.resolve("pids");
        writeHook("setsid sleep 300 &\necho $! > " + pids + "\necho $$ >> " + pids + "\nwait\n", 0755);
        AtomicReference<Object> outcome = new AtomicReference<>();
        Thread worker = new Thread(() -> {
            try {
                outcome.set(HookRunner.run(image, VE, VEM, TIMEOUT, CAP));
            } catch (Exception e) {
                outcome.set(e);
            }
        });
        worker.start();
        await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(pids) && Files.readAllLines(pids).size() == 2);

        worker.interrupt();
        worker.join(Duration.ofSeconds(60).toMillis());

        assertFalse(worker.isAlive(), "the interrupted run returned");
        assertTrue(outcome.get() instanceof InterruptedException, "no result but " + outcome.get());
        assertEquals("init_vem of VE 10 for node 3 was stopped with node-provisioner; its process tree was killed",
                ((InterruptedException) outcome.get()).getMessage());
        for (long pid : Files.readAllLines(pids).stream().mapToLong(Long::parseLong).toArray()) {
            assertFalse(running(pid), "the hook's process " + pid + " is still running");
        }
    }

    @Test
    void hugeOutputIsCappedToItsLastBytesWithTheTruncatedFlag() throws Exception {
        writeHook("head -c 100000000 /dev/zero | tr '\\0' x\necho end\n", 0755);

        HookResult result = HookRunner.run(image, VE, VEM, Duration.ofMinutes(2), CAP);

        assertEquals(HookOutcome.EXITED, result.outcome());
        assertEquals(0, result.exitCode());
        assertTrue(result.truncated());
        assertEquals(CAP, result.outputTail().length());
        assertEquals("x".repeat(CAP - 4) + "end\n", result.outputTail());
    }

    @Test
    void outputOfExactlyTheCapIsNotTruncated() throws Exception {
        writeHook("head -c 100 /dev/zero | tr '\\0' y\n", 0755);

        HookResult result = HookRunner.run(image, VE, VEM, TIMEOUT, 100);

        assertFalse(result.truncated());
        assertEquals("y".repeat(100), result.outputTail());
    }

    @Test
    void aGroupWritableHookIsRefusedAndNeverRun() throws Exception {
        writeHook("", 0775);

        assertRefused("init_vem is writable by group or others (mode 775)");
    }

    @Test
    void anOthersWritableHookIsRefusedAndNeverRun() throws Exception {
        writeHook("", 0757);

        assertRefused("init_vem is writable by group or others (mode 757)");
    }

    @Test
    void aHookOfAnotherOwnerIsRefusedAndNeverRun() throws Exception {
        writeHook("", 0755);
        Files.setAttribute(hook, "unix:uid", TestImage.OTHER_UID);

        assertRefused("init_vem is owned by uid 65534, not by root or this service's user (uid 0)");
    }

    @Test
    void aSymlinkedHookIsRefusedAndNeverRunEvenWhenItsTargetIsSafe() throws Exception {
        Path real = image.veDir(VE).resolve("real_init_vem");
        Files.writeString(real, script(""));
        Files.setAttribute(real, "unix:mode", 0755);
        Files.createSymbolicLink(hook, real.getFileName());

        assertRefused("init_vem is a symbolic link; only a regular file is run");
    }

    @Test
    void aHookThatIsNotExecutableIsRefusedAndNeverRun() throws Exception {
        writeHook("", 0644);

        assertRefused("init_vem is not executable (mode 644)");
    }

    @Test
    void aHookThatIsADirectoryIsRefused() throws Exception {
        Files.createDirectory(hook);

        assertRefused("init_vem is not a regular file");
    }

    @Test
    void aHookInAVeDirectoryOthersCanWriteIsRefusedAndNeverRun() throws Exception {
        writeHook("", 0755);
        Files.setAttribute(image.veDir(VE), "unix:mode", 0777);

        assertRefused(image.veDir(VE) + " is writable by group or others, so init_vem could be replaced");
    }

    private void assertRefused(String reason) throws Exception {
        HookResult result = HookRunner.run(image, VE, VEM, TIMEOUT, CAP);

        assertEquals(HookOutcome.REFUSED, result.outcome());
        assertEquals(reason, result.detail());
        assertFalse(result.succeeded());
        assertFalse(Files.exists(ranMarker, LinkOption.NOFOLLOW_LINKS), "the refused hook ran");
    }

    /** Writes the hook, closed before it is ever executed (an open file cannot be: ETXTBSY). */
    private void writeHook(String body, int mode) throws IOException {
        Files.writeString(hook, script(body));
        Files.setAttribute(hook, "unix:mode", mode, LinkOption.NOFOLLOW_LINKS);
    }

    private String script(String body) {
        return "#!/bin/sh\ntouch " + ranMarker + "\n" + body;
    }

    /** Whether the process exists and is not a zombie (a zombie is dead, only not yet reaped). */
    static boolean running(long pid) throws IOException {
        String stat;
        try {
            stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"), StandardCharsets.ISO_8859_1);
        } catch (NoSuchFileException e) {
            return false;
        }
        char state = stat.charAt(stat.lastIndexOf(')') + 2);
        return state != 'Z' && state != 'X';
    }
}
