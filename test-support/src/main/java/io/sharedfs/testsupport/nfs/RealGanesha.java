package io.sharedfs.testsupport.nfs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;

/**
 * A real {@code ganesha.nfsd} for tests: its own DBus bus and configuration under a
 * directory of the build, on free ports of 127.0.0.1 (rpcbind is started only when none runs: Ganesha
 * refuses to start without one), including nfs-exporter's {@code exports.conf}; and a real NFS client
 * (libnfs, through nfsprobe) that connects from any 127.x address. Needs root and the Debian packages
 * nfs-ganesha, nfs-ganesha-vfs, rpcbind, dbus, libnfs-dev: a missing one fails the test with its name.
 */
public final class RealGanesha implements AutoCloseable {

    private final Path dir;
    private final Path include;
    private final String bindAddress;
    private final int nfsPort = freePort();
    private final int mountPort = freePort();
    private final List<Process> started = new ArrayList<>();
    private Process dbus;
    private Process ganesha;

    private RealGanesha(Path dir, Path include, String bindAddress) {
        this.dir = dir;
        this.include = include;
        this.bindAddress = bindAddress;
    }

    /** Listening on 127.0.0.1 only. */
    public static RealGanesha start(Path dir, Path include) {
        return start(dir, include, "127.0.0.1");
    }

    /** Listening on {@code bindAddress} (e.g. 0.0.0.0, for a guest on a tap device as well as local clients). */
    public static RealGanesha start(Path dir, Path include, String bindAddress) {
        require("ganesha.nfsd", "/usr/bin/ganesha.nfsd", "nfs-ganesha nfs-ganesha-vfs");
        require("rpcbind", "/usr/sbin/rpcbind", "rpcbind");
        require("dbus-daemon", "/usr/bin/dbus-daemon", "dbus");
        if (!"root".equals(System.getProperty("user.name"))) {
            throw new IllegalStateException("NFS-Ganesha tests must run as root (open_by_handle_at, privileged"
                    + " ports); they run as " + System.getProperty("user.name"));
        }
        RealGanesha server = new RealGanesha(dir, include, bindAddress);
        try {
            server.startAll();
            return server;
        } catch (IOException | RuntimeException e) {
            server.close();
            throw e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
        }
    }

    public String dbusAddress() {
        return "unix:path=" + dir.resolve("bus.sock");
    }

