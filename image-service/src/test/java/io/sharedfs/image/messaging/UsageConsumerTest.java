package io.sharedfs.image.messaging;

import static io.sharedfs.image.TestImages.create;
import static io.sharedfs.image.TestImages.get;
import static io.sharedfs.image.TestImages.minimal;
import static io.sharedfs.image.TestImages.operator;
import static io.sharedfs.image.TestImages.problem;
import static io.sharedfs.image.TestImages.veId;
import static io.sharedfs.image.messaging.ImageTopic.WAIT;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.sharedfs.contracts.node.ImageRef;
import io.sharedfs.contracts.node.NodeAdded;
import io.sharedfs.contracts.node.NodeState;
import io.sharedfs.contracts.node.NodeStateChanged;
import io.sharedfs.contracts.ve.VeCreated;
import io.sharedfs.contracts.ve.VeDeleted;
import io.sharedfs.contracts.ve.VeUpdated;
import io.sharedfs.testsupport.SharedfsInfrastructure;
import io.sharedfs.testsupport.TestEvents;
import jakarta.inject.Inject;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * The registry knows which VEs use an image, and with how many live nodes, from ve-service's
 * events; it refuses to unshare, move or delete an image those VEs need.
 */
@QuarkusTest
@WithTestResource(SharedfsInfrastructure.class)
class UsageConsumerTest {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String kafka;

    @Inject
    AgroalDataSource dataSource;

    @Test
    void anImageAMultiNodeVeUsesCanBeUnsharedMovedAndDeletedOnlyAsItsNodesAndTheVeGo() {
        Map<String, Object> body = minimal();
        body.put("shared", true);
        String id = create(body);
        long ve = veId();
        ImageRef ref = ref(id, body);

        TestEvents.publish(kafka, new VeCreated(ve, "farm-" + ve, UUID.fromString(id), true, null));
        TestEvents.publish(kafka, added(ve, 1, ref));
        TestEvents.publish(kafka, added(ve, 2, ref));
        awaitUsers(id, List.of(ve + " farm-" + ve + " 2"));

        problem(operator().body(Map.of("shared", false)).patch("/images/{id}", id).then(),
                409, "shared", "no-multi-node-users")
                .body("detail", containsString("VE " + ve));
        Map<String, Object> moved = new LinkedHashMap<>(body);
        moved.put("rootPath", body.get("rootPath") + "/moved");
        problem(operator().body(moved).put("/images/{id}", id).then(), 409, "rootPath", "no-multi-node-users")
                .body("detail", containsString("VE " + ve));
        problem(operator().delete("/images/{id}", id).then(), 409, "id", "unused")
                .body("detail", containsString("VE " + ve));
        JsonPath unchanged = get(id);
        assertEquals(1, unchanged.getInt("version"));
        assertEquals(true, unchanged.getBoolean("shared"));
        assertEquals(body.get("rootPath"), unchanged.getString("rootPath"));
        operator().body(Map.of("description", "in use, still editable")).patch("/images/{id}", id).then()
                .statusCode(200).body("version", equalTo(2));

        TestEvents.publish(kafka, new NodeStateChanged(ve, 2, NodeState.REMOVING, NodeState.REMOVED, null));
        awaitUsers(id, List.of(ve + " farm-" + ve + " 1"));

        operator().body(Map.of("shared", false)).patch("/images/{id}", id).then().statusCode(200)
                .body("shared", equalTo(false));
        problem(operator().delete("/images/{id}", id).then(), 409, "id", "unused")
                .body("detail", containsString("VE " + ve));
        assertEquals(3, get(id).getInt("version"));

        TestEvents.publish(kafka, new NodeStateChanged(ve, 1, NodeState.REMOVING, NodeState.REMOVED, null));
        TestEvents.publish(kafka, new VeDeleted(ve, "farm-" + ve, UUID.fromString(id)));
        awaitUsers(id, List.of());

        operator().delete("/images/{id}", id).then().statusCode(204);
    }

    @Test
    void theListShowsWhichVesUseEachImage() {
        Map<String, Object> body = minimal();
        body.put("shared", true);
        String id = create(body);
        long first = veId();
        long second = veId();

        TestEvents.publish(kafka, new VeCreated(first, "first-" + first, UUID.fromString(id), true, null));
        TestEvents.publish(kafka, new VeCreated(second, "second-" + second, UUID.fromString(id), false, null));
        TestEvents.publish(kafka, added(second, 7, ref(id, body)));

        List<String> expected = List.of(first + " first-" + first + " 0", second + " second-" + second + " 1");
        await().atMost(WAIT).until(() -> users(operator().get("/images?name={name}", body.get("name")).then()
                .statusCode(200).extract().jsonPath().getList("items[0].usedBy")).equals(expected));
        awaitUsers(id, expected);
    }

