package io.sharedfs.systemtests.harness;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.awaitility.core.ConditionTimeoutException;

/**
 * What an operator does through REST, as the {@code operator} user: register and share images on
 * image-service, create VEs and add, remove and watch nodes on one ve-service instance.
 */
public final class Operator {

    /** Generous: a burst of work or a restart may be in the way. */
    public static final Duration TIMEOUT = Duration.ofSeconds(240);

    public static final List<String> PRIVATE_DIRS = List.of("/var", "/etc", "/tmp");
    public static final List<String> SHARED_SUBDIRS = List.of("/var/lib/rpm");
    public static final List<String> RAM_DIRS = List.of("/var/run");

    private final SharedfsSystem system;
    private final ServiceProcess veService;

    Operator(SharedfsSystem system, ServiceProcess veService) {
        this.system = system;
        this.veService = veService;
    }

    /** The same operator talking to another ve-service instance. */
    public Operator via(ServiceProcess otherVeService) {
        return new Operator(system, otherVeService);
    }

    public Api images() {
        return system.imageService().api("operator");
    }

    public Api ves() {
        return veService.api("operator");
    }

    /**
     * Registers an image (not shared), ticks its shared checkbox (a merge patch), and waits until its
     * storage host has prepared the layout: status READY. Returns its id.
     */
    public UUID registerSharedImage(String name, Path root, String storageHost) {
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("name", name);
        request.put("rootPath", root.toString());
        request.put("storageHost", storageHost);
        request.put("shared", false);
        request.put("privateDirs", PRIVATE_DIRS);
        request.put("sharedSubdirs", SHARED_SUBDIRS);
        request.put("ramDirs", RAM_DIRS);
        request.put("description", "system test image " + name);
        UUID id = UUID.fromString(images().post("/images", request).expect(201).json().get("id").asText());
        images().patch("/images/" + id, Map.of("shared", true)).expect(200);
        awaitImage(id, "READY");
        return id;
    }

    /** Waits until image-service shows the image shared with this status; fails fast on INVALID. */
    public JsonNode awaitImage(UUID id, String status) {
        JsonNode[] last = new JsonNode[1];
        await("image " + id + " " + status).atMost(TIMEOUT).pollInterval(Duration.ofMillis(200))
                .failFast("image " + id + " became INVALID", () -> {
                    if (last[0] != null && !"INVALID".equals(status) && "INVALID".equals(last[0].path("status").asText())) {
                        throw new AssertionError("image " + id + " INVALID: " + last[0]);
                    }
                })
                .until(() -> {
                    last[0] = images().json("/images/" + id);
                    return last[0].path("shared").asBoolean() && status.equals(last[0].path("status").asText());
                });
        return last[0];
    }

    /**
     * Creates a multi-server VE on the image. ve-service learns that the image is shared and READY from
     * image events; until it has, it refuses (4xx, nothing created), so this retries until 201.
     */
    public long createVe(String name, UUID imageId) {
        Map<String, Object> request = Map.of("name", name, "imageId", imageId.toString(), "multiServer", true,
                "description", "system test VE " + name);
        AtomicLong id = new AtomicLong();
        String[] lastRefusal = {"none"};
        try {
            await("VE " + name + " created").atMost(TIMEOUT)
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> {
                        Api.Reply reply = ves().post("/ves", request);
                        if (reply.status() == 201) {
                            id.set(reply.json().get("id").asLong());
                            return true;
                        }
                        if (reply.status() >= 500) {
                            throw new AssertionError("POST /ves: " + reply.status() + " " + reply.text());
                        }
                        lastRefusal[0] = reply.status() + " " + reply.text();
                        return false;
                    });
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("VE " + name + " was never created; last refusal: " + lastRefusal[0], e);
        }
        return id.get();
    }

    /** Adds a node through REST (202, PROVISIONING); returns its VEM id. */
    public long addNode(long veId, String hostname, String address) {
        JsonNode node = ves().post("/ves/" + veId + "/nodes", Map.of("hostname", hostname, "address", address))
                .expect(202).json();
        return node.get("vemId").asLong();
    }

    /** Asks for a node's removal (202, REMOVING). */
    public JsonNode removeNode(long veId, long vemId, boolean purge) {
        return ves().delete("/ves/" + veId + "/nodes/" + vemId + "?purge=" + purge).expect(202).json();
    }

    public JsonNode node(long veId, long vemId) {
        return veService.api("viewer").json("/ves/" + veId + "/nodes/" + vemId);
    }

    /** The VE's nodes (summaries, removed ones included), as a viewer. */
    public List<JsonNode> nodes(long veId) {
        List<JsonNode> nodes = new ArrayList<>();
        veService.api("viewer").json("/ves/" + veId + "/nodes").forEach(nodes::add);
        return nodes;
    }

    /** Waits until the node is in {@code state}; fails fast if it FAILED instead (when not waited for). */
    public JsonNode awaitNode(long veId, long vemId, String state) {
        JsonNode[] last = new JsonNode[1];
        await("node " + veId + "/" + vemId + " " + state).atMost(TIMEOUT).pollInterval(Duration.ofMillis(200))
                .failFast("node " + veId + "/" + vemId + " FAILED", () -> {
                    if (last[0] != null && !"FAILED".equals(state) && "FAILED".equals(last[0].path("state").asText())) {
                        throw new AssertionError("node " + veId + "/" + vemId + " FAILED: " + last[0]);
                    }
                })
                .until(() -> {
                    last[0] = veService.api("viewer").json("/ves/" + veId + "/nodes/" + vemId);
                    return state.equals(last[0].path("state").asText());
                });
        return last[0];
    }
}