    private void startAll() throws IOException {
        Files.createDirectories(dir);
        Files.deleteIfExists(dir.resolve("bus.sock"));
        Files.writeString(dir.resolve("bus.conf"), """
                <!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-BUS Bus Configuration 1.0//EN"
                 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
                <busconfig><type>system</type><listen>%s</listen><auth>EXTERNAL</auth>
                <policy context="default"><allow user="root"/><allow own="*"/>
                <allow send_destination="*" eavesdrop="false"/><allow receive_sender="*"/></policy></busconfig>
                """.formatted(dbusAddress()));
        dbus = spawn("dbus.log", "dbus-daemon", "--nofork", "--config-file=" + dir.resolve("bus.conf"));
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(dir.resolve("bus.sock")));
        if (!rpcbindRuns()) {
            spawn("rpcbind.log", "rpcbind", "-f", "-w");
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(RealGanesha::rpcbindRuns);
        }
        Files.writeString(dir.resolve("ganesha.conf"), """
                NFS_CORE_PARAM { Bind_addr = %s; NFS_Port = %d; MNT_Port = %d; Mount_Path_Pseudo = true;
                  Protocols = 3, 4; Enable_NLM = false; Enable_RQUOTA = false; }
                NFSV4 { Graceless = true; }
                EXPORT_DEFAULTS { Access_Type = None; Squash = Root_Squash; SecType = sys; }
                %%include "%s"
                """.formatted(bindAddress, nfsPort, mountPort, include));
        startGanesha();
    }

    /** Kills Ganesha and starts it again from its configuration (what a restarted server does). */
    public void restart() throws IOException {
        kill(ganesha);
        startGanesha();
    }

    private void startGanesha() throws IOException {
        Path log = dir.resolve("ganesha.log");
        ProcessBuilder builder = new ProcessBuilder("ganesha.nfsd", "-F", "-f", dir.resolve("ganesha.conf").toString(),
                "-L", log.toString(), "-p", dir.resolve("ganesha.pid").toString(), "-N", "NIV_EVENT")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("ganesha.out")
                        .toFile()));
        builder.environment().put("DBUS_SYSTEM_BUS_ADDRESS", dbusAddress());
        ganesha = builder.start();
        started.add(ganesha);
        // Serving once a null call of the NFS program answers.
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() -> {
            if (!ganesha.isAlive()) {
                throw new IllegalStateException("ganesha.nfsd exited with " + ganesha.exitValue() + "; see " + log);
            }
            return as("127.0.0.1").run(3, "null").ok();
        });
    }

    /** The NFS client, connecting from {@code source}. */
    public Client as(String source) {
        return new Client(source, 0, 0);
    }

    /** The same, with the calls of a user of the node (AUTH_SYS uid and gid) instead of its root. */
    public Client as(String source, int uid, int gid) {
        return new Client(source, uid, gid);
    }

    /** One node's view: nfsprobe runs with its source address. */
    public final class Client {

        private final String source;
        private final int uid;
        private final int gid;

        Client(String source, int uid, int gid) {
            this.source = source;
            this.uid = uid;
            this.gid = gid;
        }

        public Answer run(int version, String... command) {
            NativeTools tools = NativeTools.get();
            List<String> argv = new ArrayList<>(List.of(tools.nfsprobe().toString(), "-p", String.valueOf(nfsPort),
                    "-m", String.valueOf(mountPort), "-u", String.valueOf(uid), "-g", String.valueOf(gid), "127.0.0.1",
                    String.valueOf(version)));
            argv.addAll(List.of(command));
            try {
                ProcessBuilder builder = new ProcessBuilder(argv).redirectErrorStream(true);
                builder.environment().put("SRC_ADDR", source);
                builder.environment().put("LD_PRELOAD", tools.bindshim().toString());
                Process process = builder.start();
                if (!process.waitFor(30, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    return new Answer(false, "timed out: " + argv);
                }
                String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
                return new Answer(process.exitValue() == 0 && out.startsWith("OK"), out);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    /** What nfsprobe printed: {@code OK ...} or {@code ERR <status> ...}. */
    public record Answer(boolean ok, String line) {

        /** The server said no (an NFS or MOUNT status), as opposed to the probe being called wrongly. */
        public boolean refused() {
            return !ok && line.startsWith("ERR ") && !line.startsWith("ERR USAGE");
        }

        /** What follows {@code OK} (a handle, a listing, hex content); fails with the line when it was no OK. */
        public String payload() {
            if (!ok) {
                throw new AssertionError("expected OK from nfsprobe: " + line);
            }
            return line.substring("OK".length()).strip();
        }
    }

    /** Bytes as nfsprobe takes and prints them: hex of the UTF-8 text. */
    public static String hex(String text) {
        return java.util.HexFormat.of().formatHex(text.getBytes(StandardCharsets.UTF_8));
    }

    public int nfsPort() {
        return nfsPort;
    }

    public int mountPort() {
        return mountPort;
    }

    @Override
    public void close() {
        for (int i = started.size() - 1; i >= 0; i--) {
            kill(started.get(i));
        }
        started.clear();
    }

    private Process spawn(String log, String... argv) throws IOException {
        Process process = new ProcessBuilder(argv).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve(log).toFile())).start();
        started.add(process);
        return process;
    }

    private static void kill(Process process) {
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static boolean rpcbindRuns() {
        return ProcessHandle.allProcesses().anyMatch(p -> p.info().command().map(c -> c.endsWith("/rpcbind"))
                .orElse(false));
    }

    private static void require(String what, String path, String packages) {
        if (!Files.isExecutable(Path.of(path))) {
            throw new IllegalStateException(what + " (" + path + ") is missing: install the Debian packages "
                    + packages + " (.ci/run does)");
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
