package io.sharedfs.exporter.ganesha;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sharedfs.exporter.exports.NfsServer;
import io.sharedfs.exporter.exports.NodeFacts;
import io.sharedfs.exporter.ganesha.dbus.DbusExportManager;
import io.sharedfs.testsupport.nfs.RealGanesha;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What a hostile node can do over the wire with file handles, against a real NFS-Ganesha: the evidence
 * behind the guarantees table in the README. A Ganesha handle is the export id (bytes 2–3) followed by the
 * file system's own handle (inode and generation); Ganesha checks the export id against the client, and the
 * rest only against the file systems that export may reach. So a node that learns a sibling's handle can
 * splice it onto its own export, and what stops it is where the sibling's tree lives: on the same file system
 * Ganesha serves it; on a file system of its own (a mount per node tree, as a btrfs subvolume or a loop
 * device gives) the node's own exports answer NFS3ERR_STALE, and only the read-only, root-squashed image
 * export, which spans every file system below the image, still reads it.
 */
class GaneshaHandleForgingTest {

    private static final Path WORK = Path.of("target", "ganesha-forging").toAbsolutePath();
    private static final Path IMAGE = WORK.resolve("images/web");
    /** VE 20: every node tree a plain directory of the image's file system. */
    private static final NodeFacts SAME_FS_A = GaneshaTables.shared(IMAGE.toString(), 20, 1, "127.77.20.1");
    private static final NodeFacts SAME_FS_B = GaneshaTables.shared(IMAGE.toString(), 20, 2, "127.77.20.2");
    /** VE 21: each node tree a file system of its own, mounted at /private/21/VEM. */
    private static final NodeFacts OWN_FS_A = GaneshaTables.shared(IMAGE.toString(), 21, 1, "127.77.21.1");
    private static final NodeFacts OWN_FS_B = GaneshaTables.shared(IMAGE.toString(), 21, 2, "127.77.21.2");
    private static final String SECRET = "the sibling's own data\n";

    private static RealGanesha ganesha;

    @BeforeAll
    static void start() throws IOException {
        assertTrue("root".equals(System.getProperty("user.name")),
                "mounting a file system per node tree needs root: run the tests as root");
        unmountAll();
        GaneshaNfsServerTest.deleteTree(WORK);
        Files.createDirectories(IMAGE.resolve("etc"));
        Files.writeString(IMAGE.resolve("etc/hostname"), "image\n");
        Path privateRoot = Files.createDirectories(IMAGE.resolve("private"));
        Files.setPosixFilePermissions(privateRoot, PosixFilePermissions.fromString("rwx------"));
        for (NodeFacts node : List.of(SAME_FS_A, SAME_FS_B, OWN_FS_A, OWN_FS_B)) {
            Path tree = Files.createDirectories(nodeTree(node));
            if (node.node().veId() == 21) {
                run("mount", "-t", "tmpfs", "-o", "size=8m,mode=0755", "sharedfs-node", tree.toString());
            }
            for (String dir : List.of("var", "etc", "tmp", "custom", "var/lib/rpm")) {
                Files.createDirectories(tree.resolve(dir));
            }
            Files.writeString(tree.resolve("etc/secret"), SECRET);
            Files.createDirectories(IMAGE.resolve("private/" + node.node().veId() + "/custom"));
        }

        GaneshaSettings settings = new GaneshaSettings(WORK.resolve("sharedfs"), null, "/sharedfs",
                Duration.ofSeconds(30), 1000);
        new GaneshaFiles(settings.configDir()).prepare();
        ganesha = RealGanesha.start(WORK.resolve("server"), settings.configDir().resolve(GaneshaFiles.EXPORTS_CONF));
        settings = new GaneshaSettings(settings.configDir(), ganesha.dbusAddress(), "/sharedfs", Duration.ofSeconds(30),
                1000);
        try (DbusExportManager manager = new DbusExportManager(settings.dbusAddress(), settings.callTimeout())) {
            NfsServer.Outcome outcome = new GaneshaNfsServer(settings, manager)
                    .apply(GaneshaTables.table(1, SAME_FS_A, SAME_FS_B, OWN_FS_A, OWN_FS_B));
            assertEquals(NfsServer.Result.APPLIED, outcome.result(), outcome.message());
        }
    }

    @AfterAll
    static void stop() throws IOException {
        if (ganesha != null) {
            ganesha.close();
        }
        unmountAll();
    }

    @ParameterizedTest(name = "NFSv{0}")
    @ValueSource(ints = {3, 4})
    void walkingUpFromAnExportRootStaysAtThatRoot(int version) {
        RealGanesha.Client a = ganesha.as(SAME_FS_A.address());
        for (String export : List.of(privateEtc(SAME_FS_A), image(SAME_FS_A))) {
            String root = handle(a, version, export, "");
            String parent = ok(a.run(version, "lookup-fh", root, ".."));
            if (version == 3) {
                assertEquals(root, parent, "v3: '..' of " + export + " is the export root itself");
            } else {
                // v4: LOOKUPP leaves the export for Ganesha's pseudo directory above it, never the file system's.
                String pseudoParent = export.substring(0, export.lastIndexOf('/'));
                assertEquals(handle(a, version, pseudoParent, ""), parent, "v4: '..' of " + export);
            }
        }
    }

    @ParameterizedTest(name = "NFSv{0}")
    @ValueSource(ints = {3, 4})
    void aSiblingsHandleAsItIsIsRefused(int version) {
        String sibling = handle(ganesha.as(SAME_FS_B.address()), version, privateEtc(SAME_FS_B), "/secret");

        assertRefused(ganesha.as(SAME_FS_A.address()).run(version, "read-fh", sibling));
        assertRefused(ganesha.as("127.77.20.99").run(version, "read-fh", sibling));
    }

