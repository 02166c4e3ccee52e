package io.sharedfs.provisioner.hook;

import io.sharedfs.contracts.provisioning.HookOutcome;
import io.sharedfs.provisioner.fs.ImagePaths;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Runs a VE's {@code init_vem} hook for one node, only when it is safe to: a regular file (not a
 * link), owned by root or this service's user, not writable by group or others, executable, in a
 * VE directory nobody else can write. It runs with a clean environment and a timeout after which
 * its whole process tree is killed, children that started a new session included: every process
 * it starts inherits a unique marker variable, and every process carrying it is killed.
 *
 * <p>The marker ({@code SHAREDFS_HOOK_RUN=<pid>@<start>/<run>/<storage host>}) names the agent
 * that started the hook and the storage host it serves. The cleanup after a crash kills only the
 * hooks of its own storage host whose agent is gone: agents of several storage hosts may share a
 * machine (a test bed, a host serving two export names), and one that restarts must not touch
 * another's hooks, even one whose agent is down at that moment (that agent's own restart reports
 * them) or whose liveness it cannot see (another pid namespace). A marker without a host comes from
 * an agent before this scheme and is cleaned up by whichever agent starts first, as it was then.
 */
public final class HookRunner {

    /** The PATH a hook gets. */
    public static final String PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
    static final String MARKER = "SHAREDFS_HOOK_RUN";
    /** This agent process, as hooks' markers name it: pid and start time (a pid alone can be reused). */
    static final String AGENT = agentId(ProcessHandle.current());
    /** Where the agent's configuration names its storage host. */
    static final String STORAGE_HOST_OPTION = "sharedfs.provisioner.storage-host";

    private static final int QUIET_SCANS = 3;
    private static final Duration QUIET_PAUSE = Duration.ofMillis(10);
    private static final int S_IWGRP_IWOTH = 0022;
    private static final int S_IXUSR = 0100;

    private HookRunner() {
    }

    /**
     * Checks and, if safe, runs the hook of VE {@code veId} for node {@code vemId}.
     *
     * @throws InterruptedException the calling thread was interrupted (the agent is stopping): the
     *     hook's process tree was killed and there is no result to report
     */
    public static HookResult run(ImagePaths image, long veId, long vemId, Duration timeout, int outputCap)
            throws IOException, InterruptedException {
        return run(image, veId, vemId, timeout, outputCap, configuredStorageHost());
    }

    /**
     * As {@link #run(ImagePaths, long, long, Duration, int)}, the hook marked as one of
     * {@code storageHost}'s.
     */
    public static HookResult run(ImagePaths image, long veId, long vemId, Duration timeout, int outputCap,
            String storageHost) throws IOException, InterruptedException {
        Path hook = image.hook(veId);
        if (!Files.exists(hook, LinkOption.NOFOLLOW_LINKS)) {
            return HookResult.absent();
        }
        Optional<String> refusal = refusal(hook, image.veDir(veId));
        if (refusal.isPresent()) {
            return HookResult.refused(refusal.get());
        }
        return execute(image, hook, veId, vemId, timeout, outputCap, storageHost);
    }

    /** Why the hook must not run, if it must not. */
    static Optional<String> refusal(Path hook, Path veDir) throws IOException {
        if (Files.isSymbolicLink(hook)) {
            return Optional.of("init_vem is a symbolic link; only a regular file is run");
        }
        if (!Files.isRegularFile(hook, LinkOption.NOFOLLOW_LINKS)) {
            return Optional.of("init_vem is not a regular file");
        }
        Map<String, Object> attrs = Files.readAttributes(hook, "unix:uid,mode", LinkOption.NOFOLLOW_LINKS);
        int uid = (Integer) attrs.get("uid");
        int mode = (Integer) attrs.get("mode");
        int self = currentUid();
        if (uid != 0 && uid != self) {
            return Optional.of("init_vem is owned by uid " + uid + ", not by root or this service's user (uid "
                    + self + ")");
        }
        if ((mode & S_IWGRP_IWOTH) != 0) {
            return Optional.of("init_vem is writable by group or others (mode " + Integer.toOctalString(mode & 07777)
                    + ")");
        }
        if ((mode & S_IXUSR) == 0) {
            return Optional.of("init_vem is not executable (mode " + Integer.toOctalString(mode & 07777) + ")");
        }
        int dirMode = (Integer) Files.getAttribute(veDir, "unix:mode", LinkOption.NOFOLLOW_LINKS);
        if ((dirMode & S_IWGRP_IWOTH) != 0) {
            return Optional.of(veDir + " is writable by group or others, so init_vem could be replaced");
        }
        return Optional.empty();
    }