    @Test
    void aVeSeenOnlyThroughItsNodesStillCountsAsAUser() {
        Map<String, Object> body = minimal();
        body.put("shared", true);
        String id = create(body);
        long ve = veId();

        TestEvents.publish(kafka, added(ve, 1, ref(id, body)));
        TestEvents.publish(kafka, added(ve, 2, ref(id, body)));
        awaitUsers(id, List.of(ve + " null 2"));

        problem(operator().body(Map.of("shared", false)).patch("/images/{id}", id).then(),
                409, "shared", "no-multi-node-users")
                .body("detail", containsString("VE " + ve));
        problem(operator().delete("/images/{id}", id).then(), 409, "id", "unused");
    }

    @Test
    void aVeMovedToAnotherImageNoLongerUsesTheFirst() {
        Map<String, Object> firstBody = minimal();
        String first = create(firstBody);
        String second = create(minimal());
        long ve = veId();

        TestEvents.publish(kafka, new VeCreated(ve, "farm-" + ve, UUID.fromString(first), false, null));
        awaitUsers(first, List.of(ve + " farm-" + ve + " 0"));
        TestEvents.publish(kafka, new VeUpdated(ve, "farm-" + ve, UUID.fromString(second), false, null,
                Set.of("imageId")));

        awaitUsers(second, List.of(ve + " farm-" + ve + " 0"));
        assertEquals(List.of(), users(usedBy(first)));
        operator().delete("/images/{id}", first).then().statusCode(204);
    }

    @Test
    void aRedeliveredNodeAddedIsNotCountedTwice() {
        Map<String, Object> body = minimal();
        body.put("shared", true);
        String id = create(body);
        long ve = veId();
        ImageRef ref = ref(id, body);

        String firstAdd = TestEvents.publish(kafka, added(ve, 1, ref));
        TestEvents.publish(kafka, added(ve, 1, ref), firstAdd);
        String fence = TestEvents.publish(kafka, added(ve, 2, ref));

        await().atMost(WAIT).until(() -> ProcessedEvents.processed(dataSource, ProcessedEvents.NODES, fence));
        assertEquals(List.of(ve + " null 2"), users(usedBy(id)));
    }

    @Test
    void aRetriedNodeAndOtherStateChangesDoNotChangeTheCount() {
        Map<String, Object> body = minimal();
        body.put("shared", true);
        String id = create(body);
        long ve = veId();
        ImageRef ref = ref(id, body);

        TestEvents.publish(kafka, added(ve, 1, ref));
        TestEvents.publish(kafka, new NodeStateChanged(ve, 1, NodeState.PROVISIONING, NodeState.FAILED, "hook"));
        TestEvents.publish(kafka, new NodeAdded(ve, 1, "node1", "10.0.0.1", null, 2, ref));
        TestEvents.publish(kafka, new NodeStateChanged(ve, 1, NodeState.PROVISIONING, NodeState.READY, null));
        String fence = TestEvents.publish(kafka, added(ve, 2, ref));

        await().atMost(WAIT).until(() -> ProcessedEvents.processed(dataSource, ProcessedEvents.NODES, fence));
        assertEquals(List.of(ve + " null 2"), users(usedBy(id)));
    }

    /** Waits until the image's {@code usedBy} reads as the given "veId veName nodes" lines. */
    private static void awaitUsers(String id, List<String> expected) {
        await().atMost(WAIT).until(() -> users(usedBy(id)).equals(expected));
    }

    private static List<Map<String, Object>> usedBy(String id) {
        return get(id).getList("usedBy");
    }

    private static List<String> users(List<Map<String, Object>> usedBy) {
        return usedBy.stream()
                .map(use -> ((Number) use.get("veId")).longValue() + " " + use.get("veName") + " "
                        + ((Number) use.get("nodes")).longValue())
                .toList();
    }

    private static NodeAdded added(long ve, long vem, ImageRef ref) {
        return new NodeAdded(ve, vem, "node" + vem, "10.0.0." + vem, null, 1, ref);
    }

    private static ImageRef ref(String id, Map<String, Object> body) {
        return new ImageRef(UUID.fromString(id), "localhost", (String) body.get("rootPath"), true,
                List.of("/var", "/etc", "/tmp"), List.of("/var/lib/rpm"), List.of("/var/run"));
    }
}
