package io.sharedfs.provisioner.fs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * What making private trees durable costs, on a real file system (the one under {@code target/}):
 * trees shaped like a Debian minbase image's {@code /etc} and {@code /var} (about 1,500 entries,
 * 10 MiB), built by several workers at once, made durable three ways:
 *
 * <ul>
 *   <li>none at all (unsafe, for reference: what the copy and the rename cost);</li>
 *   <li>one {@code sync --file-system} per tree (sharedfs before group commit);</li>
 *   <li>{@code fsync} of every file and directory of the tree, in one pass;</li>
 *   <li>{@link TreeBuilder#build} as it is: {@code syncfs} and the parent directory's {@code fsync}
 *       group-committed ({@link Durable}).</li>
 * </ul>
 *
 * A benchmark, not a test: it prints the figures (flush counts, wall and per-tree times) and asserts
 * only that every tree was built. Run it with
 * {@code mvn -B -o -pl node-provisioner test -Dbenchmarks -Dtest=DurabilityBenchmark
 * -Dsurefire.failIfNoSpecifiedTests=false} ({@code -Dbenchmark.trees=N -Dbenchmark.workers=W}).
 */
@Tag("benchmark")
@EnabledIfSystemProperty(named = "benchmarks", matches = ".*")
class DurabilityBenchmark {

    private static final int TREES = Integer.getInteger("benchmark.trees", 40);
    private static final int WORKERS = Integer.getInteger("benchmark.workers", 4);

    @Test
    void threeWaysToMakeTreesDurable() throws Exception {
        TestImage.requireRoot();
        Path scratch = TestImage.scratch("durability");
        try {
            Path root = scratch.resolve("image");
            long[] shape = minbaseLike(root);
            ImagePaths image = ImagePaths.of(root.toString());
            LayoutPreparer.prepare(image, true);
            TreeBuilder.Layout layout = new TreeBuilder.Layout(List.of("/var", "/etc", "/tmp"), List.of(), List.of());
            System.out.printf(Locale.ROOT, "%nDurabilityBenchmark: %d trees, %d workers, each %,d entries and %.1f MiB"
                    + " (load average %s)%n", TREES, WORKERS, shape[0], shape[1] / 1048576.0, loadAverage());
            List<String> results = new ArrayList<>();
            // Warm the page cache with the image and the JIT with the copier.
            run("warm-up", image, layout, 1000, Math.min(TREES, 8), this::groupCommitted);
            for (int round = 0; round < 2; round++) {
                results.add(run("no flush at all (unsafe)", image, layout, 8000 + round * 1000, TREES,
                        this::noFlush));
                results.add(run("syncfs per tree", image, layout, 2000 + round * 1000, TREES, this::syncfsPerTree));
                results.add(run("fsync every file and dir", image, layout, 4000 + round * 1000, TREES,
                        this::fsyncEverything));
                results.add(run("group-committed (TreeBuilder)", image, layout, 6000 + round * 1000, TREES,
                        this::groupCommitted));
            }
            System.out.println();
            results.forEach(System.out::println);
            System.out.printf(Locale.ROOT, "(load average after: %s)%n%n", loadAverage());
        } finally {
            Durable.deleteTree(scratch);
        }
    }

    /**
     * The copy alone, one tree after the other, no flush: CPU time of {@link TreeCopier} (the copying
     * thread's) against {@code cp -a} of the same directories (the child's, from the shell's
     * {@code times}).
     */
    @Test
    void copyCpuAgainstCpA() throws Exception {
        TestImage.requireRoot();
        Path scratch = TestImage.scratch("copy-cpu");
        try {
            Path root = scratch.resolve("image");
            long[] shape = minbaseLike(root);
            java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
            int trees = Math.max(10, TREES / 2);
            double[] java = new double[2];
            double[] cp = new double[2];
            for (int round = 0; round < 3; round++) {
                for (int i = 0; i < trees; i++) {
                    Path target = Files.createDirectories(scratch.resolve("java-" + round + "-" + i));
                    long wall = System.nanoTime();
                    long cpu = threads.getCurrentThreadCpuTime();
                    for (String dir : List.of("var", "etc", "tmp")) {
                        TreeCopier.copy(root.resolve(dir), target.resolve(dir), "/" + dir, Set.of());
                    }
                    if (round > 0) {
                        java[0] += (System.nanoTime() - wall) / 1e6;
                        java[1] += (threads.getCurrentThreadCpuTime() - cpu) / 1e6;
                    }
                    Path copy = Files.createDirectories(scratch.resolve("cp-" + round + "-" + i));
                    long cpWall = System.nanoTime();
                    Process process = new ProcessBuilder("sh", "-c", "cp -a \"$1\"/var \"$1\"/etc \"$1\"/tmp \"$2\"/"
                            + " && times", "sh", root.toString(), copy.toString()).redirectErrorStream(true).start();
                    String times = new String(process.getInputStream().readAllBytes()).trim();
                    assertEquals(0, process.waitFor(), times);
                    if (round > 0) {
                        cp[0] += (System.nanoTime() - cpWall) / 1e6;
                        // The second line of times: the children's user and system time, as 0m0.012s 0m0.034s.
                        String[] children = times.lines().reduce((a, b) -> b).orElseThrow().trim().split("\\s+");
                        cp[1] += seconds(children[0]) * 1000 + seconds(children[1]) * 1000;
                    }
                }
                sync(scratch);
            }
            int measured = 2 * trees;
            System.out.printf(Locale.ROOT, "%nDurabilityBenchmark copy alone, %d trees of %,d entries, %.1f MiB, one at a"
                    + " time, no flush (load average %s):%n  TreeCopier %.1f ms wall, %.1f ms CPU a tree%n"
                    + "  cp -a      %.1f ms wall, %.1f ms CPU a tree%n%n", measured, shape[0], shape[1] / 1048576.0,
                    loadAverage(), java[0] / measured, java[1] / measured, cp[0] / measured, cp[1] / measured);
        } finally {
            Durable.deleteTree(scratch);
        }
    }

    private static double seconds(String time) {
        int m = time.indexOf('m');
        return Double.parseDouble(time.substring(0, m)) * 60 + Double.parseDouble(time.substring(m + 1,
                time.length() - 1));
    }

    private interface Builder {
        void build(ImagePaths image, TreeBuilder.Layout layout, long ve, long vem) throws Exception;
    }

    private String run(String name, ImagePaths image, TreeBuilder.Layout layout, long ve, int trees, Builder builder)
            throws Exception {
        sync(image.root());
        Durable.Flushes before = Durable.flushes();
        AtomicInteger next = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(WORKERS);
        long[] perTree = new long[trees];
        long start = System.nanoTime();
        List<Future<?>> work = new ArrayList<>();
        for (int w = 0; w < WORKERS; w++) {
            work.add(pool.submit(() -> {
                int vem;
                while ((vem = next.incrementAndGet()) <= trees) {
                    long t = System.nanoTime();
                    builder.build(image, layout, ve, vem);
                    perTree[vem - 1] = System.nanoTime() - t;
                }
                return null;
            }));
        }
        for (Future<?> done : work) {
            done.get();
        }
        long wall = System.nanoTime() - start;
        pool.shutdown();
        pool.awaitTermination(1, TimeUnit.MINUTES);
        Durable.Flushes after = Durable.flushes();
        try (var built = Files.list(image.veDir(ve))) {
            assertEquals(trees + 1, built.count(), "every tree built, and the VE's custom dir");
        }
        long sum = 0;
        for (long t : perTree) {
            sum += t;
        }
        String line = String.format(Locale.ROOT, "%-32s wall %6.2f s, %6.1f ms a tree (per worker %6.1f ms);"
                + " syncfs %d (asked %d), directory fsyncs %d (asked %d)", name, wall / 1e9, wall / 1e6 / trees,
                sum / 1e6 / trees, after.fileSystemSyncs() - before.fileSystemSyncs(),
                after.fileSystemRequests() - before.fileSystemRequests(),
                after.directorySyncs() - before.directorySyncs(),
                after.directoryRequests() - before.directoryRequests());
        System.out.println("  " + line);
        Durable.deleteTree(image.veDir(ve));
        return line;
    }

    /** The tree as {@link TreeBuilder#build} makes it now. */
    private void groupCommitted(ImagePaths image, TreeBuilder.Layout layout, long ve, long vem) throws Exception {
        TreeBuilder.build(image, image.defaultStaging(), ve, vem, layout);
    }

    /** For reference only: what the copy and the rename cost without making anything durable. */
    private void noFlush(ImagePaths image, TreeBuilder.Layout layout, long ve, long vem) throws Exception {
        Path work = copy(image, layout, ve, vem);
        Files.move(work.resolve("tree"), image.nodeTree(ve, vem), StandardCopyOption.ATOMIC_MOVE);
        Files.delete(work);
    }

    /** Before group commit: a syncfs of its own per tree, then the rename and the parent's fsync. */
    private void syncfsPerTree(ImagePaths image, TreeBuilder.Layout layout, long ve, long vem) throws Exception {
        Path work = copy(image, layout, ve, vem);
        Process sync = new ProcessBuilder("sync", "--file-system", work.toString()).start();
        if (sync.waitFor() != 0) {
            throw new IOException("sync failed");
        }
        place(image, work, ve, vem);
    }

    /** An fsync of every file written and every directory made, then the rename and the parent's fsync. */
    private void fsyncEverything(ImagePaths image, TreeBuilder.Layout layout, long ve, long vem) throws Exception {
        Path work = copy(image, layout, ve, vem);
        Files.walkFileTree(work.resolve("tree"), new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                if (attrs.isRegularFile()) {
                    force(file);
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException failure) throws IOException {
                force(dir);
                return FileVisitResult.CONTINUE;
            }
        });
        place(image, work, ve, vem);
    }

    private static Path copy(ImagePaths image, TreeBuilder.Layout layout, long ve, long vem) throws Exception {
        TreeBuilder.prepareVe(image, ve);
        TreeBuilder.ensureStaging(image, image.defaultStaging());
        Path work = Files.createTempDirectory(image.defaultStaging(), ve + "-" + vem + "-",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Path tree = Files.createDirectory(work.resolve("tree"));
        for (String dir : layout.privateDirs()) {
            TreeCopier.copy(image.inImage(dir), tree.resolve(dir.substring(1)), dir, Set.of());
        }
        Files.createDirectory(tree.resolve("custom"));
        return work;
    }

    private static void place(ImagePaths image, Path work, long ve, long vem) throws IOException {
        Path destination = image.nodeTree(ve, vem);
        Files.move(work.resolve("tree"), destination, StandardCopyOption.ATOMIC_MOVE);
        force(destination.getParent());
        Files.delete(work);
    }

    private static void force(Path path) throws IOException {
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }

    private static void sync(Path path) throws IOException, InterruptedException {
        new ProcessBuilder("sync", "--file-system", path.toString()).start().waitFor();
    }

    /**
     * {@code /etc} and {@code /var} shaped like a Debian minbase tree's: about 1,500 entries (a tenth
     * of them directories, a few dozen links), 10 MiB, most files small and a few large ones.
     *
     * @return entries and bytes
     */
    private static long[] minbaseLike(Path root) throws IOException {
        Random random = new Random(7);
        long entries = 0;
        long bytes = 0;
        Files.createDirectories(root.resolve("tmp"));
        for (String top : List.of("etc", "var")) {
            for (int d = 0; d < 75; d++) {
                Path dir = Files.createDirectories(root.resolve(top).resolve("d" + d));
                entries++;
                for (int f = 0; f < 9; f++) {
                    int size = f == 0 && d % 10 == 0 ? 300_000 : 500 + random.nextInt(8_000);
                    byte[] content = new byte[size];
                    random.nextBytes(content);
                    Files.write(dir.resolve("f" + f), content);
                    entries++;
                    bytes += size;
                }
                if (d % 5 == 0) {
                    Files.createSymbolicLink(dir.resolve("link"), Path.of("f1"));
                    entries++;
                }
            }
        }
        return new long[] {entries, bytes};
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException e) {
            return "?";
        }
    }
}