    private static HookResult execute(ImagePaths image, Path hook, long veId, long vemId, Duration timeout,
            int outputCap, String storageHost) throws IOException, InterruptedException {
        String marker = marker(AGENT, UUID.randomUUID().toString(), storageHost);
        ProcessBuilder builder = new ProcessBuilder(hook.toString(), Long.toString(veId), Long.toString(vemId))
                .directory(image.veDir(veId).toFile())
                .redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        Map<String, String> env = builder.environment();
        env.clear();
        env.put("PATH", PATH);
        env.put("LANG", "C.UTF-8");
        env.put("HOME", "/");
        env.put("SHAREDFS_VE_ID", Long.toString(veId));
        env.put("SHAREDFS_VEM_ID", Long.toString(vemId));
        env.put("SHAREDFS_IMAGE_ROOT", image.root().toString());
        env.put("SHAREDFS_VE_DIR", image.veDir(veId).toString());
        env.put("SHAREDFS_NODE_TREE", image.nodeTree(veId, vemId).toString());
        env.put(MARKER, marker);
        long started = System.nanoTime();
        Process process = builder.start();
        OutputTail tail = new OutputTail(outputCap);
        Thread reader = new Thread(() -> drain(process.getInputStream(), tail), "init_vem-output-" + veId + "-" + vemId);
        reader.setDaemon(true);
        reader.start();
        boolean finished;
        try {
            finished = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            // The agent is stopping: not a timeout, not a result; the caller records nothing.
            killTree(process, marker);
            throw new InterruptedException("init_vem of VE " + veId + " for node " + vemId
                    + " was stopped with node-provisioner; its process tree was killed");
        }
        // Leftovers are killed after a normal exit too: a hook must not leave processes behind.
        killTree(process, marker);
        joinQuietly(reader);
        long millis = Duration.ofNanos(System.nanoTime() - started).toMillis();
        if (!finished) {
            return new HookResult(HookOutcome.TIMED_OUT, null, "init_vem ran longer than " + timeout
                    + "; its process tree was killed", millis, tail.text(), tail.truncated());
        }
        int exit = process.exitValue();
        return new HookResult(HookOutcome.EXITED, exit, exit == 0 ? null : "init_vem exited with status " + exit,
                millis, tail.text(), tail.truncated());
    }

    private static void drain(InputStream output, OutputTail tail) {
        byte[] buffer = new byte[8192];
        try (output) {
            int read;
            while ((read = output.read(buffer)) >= 0) {
                tail.append(buffer, read);
            }
        } catch (IOException e) {
            // The hook's processes were killed; what was read so far is kept.
        }
    }

    /**
     * Kills the hook and every process that carries its marker, until none is left. A process in
     * the middle of an exec shows an empty environment for a moment, so "none left" takes a few
     * empty scans in a row, a little apart.
     */
    static void killTree(Process process, String marker) {
        killUntilNoneLeft(() -> {
            Set<ProcessHandle> victims = new HashSet<>();
            if (process.isAlive()) {
                victims.add(process.toHandle());
            }
            process.toHandle().descendants().forEach(victims::add);
            victims.addAll(marked(marker));
            return victims;
        });
    }

    /**
     * Kills what hooks an agent of this storage host that is gone (kill -9, a crash) left running:
     * they escaped their timeout. A hook's marker names the agent that started it and its storage
     * host, so hooks of another agent alive on the same machine, and every hook of another storage
     * host, are left alone.
     *
     * @return how many processes were killed
     */
    public static int killLeftovers() {
        return killLeftovers(configuredStorageHost());
    }

    /** As {@link #killLeftovers()}, for the agent of {@code storageHost}. */
    public static int killLeftovers(String storageHost) {
        String mine = hostToken(storageHost);
        return killUntilNoneLeft(() -> {
            Set<ProcessHandle> victims = new HashSet<>();
            marked().forEach((process, marker) -> {
                String host = hostOf(marker);
                boolean ours = host == null || host.equals(mine);
                if (ours && !agentAlive(marker) && !process.equals(ProcessHandle.current())) {
                    victims.add(process);
                }
            });
            return victims;
        });
    }

    /** A hook's marker: {@code <agent>/<run>/<storage host, URL-encoded and lower case>}. */
    static String marker(String agent, String run, String storageHost) {
        return agent + "/" + run + "/" + hostToken(storageHost);
    }

    private static String hostToken(String storageHost) {
        return URLEncoder.encode(storageHost.toLowerCase(Locale.ROOT), StandardCharsets.UTF_8);
    }

    /** The storage host part of a marker (as encoded), or null for a marker without one. */
    private static String hostOf(String marker) {
        String[] parts = marker.split("/", -1);
        return parts.length >= 3 ? parts[2] : null;
    }

    /**
     * The storage host of this agent, from its configuration ({@value #STORAGE_HOST_OPTION},
     * {@code localhost} when unset, as the service's own default).
     */
    static String configuredStorageHost() {
        try {
            return ConfigProvider.getConfig().getOptionalValue(STORAGE_HOST_OPTION, String.class).orElse("localhost");
        } catch (IllegalStateException e) {
            return "localhost";
        }
    }

