package io.sharedfs.exporter.api;

import static io.sharedfs.exporter.TestNodes.added;
import static io.sharedfs.exporter.TestNodes.address;
import static io.sharedfs.exporter.TestNodes.provisioned;
import static io.sharedfs.exporter.TestNodes.removed;
import static io.sharedfs.exporter.TestNodes.sharedImage;
import static io.sharedfs.exporter.TestNodes.veId;
import static io.sharedfs.exporter.api.Rest.PROBLEM_JSON;
import static io.sharedfs.exporter.api.Rest.anonymous;
import static io.sharedfs.exporter.api.Rest.viewer;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.sharedfs.contracts.export.NodeUnexported;
import io.sharedfs.contracts.node.ImageRef;
import io.sharedfs.exporter.Bus;
import io.sharedfs.exporter.TestNodes;
import io.sharedfs.testsupport.SharedfsInfrastructure;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A node's initramfs reads what to mount where, in the order to mount it. */
@QuarkusTest
@WithTestResource(SharedfsInfrastructure.class)
class MountResourceTest {

    /** The tests' mount-host, the address nodes reach the storage host at. */
    private static final String SERVER = "192.0.2.10";
    private static final String NFS = "nfsvers=3,proto=tcp,hard";

    @Test
    void theSpecsExampleMountsVarPrivatelyRpmFromTheImageAndVarRunInRam() {
        long ve = veId();
        ImageRef image = sharedImage();
        String root = SERVER + ":" + image.rootPath();
        String tree = root + "/private/" + ve + "/3";
        Bus.publishAndAwait(added(ve, 3, address(), image));

        JsonPath mounts = viewer().get("/nodes/{ve}/{vem}/mounts", ve, 3).then().statusCode(200)
                .contentType("application/json").extract().jsonPath();

        assertEquals(List.of(
                mount(root, "/", "nfs", "ro," + NFS),
                mount(tree + "/custom", "/custom/node", "nfs", "rw," + NFS),
                mount(root + "/private/" + ve + "/custom", "/custom/ve", "nfs", "rw," + NFS),
                mount(tree + "/etc", "/etc", "nfs", "rw," + NFS),
                mount("proc", "/proc", "proc", "nosuid,nodev,noexec"),
                mount(tree + "/tmp", "/tmp", "nfs", "rw," + NFS),
                mount(tree + "/var", "/var", "nfs", "rw," + NFS),
                mount(root + "/var/lib/rpm", "/var/lib/rpm", "nfs", "ro," + NFS),
                Map.of("source", "tmpfs", "target", "/var/run", "type", "tmpfs", "options", "nosuid,nodev",
                        "seedFrom", root + "/var/run")), mounts.getList("$"));
    }

    @Test
    void theFstabOfANonSharedImageMountsTheWholeImageReadWrite() {
        long ve = veId();
        ImageRef image = TestNodes.nonSharedImage();
        String address = address();
        Bus.publishAndAwait(added(ve, 1, address, image));

        String fstab = viewer().get("/nodes/{ve}/{vem}/fstab", ve, 1).then().statusCode(200)
                .contentType(containsString("text/plain")).extract().asString();

        assertEquals("# sharedfs mount table of node " + ve + "/1 (" + address + "), image " + image.rootPath()
                + " on " + SERVER + "; parents before children\n"
                + SERVER + ":" + image.rootPath() + " / nfs rw," + NFS + " 0 0\n"
                + "proc /proc proc nosuid,nodev,noexec 0 0\n"
                + "# /var/run: RAM dir, seed from " + SERVER + ":" + image.rootPath() + "/var/run\n"
                + "tmpfs /var/run tmpfs nosuid,nodev 0 0\n", fstab);
    }

    @Test
    void anUnknownOrRemovedNodeHasNoMountTable() {
        long ve = veId();
        viewer().get("/nodes/{ve}/{vem}/mounts", ve, 1).then().statusCode(404).contentType(PROBLEM_JSON)
                .body("detail", equalTo("storage host " + Bus.storageHost() + " has no node " + ve + "/1"));
        viewer().get("/nodes/abc/1/fstab").then().statusCode(404).contentType(PROBLEM_JSON);

        ImageRef image = sharedImage();
        String address = address();
        Bus.publish(added(ve, 2, address, image));
        Bus.publish(provisioned(ve, 2, image));
        Bus.publish(removed(ve, 2, address, image));
        Bus.await(NodeUnexported.class, event -> event.veId() == ve && event.vemId() == 2);
        viewer().get("/nodes/{ve}/{vem}/fstab", ve, 2).then().statusCode(404).contentType(PROBLEM_JSON)
                .body("detail", containsString("was removed"));
    }

    @Test
    void mountTablesNeedALogin() {
        anonymous().get("/nodes/1/1/mounts").then().statusCode(401).contentType(PROBLEM_JSON);
    }

    private static Map<String, String> mount(String source, String target, String type, String options) {
        return Map.of("source", source, "target", target, "type", type, "options", options);
    }
}
