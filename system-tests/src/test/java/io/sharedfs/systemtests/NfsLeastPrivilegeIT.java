package io.sharedfs.systemtests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sharedfs.contracts.Topics;
import io.sharedfs.contracts.export.NodeUnexported;
import io.sharedfs.systemtests.harness.Events;
import io.sharedfs.systemtests.harness.Operator;
import io.sharedfs.systemtests.harness.SampleImage;
import io.sharedfs.systemtests.harness.SharedfsSystem;
import io.sharedfs.systemtests.harness.StorageHost;
import io.sharedfs.testsupport.nfs.RealGanesha;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Least privilege proven over the NFS protocol: the running system exports through a real NFS-Ganesha,
 * and a real NFS client (libnfs) connects as each node, from that node's own address, over NFSv3 and
 * NFSv4. Two VEs share one image; each node mounts its image read-only, writes its own private dirs and
 * {@code /custom/node} (on disk in its tree), writes its VE's {@code /custom/ve} as a user (root is
 * squashed there), and is refused on every sibling's export and on {@code /private} through the image
 * export; an address that is no node is refused everywhere; a removed node loses access once
 * NodeUnexported is published; no node walks out of its exports with the handles it holds ({@code ..} at an
 * export root, a sibling's handle). Run alone: {@code mvn -B verify -pl system-tests -am
 * -Dit.test=NfsLeastPrivilegeIT -Dfailsafe.failIfNoSpecifiedTests=false}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class NfsLeastPrivilegeIT {

    private static final String HOST = "storage-a";
    private static final int[] VERSIONS = {3, 4};
    private static final int USER = 1000;

    private static RealGanesha ganesha;
    private static SharedfsSystem system;
    private static Operator operator;
    private static SampleImage image;
    private static final List<Node> NODES = new ArrayList<>();

    /** One node of the test: its ids and its address. */
    private record Node(long ve, long vem, String address) {

        String pseudo(String export) {
            return "/sharedfs/" + ve + "/" + vem + "/" + export;
        }
    }

    @BeforeAll
    static void startTheSystemWithGanesha() throws IOException {
        Path work = Path.of(System.getProperty("sharedfs.systemtests.work", "target/system-tests"))
                .toAbsolutePath().normalize().resolve("ganesha-for-NfsLeastPrivilegeIT");
        Path configDir = work.resolve("sharedfs");
        Files.createDirectories(configDir);
        Files.writeString(configDir.resolve("exports.conf"), "");
        ganesha = RealGanesha.start(work.resolve("server"), configDir.resolve("exports.conf"));
        system = SharedfsSystem.start("NfsLeastPrivilegeIT", SharedfsSystem.Topology.single().withExporterSettings(
                Map.of("sharedfs.exporter.server", "ganesha",
                        "sharedfs.exporter.ganesha.config-dir", configDir.toString(),
                        "sharedfs.exporter.ganesha.dbus-address", ganesha.dbusAddress(),
                        "sharedfs.exporter.mount-host", "127.0.0.1")));
        operator = system.operator();
        StorageHost host = system.host(HOST);
        image = SampleImage.create(host.imagesDir().resolve("web"), "web");
        UUID imageId = operator.registerSharedImage("web", image.root(), HOST);
        image.assertLayoutPrepared();
        long veA = operator.createVe("farm-a", imageId);
        long veB = operator.createVe("farm-b", imageId);
        for (String address : List.of("127.77.20.1", "127.77.20.2")) {
            NODES.add(new Node(veA, operator.addNode(veA, "a" + address.substring(10) + ".example.net", address),
                    address));
        }
        NODES.add(new Node(veB, operator.addNode(veB, "b1.example.net", "127.77.21.1"), "127.77.21.1"));
        for (Node node : NODES) {
            operator.awaitNode(node.ve(), node.vem(), "READY");
        }
    }

    @AfterAll
    static void stop() {
        if (system != null) {
            system.close();
        }
        if (ganesha != null) {
            ganesha.close();
        }
    }

    @Test
    @Order(1)
    void eachNodeReadsItsImageButCannotWriteIt() {
        for (int version : VERSIONS) {
            for (Node node : NODES) {
                RealGanesha.Client client = ganesha.as(node.address());
                assertEquals("OK " + hex("image\n"), client.run(version, "cat", node.pseudo("image"), "/etc/hostname")
                        .line(), node + " v" + version);
                assertRefused(client.run(version, "write", node.pseudo("image"), "/etc/planted", hex("x")));
            }
        }
        assertFalse(Files.exists(image.root().resolve("etc/planted")));
    }

    @Test
    @Order(2)
    void eachNodeWritesItsOwnPrivateDirsAndCustomNodeOnDiskInItsTree() throws IOException {
        for (int version : VERSIONS) {
            for (Node node : NODES) {
                RealGanesha.Client client = ganesha.as(node.address());
                String name = "from-" + node.vem() + "-v" + version;
                assertOk(client.run(version, "write", node.pseudo("private/var"), "/" + name, hex(name)));
                assertOk(client.run(version, "write", node.pseudo("private/custom"), "/" + name, hex(name)));
                Path tree = image.tree(node.ve(), node.vem());
                assertEquals(name, Files.readString(tree.resolve("var").resolve(name)));
                assertEquals(name, Files.readString(tree.resolve("custom").resolve(name)));
                assertEquals("OK " + hex(name), client.run(version, "cat", node.pseudo("private/var"), "/" + name)
                        .line());
            }
        }
    }

    @Test
    @Order(3)
    void theNodesOfAVeShareItsCustomDirAsUsersAndRootIsSquashedThere() throws IOException {
        Node first = NODES.get(0);
        Node second = NODES.get(1);
        // What an operator does on the storage host: a directory of the VE's own that a user may write.
        Path shared = image.veDir(first.ve()).resolve("custom").resolve("shared");
        Files.createDirectories(shared);
        Files.setAttribute(shared, "unix:uid", USER);
        Files.setAttribute(shared, "unix:gid", USER);
        for (int version : VERSIONS) {
            String name = "/shared/by-user-v" + version;
            assertOk(ganesha.as(first.address(), USER, USER).run(version, "write", first.pseudo("ve-custom"), name,
                    hex("one")));
            assertEquals("OK " + hex("one"), ganesha.as(second.address(), USER, USER).run(version, "cat",
                    second.pseudo("ve-custom"), name).line(), "the VE's other node reads it");
            assertRefused(ganesha.as(first.address()).run(version, "write", first.pseudo("ve-custom"),
                    "/root-planted-v" + version, hex("cron")));
        }
        assertFalse(Files.exists(image.veDir(first.ve()).resolve("custom/root-planted-v3")));
    }

    @Test
    @Order(4)
    void noNodeReachesASiblingsTreeThroughAnyExport() {
        List<String> exports = List.of("image", "private/var", "private/etc", "private/tmp", "private/custom",
                "ve-custom");
        for (int version : VERSIONS) {
            for (Node node : NODES) {
                RealGanesha.Client client = ganesha.as(node.address());
                for (Node other : NODES) {
                    if (other.equals(node)) {
                        continue;
                    }
                    for (String export : exports) {
                        assertRefused(client.run(version, "ls", other.pseudo(export)));
                    }
                    String siblingVar = "/private/" + other.ve() + "/" + other.vem() + "/var";
                    assertRefused(client.run(version, "ls", node.pseudo("image"), siblingVar));
                    assertRefused(client.run(version, "cat", node.pseudo("image"), siblingVar + "/log/messages"));
                }
                assertRefused(client.run(version, "ls", node.pseudo("image"), "/private"));
            }
        }
    }

    @Test
    @Order(5)
    void noNodeWalksOutOfItsExportsWithTheHandlesItHolds() {
        Node sibling = NODES.get(1);
        for (int version : VERSIONS) {
            String siblingsVar = handle(ganesha.as(sibling.address()), version, sibling.pseudo("private/var"));
            for (Node node : List.of(NODES.get(0), NODES.get(2))) {
                RealGanesha.Client client = ganesha.as(node.address());
                for (String export : List.of("image", "private/var", "private/custom", "ve-custom")) {
                    String root = handle(client, version, node.pseudo(export));
                    String parent = handle(client.run(version, "lookup-fh", root, ".."));
                    // v3 answers the export root itself; v4 the pseudo directory above it, never the file system's.
                    String expected = version == 3 ? root
                            : handle(client, version, node.pseudo(export).substring(0,
                                    node.pseudo(export).lastIndexOf('/')));
                    assertEquals(expected, parent, node + " '..' of " + export + " v" + version);
                }
                assertRefused(client.run(version, "readdir-fh", siblingsVar));
            }
        }
    }

    @Test
    @Order(6)
    void anAddressThatIsNoNodeIsRefusedEverywhere() {
        RealGanesha.Client stranger = ganesha.as("127.77.29.9");
        for (int version : VERSIONS) {
            for (Node node : NODES) {
                for (String export : List.of("image", "private/var", "private/custom", "ve-custom")) {
                    assertRefused(stranger.run(version, "ls", node.pseudo(export)));
                }
            }
        }
    }

    @Test
    @Order(7)
    void aRemovedNodeLosesAccessOnceItIsUnexported() {
        Node removed = NODES.get(1);
        RealGanesha.Client client = ganesha.as(removed.address());
        assertOk(client.run(3, "ls", removed.pseudo("private/var")));

        operator.removeNode(removed.ve(), removed.vem(), false);
        Events.await(system.kafka(), Topics.EXPORTS, "NodeUnexported of the removed node",
                events -> !Events.bodies(events, NodeUnexported.class,
                        e -> e.veId() == removed.ve() && e.vemId() == removed.vem()).isEmpty());

        for (int version : VERSIONS) {
            for (String export : List.of("image", "private/var", "private/custom", "ve-custom")) {
                assertRefused(client.run(version, "ls", removed.pseudo(export)));
            }
        }
        assertOk(ganesha.as(NODES.get(0).address()).run(3, "ls", NODES.get(0).pseudo("private/var")));
        assertTrue(Files.isDirectory(image.tree(removed.ve(), removed.vem()).resolve("var")), "the tree is kept");
    }

    private static String handle(RealGanesha.Client client, int version, String export) {
        return handle(client.run(version, "fh", export));
    }

    private static String handle(RealGanesha.Answer answer) {
        return answer.payload();
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
}
