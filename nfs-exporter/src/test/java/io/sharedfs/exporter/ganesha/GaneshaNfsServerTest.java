package io.sharedfs.exporter.ganesha;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sharedfs.contracts.node.NodeRef;
import io.sharedfs.exporter.exports.ExportTable;
import io.sharedfs.exporter.exports.NfsServer;
import io.sharedfs.exporter.exports.NodeFacts;
import io.sharedfs.exporter.ganesha.dbus.DbusExportManager;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import io.sharedfs.testsupport.nfs.RealGanesha;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The backend against a real NFS-Ganesha, checked over the wire with a real NFS client from each node's
 * own address: a table applied at run time is served to each node alone, applying it again changes
 * nothing, a node taken out of the table loses access at once, a restarted Ganesha serves the same table
 * from {@code exports.conf}, and an export Ganesha lost behind nfs-exporter's back comes back.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class GaneshaNfsServerTest {

    private static final Path WORK = Path.of("target", "ganesha-backend").toAbsolutePath();
    private static final Path IMAGE = WORK.resolve("images/web");
    private static final NodeFacts ONE = node(1, "127.77.10.1");
    private static final NodeFacts TWO = node(2, "127.77.10.2");

    private static RealGanesha ganesha;
    private static GaneshaSettings settings;

    @BeforeAll
    static void start() throws IOException {
        deleteTree(WORK);
        layOut();
        settings = new GaneshaSettings(WORK.resolve("sharedfs"), null, "/sharedfs", Duration.ofSeconds(30), 1000);
        new GaneshaFiles(settings.configDir()).prepare();
        ganesha = RealGanesha.start(WORK.resolve("server"), settings.configDir().resolve(GaneshaFiles.EXPORTS_CONF));
        settings = new GaneshaSettings(settings.configDir(), ganesha.dbusAddress(), "/sharedfs", Duration.ofSeconds(30),
                1000);
    }

    @AfterAll
    static void stop() {
        if (ganesha != null) {
            ganesha.close();
        }
    }

    @Test
    @Order(1)
    void eachNodeIsServedItsOwnTreesAndTheImageReadOnlyAndNothingElse() throws IOException {
        try (Backend backend = new Backend()) {
            NfsServer.Outcome outcome = backend.server.apply(table(1, ONE, TWO));
            assertEquals(NfsServer.Result.APPLIED, outcome.result(), outcome.message());
        }

        for (int version : new int[] {3, 4}) {
            RealGanesha.Client one = ganesha.as(ONE.address());
            String file = "written-v" + version + ".txt";
            assertOk(one.run(version, "write", "/sharedfs/10/1/private/var", file, hex("from node 1")));
            assertEquals("from node 1", Files.readString(IMAGE.resolve("private/10/1/var").resolve(file)),
                    "the write is on disk in the node's own tree");
            assertOk(one.run(version, "ls", "/sharedfs/10/1/image"));
            assertRefused(one.run(version, "write", "/sharedfs/10/1/image", "x-v" + version, hex("no")));
            assertRefused(one.run(version, "ls", "/sharedfs/10/1/image", "/private"));
            assertRefused(one.run(version, "ls", "/sharedfs/10/2/private/var"));
            assertRefused(one.run(version, "ls", "/sharedfs/10/2/image"));
            assertRefused(ganesha.as("127.77.10.99").run(version, "ls", "/sharedfs/10/1/image"));
        }
    }

    @Test
    @Order(2)
    void theSameTableAgainAsksNothingOfGanesha() throws IOException {
        GaneshaState before = new GaneshaFiles(settings.configDir()).loadState();
        try (Backend backend = new Backend()) {
            NfsServer.Outcome outcome = backend.server.apply(table(2, ONE, TWO));

            assertEquals(NfsServer.Result.APPLIED, outcome.result(), outcome.message());
            assertTrue(outcome.message().contains("already"), outcome.message());
            assertEquals(12 + 1, backend.manager.exportIds().size(), "12 exports and Ganesha's pseudo-root, none twice");
        }
        assertEquals(before, new GaneshaFiles(settings.configDir()).loadState());
    }

    @Test
    @Order(3)
    void aNodeTakenOutOfTheTableLosesAccessAtOnce() {
        assertOk(ganesha.as(TWO.address()).run(3, "ls", "/sharedfs/10/2/private/var"));
        try (Backend backend = new Backend()) {
            NfsServer.Outcome outcome = backend.server.apply(table(3, ONE));
            assertTrue(outcome.message().contains("6 withdrawn"), outcome.message());
        }

        for (int version : new int[] {3, 4}) {
            assertRefused(ganesha.as(TWO.address()).run(version, "ls", "/sharedfs/10/2/private/var"));
            assertOk(ganesha.as(ONE.address()).run(version, "ls", "/sharedfs/10/1/private/var"));
        }
    }

    @Test
    @Order(4)
    void aRestartedGaneshaServesTheSameTable() throws IOException {
        ganesha.restart();

        assertOk(ganesha.as(ONE.address()).run(3, "ls", "/sharedfs/10/1/private/etc"));
        assertRefused(ganesha.as(TWO.address()).run(3, "ls", "/sharedfs/10/2/private/etc"));
        try (Backend backend = new Backend()) {
            assertEquals(6 + 1, backend.manager.exportIds().size());
        }
    }

    @Test
    @Order(5)
    void anExportGaneshaLostIsServedAgainByTheNextRun() {
        GaneshaState state;
        try {
            state = new GaneshaFiles(settings.configDir()).loadState();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        int etc = state.exports().stream().filter(e -> e.pseudo().equals("/sharedfs/10/1/private/etc")).findFirst()
                .orElseThrow().id();
        try (Backend backend = new Backend()) {
            assertTrue(backend.manager.remove(etc), "removed behind nfs-exporter's back");
            assertRefused(ganesha.as(ONE.address()).run(3, "ls", "/sharedfs/10/1/private/etc"));

            NfsServer.Outcome outcome = backend.server.apply(table(4, ONE));

            assertTrue(outcome.message().contains("1 added"), outcome.message());
        }
        assertOk(ganesha.as(ONE.address()).run(3, "ls", "/sharedfs/10/1/private/etc"));
    }

    @Test
    @Order(6)
    void aRefusedCallFailsTheRunAndTheNextRunFinishesIt() throws IOException {
        NodeFacts three = node(3, "127.77.10.3");
        Path var = IMAGE.resolve("private/10/3/var");
        deleteTree(var);
        try (Backend backend = new Backend()) {
            NfsServer.Outcome failed = backend.server.apply(table(5, ONE, three));
            assertEquals(NfsServer.Result.FAILED, failed.result(), failed.message());
            assertFalse(new GaneshaFiles(settings.configDir()).loadState().uncertain().isEmpty(),
                    "the ids the run could not finish stay marked");

            Files.createDirectories(var);
            NfsServer.Outcome retried = backend.server.apply(table(6, ONE, three));
            assertEquals(NfsServer.Result.APPLIED, retried.result(), retried.message());
            assertEquals(12 + 1, backend.manager.exportIds().size());
        }
        assertTrue(new GaneshaFiles(settings.configDir()).loadState().uncertain().isEmpty());
        assertOk(ganesha.as(three.address()).run(3, "ls", "/sharedfs/10/3/private/var"));
    }

    /** A fresh backend, as a restarted nfs-exporter has: it knows only what its files and Ganesha say. */
    private static final class Backend implements AutoCloseable {

        final DbusExportManager manager = new DbusExportManager(settings.dbusAddress(), settings.callTimeout());
        final GaneshaNfsServer server = new GaneshaNfsServer(settings, manager);

        @Override
        public void close() {
            manager.close();
        }
    }

    private static ExportTable table(long generation, NodeFacts... nodes) {
        return GaneshaTables.table(generation, nodes);
    }

    private static NodeFacts node(long vem, String address) {
        return new NodeFacts(new NodeRef(10, vem), address, IMAGE.toString(), true, List.of("/var", "/etc", "/tmp"),
                List.of(), List.of());
    }

    private static void layOut() throws IOException {
        Files.createDirectories(IMAGE.resolve("etc"));
        Files.writeString(IMAGE.resolve("etc/hostname"), "image\n");
        Path privateRoot = Files.createDirectories(IMAGE.resolve("private"));
        Files.setPosixFilePermissions(privateRoot, PosixFilePermissions.fromString("rwx------"));
        for (long vem = 1; vem <= 3; vem++) {
            for (String dir : List.of("var", "etc", "tmp", "custom")) {
                Files.createDirectories(IMAGE.resolve("private/10/" + vem + "/" + dir));
            }
        }
        Files.createDirectories(IMAGE.resolve("private/10/custom"));
    }

    private static String hex(String text) {
        return RealGanesha.hex(text);
    }

    private static void assertOk(RealGanesha.Answer answer) {
        assertTrue(answer.ok(), answer.line());
    }

    private static void assertRefused(RealGanesha.Answer answer) {
        assertTrue(answer.refused(), "expected a refusal by the server: " + answer.line());
    }

    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (var paths = Files.walk(root)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