    /** The limit the README states: on one file system only the handle's secrecy stands between siblings. */
    @ParameterizedTest(name = "NFSv{0}")
    @ValueSource(ints = {3, 4})
    void onOneFileSystemASiblingsHandleSplicedOntoTheNodesOwnExportIsServed(int version) throws IOException {
        RealGanesha.Client a = ganesha.as(SAME_FS_A.address());
        String forged = splice(handle(a, version, privateEtc(SAME_FS_A), ""),
                handle(ganesha.as(SAME_FS_B.address()), version, privateEtc(SAME_FS_B), "/secret"));

        assertEquals(hex(SECRET), ok(a.run(version, "read-fh", forged)));
        String change = "node A, version " + version + "\n";
        assertEquals(String.valueOf(change.length()), ok(a.run(version, "write-fh", forged, hex(change))));
        assertTrue(Files.readString(nodeTree(SAME_FS_B).resolve("etc/secret")).startsWith(change));
        Files.writeString(nodeTree(SAME_FS_B).resolve("etc/secret"), SECRET);
    }

    @ParameterizedTest(name = "NFSv{0}")
    @ValueSource(ints = {3, 4})
    void withATreeOnAFileSystemOfItsOwnTheSplicedHandleIsStaleOnEveryExportOfTheNode(int version) {
        RealGanesha.Client a = ganesha.as(OWN_FS_A.address());
        String secret = handle(ganesha.as(OWN_FS_B.address()), version, privateEtc(OWN_FS_B), "/secret");
        String etc = handle(ganesha.as(OWN_FS_B.address()), version, privateEtc(OWN_FS_B), "");
        for (String dir : OWN_FS_A.privateDirs()) {
            String own = handle(a, version, "/sharedfs/21/1/private" + dir, "");
            assertStale(a.run(version, "read-fh", splice(own, secret)));
            assertStale(a.run(version, "write-fh", splice(own, secret), hex("no")));
            assertStale(a.run(version, "readdir-fh", splice(own, etc)));
        }
        String custom = handle(a, version, "/sharedfs/21/1/private/custom", "");
        assertStale(a.run(version, "write-fh", splice(custom, secret), hex("no")));
    }

    /** What per-node file systems leave: the image export spans them, read-only and with root squashed. */
    @ParameterizedTest(name = "NFSv{0}")
    @ValueSource(ints = {3, 4})
    void throughTheImageExportASplicedHandleReadsWhatAnyUserCouldButNeverWrites(int version) throws IOException {
        RealGanesha.Client a = ganesha.as(OWN_FS_A.address());
        String image = handle(a, version, image(OWN_FS_A), "");
        RealGanesha.Client b = ganesha.as(OWN_FS_B.address());
        String secret = splice(image, handle(b, version, privateEtc(OWN_FS_B), "/secret"));

        assertEquals(hex(SECRET), ok(ganesha.as(OWN_FS_A.address(), 1000, 1000).run(version, "read-fh", secret)));
        assertRefused(a.run(version, "write-fh", secret, hex("no")));
        Path rootOnly = nodeTree(OWN_FS_B).resolve("etc/root-only");
        Files.writeString(rootOnly, "0600 root\n");
        Files.setPosixFilePermissions(rootOnly, PosixFilePermissions.fromString("rw-------"));
        String rootOnlyHandle = splice(image, handle(b, version, privateEtc(OWN_FS_B), "/root-only"));
        assertRefused(a.run(version, "read-fh", rootOnlyHandle));
        assertEquals(SECRET, Files.readString(nodeTree(OWN_FS_B).resolve("etc/secret")));
    }

    private static String splice(String ownExport, String sibling) {
        // Bytes 0-1 version and flags, 2-3 the export id: the node's own; the file system's handle: the sibling's.
        return ownExport.substring(0, 8) + sibling.substring(8);
    }

    private static String handle(RealGanesha.Client client, int version, String export, String path) {
        return path.isEmpty() ? ok(client.run(version, "fh", export)) : ok(client.run(version, "fh", export, path));
    }

    private static String privateEtc(NodeFacts node) {
        return "/sharedfs/" + node.node().veId() + "/" + node.node().vemId() + "/private/etc";
    }

    private static String image(NodeFacts node) {
        return "/sharedfs/" + node.node().veId() + "/" + node.node().vemId() + "/image";
    }

    private static Path nodeTree(NodeFacts node) {
        return IMAGE.resolve("private/" + node.node().veId() + "/" + node.node().vemId());
    }

    private static String ok(RealGanesha.Answer answer) {
        return answer.payload();
    }

    private static void assertRefused(RealGanesha.Answer answer) {
        assertTrue(answer.refused(), "expected a refusal by the server: " + answer.line());
    }

    private static void assertStale(RealGanesha.Answer answer) {
        assertTrue(answer.line().startsWith("ERR NFS3ERR_STALE") || answer.line().startsWith("ERR NFS4ERR_STALE"),
                "expected a stale handle: " + answer.line());
    }

    private static String hex(String text) {
        return RealGanesha.hex(text);
    }

    private static void unmountAll() throws IOException {
        List<String> mounted = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of("/proc/self/mounts"))) {
            String point = line.split(" ")[1];
            if (point.startsWith(WORK.toString() + "/")) {
                mounted.add(point);
            }
        }
        mounted.sort(Comparator.reverseOrder());
        for (String point : mounted) {
            run("umount", point);
        }
    }

    private static void run(String... command) throws IOException {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(0, process.waitFor(), String.join(" ", command) + ": " + out);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
