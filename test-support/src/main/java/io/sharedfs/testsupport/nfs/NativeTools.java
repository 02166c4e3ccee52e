package io.sharedfs.testsupport.nfs;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The two native helpers of the NFS test toolkit, compiled with {@code gcc} once per JVM (and
 * cached across JVMs by a hash of their sources):
 *
 * <ul>
 *   <li>{@code nfsprobe} - a one-shot NFS client on libnfs (see {@code native/nfsprobe.c} on the
 *       classpath for its command line; {@link NfsClient} wraps it);
 *   <li>{@code bindshim.so} - an {@code LD_PRELOAD} shim that binds every IPv4 socket of the
 *       process to {@code $SRC_ADDR}, so one machine can act as many NFS clients (every address
 *       in 127.0.0.0/8 is local).
 * </ul>
 *
 * <p>The C sources are read from the classpath ({@code /native/nfsprobe.c}, {@code
 * /native/bindshim.c}, i.e. {@code test-support/src/main/resources/native/}), so a module that
 * depends on the test-support jar gets them too. Binaries go to {@code
 * <dir>/<hash>/} where {@code dir} is the system property {@code sharedfs.native.dir} or, by
 * default, {@code ${java.io.tmpdir}/sharedfs-native} (surefire points {@code java.io.tmpdir} at
 * the module's {@code target/}).
 *
 * <p>Missing tools are an error, never a skip: without {@code gcc} or the libnfs headers this
 * throws an {@link IllegalStateException} naming the Debian package to install ({@code gcc},
 * {@code libnfs-dev}).
 */
public final class NativeTools {

    /** Debian package with the libnfs headers and the {@code libnfs.so} link. */
    public static final String LIBNFS_DEV_PACKAGE = "libnfs-dev";
    /** Debian package with the C compiler. */
    public static final String GCC_PACKAGE = "gcc";

    private static final String PROBE_SOURCE = "/native/nfsprobe.c";
    private static final String SHIM_SOURCE = "/native/bindshim.c";
    private static final Path LIBNFS_HEADER = Path.of("/usr/include/nfsc/libnfs.h");
    private static final Path LIBNFS_RAW_NFS4_HEADER = Path.of("/usr/include/nfsc/libnfs-raw-nfs4.h");
    private static final List<String> PROBE_FLAGS = List.of("-O2", "-Wall", "-lnfs");
    private static final List<String> SHIM_FLAGS = List.of("-shared", "-fPIC", "-O2", "-Wall", "-ldl");

    private static final Map<Path, NativeTools> BY_DIRECTORY = new ConcurrentHashMap<>();

    private final Path directory;
    private final Path nfsprobe;
    private final Path bindshim;

    private NativeTools(Path directory) {
        this.directory = directory;
        this.nfsprobe = directory.resolve("nfsprobe");
        this.bindshim = directory.resolve("bindshim.so");
    }

    /** The tools in the default directory (see class comment), compiled on first use. */
    public static NativeTools get() {
        String configured = System.getProperty("sharedfs.native.dir");
        Path base = configured != null && !configured.isBlank()
                ? Path.of(configured)
                : Path.of(System.getProperty("java.io.tmpdir"), "sharedfs-native");
        return in(base);
    }

    /** The tools compiled under {@code baseDir/<hash of the sources>/}, compiled on first use. */
    public static NativeTools in(Path baseDir) {
        Path base = baseDir.toAbsolutePath().normalize();
        return BY_DIRECTORY.computeIfAbsent(base, NativeTools::build);
    }

    /** The {@code nfsprobe} executable. */
    public Path nfsprobe() {
        return nfsprobe;
    }

    /** The {@code bindshim.so} library, for {@code LD_PRELOAD}. */
    public Path bindshim() {
        return bindshim;
    }

    /** The directory holding both binaries. */
    public Path directory() {
        return directory;
    }

    private static NativeTools build(Path base) {
        byte[] probeSource = resource(PROBE_SOURCE);
        byte[] shimSource = resource(SHIM_SOURCE);
        Path target = base.resolve(hash(probeSource, shimSource));
        NativeTools tools = new NativeTools(target);
        if (Files.isExecutable(tools.nfsprobe) && Files.isRegularFile(tools.bindshim)) {
            return tools;
        }
        String gcc = findOnPath("gcc").orElseThrow(() -> new IllegalStateException(
                "gcc is not installed; the NFS test toolkit compiles its libnfs client with it."
                        + " Install the Debian package '" + GCC_PACKAGE + "' (apt-get install -y "
                        + GCC_PACKAGE + ")"));
        if (!Files.isRegularFile(LIBNFS_HEADER) || !Files.isRegularFile(LIBNFS_RAW_NFS4_HEADER)) {
            throw new IllegalStateException("libnfs headers (" + LIBNFS_HEADER + ") are missing."
                    + " Install the Debian package '" + LIBNFS_DEV_PACKAGE + "' (apt-get install -y "
                    + LIBNFS_DEV_PACKAGE + ")");
        }
        try {
            Files.createDirectories(base);
            Path work = Files.createTempDirectory(base, "build-");
            try {
                Path probeC = work.resolve("nfsprobe.c");
                Path shimC = work.resolve("bindshim.c");
                Files.write(probeC, probeSource);
                Files.write(shimC, shimSource);
                compile(gcc, shimC, work.resolve("bindshim.so"), SHIM_FLAGS);
                compile(gcc, probeC, work.resolve("nfsprobe"), PROBE_FLAGS);
                try {
                    Files.move(work, target, StandardCopyOption.ATOMIC_MOVE);
                } catch (FileAlreadyExistsException | AtomicMoveNotSupportedException e) {
                    // another JVM won the race (or left a partial dir): keep a complete one
                    if (!(Files.isExecutable(tools.nfsprobe) && Files.isRegularFile(tools.bindshim))) {
                        deleteTree(target);
                        Files.move(work, target, StandardCopyOption.ATOMIC_MOVE);
                    }
                } catch (IOException e) {
                    if (!(Files.isExecutable(tools.nfsprobe) && Files.isRegularFile(tools.bindshim))) {
                        throw e;
                    }
                }
            } finally {
                if (Files.exists(work)) {
                    deleteTree(work);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot build the NFS test tools under " + base, e);
        }
        return tools;
    }

    private static void compile(String gcc, Path source, Path output, List<String> flags) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(gcc);
        // -shared/-fPIC/-O2/-Wall before the source, libraries after it
        flags.stream().filter(f -> !f.startsWith("-l")).forEach(command::add);
        command.add("-o");
        command.add(output.toString());
        command.add(source.toString());
        flags.stream().filter(f -> f.startsWith("-l")).forEach(command::add);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out;
        try (InputStream in = process.getInputStream()) {
            out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        try {
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("gcc timed out: " + String.join(" ", command));
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while compiling " + source, e);
        }
        if (process.exitValue() != 0) {
            String hint = out.contains("nfsc/") || out.contains("-lnfs")
                    ? " Install the Debian package '" + LIBNFS_DEV_PACKAGE + "'."
                    : "";
            throw new IllegalStateException("compiling " + source.getFileName() + " failed (exit "
                    + process.exitValue() + ")." + hint + "\n" + String.join(" ", command) + "\n" + out);
        }
    }

    private static byte[] resource(String name) {
        try (InputStream in = NativeTools.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("resource " + name + " is not on the classpath");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String hash(byte[] probe, byte[] shim) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(probe);
            digest.update((byte) 0);
            digest.update(shim);
            digest.update(String.join(" ", PROBE_FLAGS).getBytes(StandardCharsets.UTF_8));
            digest.update(String.join(" ", SHIM_FLAGS).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest.digest()).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static Optional<String> findOnPath(String program) {
        String path = System.getenv("PATH");
        List<String> dirs = new ArrayList<>();
        if (path != null) {
            dirs.addAll(List.of(path.split(":")));
        }
        dirs.addAll(List.of("/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin"));
        for (String dir : dirs) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, program);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate.toString());
            }
        }
        return Optional.empty();
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
