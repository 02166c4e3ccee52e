package io.sharedfs.image.messaging;

import static io.sharedfs.image.TestImages.create;
import static io.sharedfs.image.TestImages.get;
import static io.sharedfs.image.TestImages.minimal;
import static io.sharedfs.image.TestImages.operator;
import static io.sharedfs.image.messaging.ImageTopic.WAIT;
import static io.sharedfs.image.messaging.ImageTopic.eventsUntil;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.sharedfs.contracts.SharedfsMessage;
import io.sharedfs.contracts.image.ImageLayoutPrepared;
import io.sharedfs.contracts.image.ImageLayoutRejected;
import io.sharedfs.contracts.image.ImageStatus;
import io.sharedfs.contracts.image.ImageUpdated;
import io.sharedfs.testsupport.SharedfsInfrastructure;
import io.sharedfs.testsupport.TestEvents;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * An image's status follows the storage host's layout answers on {@code sharedfs.image-layout}:
 * PENDING until it answers, then READY or INVALID with the reason; stale, foreign and redelivered
 * answers change nothing.
 */
@QuarkusTest
@WithTestResource(SharedfsInfrastructure.class)
class LayoutAnswerConsumerTest {

    private static final String HOST = "localhost";

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String kafka;

    @Inject
    AgroalDataSource dataSource;

    @Test
    void aPreparedLayoutMakesTheImageReadyAndPublishesTheChange() {
        Map<String, Object> body = minimal();
        String id = create(body);

        TestEvents.publish(kafka, prepared(id, body, 1L));

        JsonPath image = awaitStatus(id, "READY");
        assertEquals(2, image.getInt("version"));
        assertNull(image.getString("statusReason"));
        ImageUpdated updated = TestEvents.await(kafka, ImageUpdated.class,
                event -> event.imageId().toString().equals(id)).body();
        assertEquals(Set.of("status"), updated.changedFields());
        assertEquals(ImageStatus.READY, updated.image().status());
        assertEquals(2, updated.image().version());
    }

    @Test
    void aRejectedLayoutMakesTheImageInvalidWithTheReason() {
        Map<String, Object> body = minimal();
        String id = create(body);
        String reason = body.get("rootPath") + " does not exist on " + HOST;

        TestEvents.publish(kafka, rejected(id, body, reason, 1L));

        JsonPath image = awaitStatus(id, "INVALID");
        assertEquals(reason, image.getString("statusReason"));
        assertEquals(2, image.getInt("version"));
        ImageUpdated updated = TestEvents.await(kafka, ImageUpdated.class,
                event -> event.imageId().toString().equals(id)).body();
        assertEquals(ImageStatus.INVALID, updated.image().status());
        assertEquals(reason, updated.image().statusReason());
        assertEquals(Set.of("status"), updated.changedFields());
    }

    @Test
    void changingTheRootPathAsksAgainAndOnlyAnAnswerAboutTheNewVersionCounts() {
        Map<String, Object> body = minimal();
        String id = create(body);
        TestEvents.publish(kafka, prepared(id, body, 1L));
        awaitStatus(id, "READY");

        String moved = body.get("rootPath") + "/moved";
        operator().header("If-Match", "\"2\"").body(Map.of("rootPath", moved)).patch("/images/{id}", id).then()
                .statusCode(200)
                .body("status", equalTo("PENDING"))
                .body("statusReason", nullValue())
                .body("version", equalTo(3));
        TestEvents.publish(kafka, rejected(id, body, "an answer about the old root path", 2L));
        TestEvents.publish(kafka, new ImageLayoutPrepared(UUID.fromString(id), HOST, moved, 3L));

        JsonPath image = awaitStatus(id, "READY");
        assertEquals(4, image.getInt("version"), "the stale rejection was ignored");
        assertNull(image.getString("statusReason"));
        List<SharedfsMessage> events = eventsUntil(kafka, id, ImageUpdated.class,
                event -> event.image().version() == 4);
        ImageUpdated move = (ImageUpdated) events.get(2);
        assertEquals(Set.of("rootPath", "status"), move.changedFields());
        assertEquals(ImageStatus.PENDING, move.image().status());
        assertEquals(4, events.size(), events.toString());
    }

