package io.sharedfs.exporter.exports;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * How long building, analysing and rendering the export table of 10,000 nodes takes (SPEC: at
 * most 200 ms to render). A benchmark, not a test: excluded from the default run, it prints the
 * figures and asserts only correctness. Run it with
 * {@code mvn -pl nfs-exporter test -Dbenchmarks -Dtest=RenderBenchmark}.
 */
@Tag("benchmark")
class RenderBenchmark {

    private static final Logger LOG = Logger.getLogger(RenderBenchmark.class);
    private static final int WARM_UP = 20;
    private static final int MEASURED = 20;

    @Test
    void tenThousandNodes() {
        List<NodeFacts> nodes = TenThousandNodes.nodes();
        long[] build = new long[MEASURED];
        long[] analyse = new long[MEASURED];
        long[] render = new long[MEASURED];
        String file = null;
        for (int i = 0; i < WARM_UP + MEASURED; i++) {
            long t0 = System.nanoTime();
            ExportTable table = Tables.table(nodes);
            long t1 = System.nanoTime();
            List<Finding> findings = ExportAnalyzer.analyze(table.lines(), nodes, Tables.disk());
            long t2 = System.nanoTime();
            file = ExportsRenderer.render(table);
            long t3 = System.nanoTime();
            assertEquals(List.of(), findings);
            if (i >= WARM_UP) {
                build[i - WARM_UP] = t1 - t0;
                analyse[i - WARM_UP] = t2 - t1;
                render[i - WARM_UP] = t3 - t2;
            }
        }
        TenThousandNodes.assertEveryNodeOnce(file);
        String figures = String.format("10,000 nodes, %d lines, %d bytes: build %s, analyse %s, render %s"
                + " (median / max of %d runs after %d warm-up runs)", TenThousandNodes.expectedEntries(),
                file.length(), figure(build), figure(analyse), figure(render), MEASURED, WARM_UP);
        LOG.info(figures);
        System.out.println(figures);
    }

    /**
     * The same analysis with the real disk probe over a real layout of 10,000 nodes (about 50,000
     * directories under target/): one lstat per distinct directory, the cost an apply run adds.
     */
    @Test
    void tenThousandNodesOnDisk() throws IOException {
        Path base = Path.of("target", "benchmark-layout").toAbsolutePath();
        List<NodeFacts> nodes = TenThousandNodes.nodes().stream()
                .map(node -> new NodeFacts(node.node(), node.address(), base + node.imageRoot(), node.shared(),
                        node.privateDirs(), node.sharedSubdirs(), node.ramDirs()))
                .toList();
        int privateOwner = (int) new com.sun.security.auth.module.UnixSystem().getUid();
        layOut(nodes);
        ExportTable table = Tables.table(nodes);
        long[] analyse = new long[5];
        for (int i = 0; i < analyse.length; i++) {
            long t0 = System.nanoTime();
            assertEquals(List.of(), ExportAnalyzer.analyze(table.lines(), nodes, new DiskProbe(privateOwner)));
            analyse[i] = System.nanoTime() - t0;
        }
        String figures = "10,000 nodes on disk: analyse with the disk probe " + figure(analyse)
                + " (median / max of " + analyse.length + " runs, page cache warm after the first)";
        LOG.info(figures);
        System.out.println(figures);
    }

    private static void layOut(List<NodeFacts> nodes) throws IOException {
        for (NodeFacts node : nodes) {
            Files.createDirectories(Path.of(node.imageRoot()));
            if (!node.shared()) {
                continue;
            }
            Path privateRoot = Files.createDirectories(Path.of(node.imageRoot(), "private"));
            Files.setPosixFilePermissions(privateRoot, PosixFilePermissions.fromString("rwx------"));
            for (String dir : node.privateDirs()) {
                Files.createDirectories(Path.of(node.privateTree() + dir));
            }
            Files.createDirectories(Path.of(node.privateTree(), "custom"));
            Files.createDirectories(Path.of(node.veCustom()));
        }
    }

    private static String figure(long[] nanos) {
        long[] sorted = nanos.clone();
        java.util.Arrays.sort(sorted);
        return String.format("%.1f / %.1f ms", sorted[sorted.length / 2] / 1e6, sorted[sorted.length - 1] / 1e6);
    }
}
