package io.sharedfs.exporter.ganesha;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sharedfs.contracts.node.NodeRef;
import io.sharedfs.exporter.exports.ApplyCommand;
import io.sharedfs.exporter.exports.ExportTable;
import io.sharedfs.exporter.exports.ExportsInstaller;
import io.sharedfs.exporter.exports.KernelNfsServer;
import io.sharedfs.exporter.exports.NfsServer;
import io.sharedfs.exporter.exports.NodeFacts;
import io.sharedfs.exporter.ganesha.dbus.DbusExportManager;
import io.sharedfs.testsupport.nfs.RealGanesha;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * How long each backend takes to put a burst of 1,000 and of 10,000 exports in force, and then one more
 * node (6 exports) on top: kernel nfsd through {@code exportfs -ra} (in a private mount namespace, so the
 * host's tables stay untouched: it validates and writes its etab, there is no nfsd here), NFS-Ganesha
 * through DBus against a real ganesha.nfsd. A benchmark: it prints figures and asserts only that each run
 * succeeded. Run it with {@code mvn -pl nfs-exporter test -Dbenchmarks -Dtest=ApplyBackendsBenchmark}
 * (as root, with exportfs and Ganesha installed).
 */
@Tag("benchmark")
class ApplyBackendsBenchmark {

    private static final Path WORK = Path.of("target", "apply-backends").toAbsolutePath();

    @Test
    void burstsOfOneThousandAndTenThousandExports() throws IOException {
        GaneshaNfsServerTest.deleteTree(WORK);
        List<String> figures = new ArrayList<>();
        for (int exports : new int[] {1_000, 10_000}) {
            List<NodeFacts> nodes = nodes(exports / 6 + 1);
            ExportTable burst = GaneshaTables.table(1, nodes.subList(0, nodes.size() - 1).toArray(NodeFacts[]::new));
            ExportTable oneMore = GaneshaTables.table(2, nodes.toArray(NodeFacts[]::new));
            figures.add(kernel(exports, burst, oneMore));
            figures.add(ganesha(exports, burst, oneMore));
        }
        figures.forEach(System.out::println);
    }

    private static String kernel(int exports, ExportTable burst, ExportTable oneMore) throws IOException {
        Path dir = Files.createDirectories(WORK.resolve("kernel-" + exports));
        Path script = Path.of("target", "test-classes", "exportfs-in-namespace.sh").toAbsolutePath();
        ExportsInstaller installer = new ExportsInstaller(dir, "sharedfs.exports",
                ApplyCommand.parse("sh " + script + " " + dir.resolve("sharedfs.exports"), Duration.ofMinutes(5)));
        KernelNfsServer server = new KernelNfsServer(installer);
        long first = timed(server, burst);
        long next = timed(server, oneMore);
        return String.format("kernel nfsd, exportfs -ra: %,d exports %d ms; one node more (%,d lines, the whole file"
                + " again) %d ms", burst.entries(), first, oneMore.entries(), next);
    }

    private static String ganesha(int exports, ExportTable burst, ExportTable oneMore) throws IOException {
        Path configDir = Files.createDirectories(WORK.resolve("ganesha-" + exports));
        new GaneshaFiles(configDir).prepare();
        try (RealGanesha real = RealGanesha.start(WORK.resolve("ganesha-server-" + exports),
                configDir.resolve(GaneshaFiles.EXPORTS_CONF))) {
            GaneshaSettings settings = new GaneshaSettings(configDir, real.dbusAddress(), "/sharedfs",
                    Duration.ofSeconds(60), 1000);
            try (DbusExportManager manager = new DbusExportManager(settings.dbusAddress(), settings.callTimeout())) {
                GaneshaNfsServer server = new GaneshaNfsServer(settings, manager);
                long first = timed(server, burst);
                long next = timed(server, oneMore);
                assertEquals(oneMore.entries() + 1, manager.exportIds().size());
                return String.format("NFS-Ganesha over DBus: %,d exports %d ms (%.2f ms an export); one node more"
                        + " (6 AddExport calls) %d ms", burst.entries(), first, (double) first / burst.entries(), next);
            }
        }
    }

    private static long timed(NfsServer server, ExportTable table) {
        long started = System.nanoTime();
        NfsServer.Outcome outcome = server.apply(table);
        long millis = (System.nanoTime() - started) / 1_000_000;
        assertEquals(NfsServer.Result.APPLIED, outcome.result(), outcome.message());
        return millis;
    }

    /** Shared nodes of one image in 100-node VEs, their directories made (both servers check them). */
    private static List<NodeFacts> nodes(int count) throws IOException {
        Path image = WORK.resolve("images/farm");
        Files.createDirectories(image);
        Path privateRoot = Files.createDirectories(image.resolve("private"));
        Files.setPosixFilePermissions(privateRoot, PosixFilePermissions.fromString("rwx------"));
        List<NodeFacts> nodes = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            long ve = 100 + i / 100;
            long vem = 1 + i % 100;
            NodeFacts node = new NodeFacts(new NodeRef(ve, vem), "10.9." + (i / 250) + "." + (i % 250 + 1),
                    image.toString(), true, List.of("/var", "/etc", "/tmp"), List.of(), List.of());
            for (String dir : List.of("var", "etc", "tmp", "custom")) {
                Files.createDirectories(Path.of(node.privateTree(), dir));
            }
            Files.createDirectories(Path.of(node.veCustom()));
            nodes.add(node);
        }
        return nodes;
    }
}