    @Test
    void sharingAnImageAsksAgainWhileUnsharingOrDescribingItDoesNot() {
        Map<String, Object> body = minimal();
        String id = create(body);
        TestEvents.publish(kafka, rejected(id, body, "no such directory", 1L));
        awaitStatus(id, "INVALID");

        operator().body(Map.of("shared", true)).patch("/images/{id}", id).then().statusCode(200)
                .body("status", equalTo("PENDING"))
                .body("statusReason", nullValue())
                .body("version", equalTo(3));
        TestEvents.publish(kafka, prepared(id, body, 3L));
        awaitStatus(id, "READY");

        operator().body(Map.of("shared", false)).patch("/images/{id}", id).then().statusCode(200)
                .body("status", equalTo("READY"))
                .body("version", equalTo(5));
        operator().body(Map.of("description", "still ready")).patch("/images/{id}", id).then().statusCode(200)
                .body("status", equalTo("READY"))
                .body("version", equalTo(6));
        List<SharedfsMessage> events = eventsUntil(kafka, id, ImageUpdated.class,
                event -> event.image().version() == 6);
        assertEquals(Set.of("shared", "status"), ((ImageUpdated) events.get(2)).changedFields());
        assertEquals(Set.of("shared"), ((ImageUpdated) events.get(4)).changedFields());
    }

    @Test
    void anAnswerAboutANewerVersionThanTheOneAskedAboutCounts() {
        Map<String, Object> body = minimal();
        String id = create(body);
        operator().body(Map.of("description", "changed while waiting")).patch("/images/{id}", id).then()
                .statusCode(200).body("status", equalTo("PENDING"));

        TestEvents.publish(kafka, prepared(id, body, 2L));

        assertEquals(3, awaitStatus(id, "READY").getInt("version"));
    }

    @Test
    void anAnswerWithoutAVersionFromAnOlderProducerCounts() {
        Map<String, Object> body = minimal();
        String id = create(body);

        TestEvents.publish(kafka, prepared(id, body, null));

        assertEquals(2, awaitStatus(id, "READY").getInt("version"));
    }

    @Test
    void anAnswerFromAnotherStorageHostIsIgnored() {
        Map<String, Object> body = minimal();
        String id = create(body);

        TestEvents.publish(kafka, new ImageLayoutRejected(UUID.fromString(id), "nfs-elsewhere",
                (String) body.get("rootPath"), "not mine", 1L));
        TestEvents.publish(kafka, prepared(id, body, 1L));

        JsonPath image = awaitStatus(id, "READY");
        assertEquals(2, image.getInt("version"), "the other host's answer changed nothing");
        assertNull(image.getString("statusReason"));
    }

    @Test
    void aRedeliveredLayoutAnswerChangesNothing() {
        Map<String, Object> body = minimal();
        String id = create(body);
        String preparedId = TestEvents.publish(kafka, prepared(id, body, 1L));
        awaitStatus(id, "READY");
        TestEvents.publish(kafka, rejected(id, body, "disk gone", 1L));
        awaitStatus(id, "INVALID");

        TestEvents.publish(kafka, prepared(id, body, 1L), preparedId);
        TestEvents.publish(kafka, rejected(id, body, "fence", 1L));

        await().atMost(WAIT).until(() -> "fence".equals(get(id).getString("statusReason")));
        JsonPath image = get(id);
        assertEquals("INVALID", image.getString("status"));
        assertEquals(4, image.getInt("version"), "the redelivered answer was not applied again");
    }

    @Test
    void anAnswerAboutAnUnknownImageIsProcessedAndIgnored() {
        Map<String, Object> body = minimal();
        String unknown = UUID.randomUUID().toString();

        String eventId = TestEvents.publish(kafka, prepared(unknown, body, 1L));

        await().atMost(WAIT).until(() -> ProcessedEvents.processed(dataSource, ProcessedEvents.LAYOUT, eventId));
        operator().get("/images/{id}", unknown).then().statusCode(404);
    }

    @Test
    void anAnswerAboutADeletedImageDoesNotBringItBack() {
        Map<String, Object> body = minimal();
        String id = create(body);
        operator().delete("/images/{id}", id).then().statusCode(204);

        String eventId = TestEvents.publish(kafka, prepared(id, body, 1L));

        await().atMost(WAIT).until(() -> ProcessedEvents.processed(dataSource, ProcessedEvents.LAYOUT, eventId));
        operator().get("/images/{id}", id).then().statusCode(404);
        operator().body(body).post("/images").then().statusCode(201);
    }

    private static JsonPath awaitStatus(String id, String status) {
        await().atMost(WAIT).until(() -> status.equals(get(id).getString("status")));
        return get(id);
    }

    private static ImageLayoutPrepared prepared(String id, Map<String, Object> body, Long version) {
        return new ImageLayoutPrepared(UUID.fromString(id), HOST, (String) body.get("rootPath"), version);
    }

    private static ImageLayoutRejected rejected(String id, Map<String, Object> body, String reason, Long version) {
        return new ImageLayoutRejected(UUID.fromString(id), HOST, (String) body.get("rootPath"), reason, version);
    }
}