    private static String agentId(ProcessHandle agent) {
        return agent.pid() + "@" + agent.info().startInstant().map(java.time.Instant::toEpochMilli).orElse(0L);
    }

    /** Whether the agent a marker names ({@code pid@start/run}) still runs. */
    private static boolean agentAlive(String marker) {
        int slash = marker.indexOf('/');
        int at = marker.indexOf('@');
        if (slash < 0 || at < 0 || at > slash) {
            return false;
        }
        try {
            long pid = Long.parseLong(marker.substring(0, at));
            String agent = marker.substring(0, slash);
            return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).map(HookRunner::agentId)
                    .map(agent::equals).orElse(false);
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static int killUntilNoneLeft(Supplier<Set<ProcessHandle>> scan) {
        Set<ProcessHandle> killed = new HashSet<>();
        int emptyScans = 0;
        for (int round = 0; round < 100 && emptyScans < QUIET_SCANS; round++) {
            Set<ProcessHandle> victims = scan.get();
            if (victims.isEmpty()) {
                emptyScans++;
                LockSupport.parkNanos(QUIET_PAUSE.toNanos());
                continue;
            }
            emptyScans = 0;
            killed.addAll(victims);
            List<ProcessHandle> parentsFirst = parentsFirst(victims);
            parentsFirst.forEach(ProcessHandle::destroyForcibly);
            parentsFirst.forEach(HookRunner::awaitDeath);
        }
        return killed.size();
    }

    /**
     * The victims, each after its ancestors among them: a shell killed after its child would live
     * long enough to report the death ("Killed") into the hook's captured output.
     */
    static List<ProcessHandle> parentsFirst(Set<ProcessHandle> victims) {
        Map<ProcessHandle, Integer> depth = new HashMap<>();
        for (ProcessHandle victim : victims) {
            int ancestors = 0;
            for (Optional<ProcessHandle> up = victim.parent(); up.isPresent(); up = up.get().parent()) {
                if (victims.contains(up.get())) {
                    ancestors++;
                }
            }
            depth.put(victim, ancestors);
        }
        return victims.stream().sorted(Comparator.comparing(depth::get)).toList();
    }

    /**
     * Waits a little for a killed process to die. A zombie counts as dead: an orphan's zombie waits
     * for an init that may be slow to reap it (ProcessHandle.onExit would wait for that too).
     */
    private static void awaitDeath(ProcessHandle victim) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        while (running(victim.pid()) && System.nanoTime() < deadline) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
        }
    }

    /** Whether the process exists and is not a zombie. */
    static boolean running(long pid) {
        String stat;
        try {
            stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"), StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            return false;
        }
        int end = stat.lastIndexOf(')');
        char state = end > 0 && end + 2 < stat.length() ? stat.charAt(end + 2) : 'X';
        return state != 'Z' && state != 'X';
    }

    private static Set<ProcessHandle> marked(String marker) {
        Set<ProcessHandle> found = new HashSet<>();
        marked().forEach((process, value) -> {
            if (value.equals(marker)) {
                found.add(process);
            }
        });
        return found;
    }

    /** Every process carrying the marker variable, with its value. */
    private static Map<ProcessHandle, String> marked() {
        byte[] name = (MARKER + "=").getBytes(StandardCharsets.US_ASCII);
        Map<ProcessHandle, String> found = new HashMap<>();
        try (DirectoryStream<Path> procs = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
            for (Path proc : procs) {
                String value = valueOf(proc.resolve("environ"), name);
                if (value != null) {
                    ProcessHandle.of(Long.parseLong(proc.getFileName().toString()))
                            .ifPresent(process -> found.put(process, value));
                }
            }
        } catch (IOException e) {
            // Without /proc only the descendants found through the process tree are killed.
        }
        return found;
    }

    /** The value of the variable {@code name} (given as {@code NAME=}) in an environ file, or null. */
    private static String valueOf(Path environ, byte[] name) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(environ);
        } catch (IOException | SecurityException e) {
            return null;
        }
        outer:
        for (int i = 0; i + name.length <= bytes.length; i++) {
            if (i > 0 && bytes[i - 1] != 0) {
                // Only at the start of a NAME=value entry.
                continue;
            }
            for (int j = 0; j < name.length; j++) {
                if (bytes[i + j] != name[j]) {
                    continue outer;
                }
            }
            int end = i + name.length;
            while (end < bytes.length && bytes[end] != 0) {
                end++;
            }
            return new String(bytes, i + name.length, end - i - name.length, StandardCharsets.ISO_8859_1);
        }
        return null;
    }

    private static void joinQuietly(Thread thread) {
        try {
            thread.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static int currentUid() throws IOException {
        return (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
    }
}
