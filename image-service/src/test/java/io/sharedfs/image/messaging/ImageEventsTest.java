package io.sharedfs.image.messaging;

import static io.sharedfs.image.TestImages.create;
import static io.sharedfs.image.TestImages.minimal;
import static io.sharedfs.image.TestImages.operator;
import static io.sharedfs.image.messaging.ImageTopic.eventsUntil;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.sharedfs.contracts.CloudEventHeaders;
import io.sharedfs.contracts.SharedfsMessage;
import io.sharedfs.contracts.Topics;
import io.sharedfs.contracts.image.ImageDeleted;
import io.sharedfs.contracts.image.ImageRegistered;
import io.sharedfs.contracts.image.ImageSpec;
import io.sharedfs.contracts.image.ImageStatus;
import io.sharedfs.contracts.image.ImageUpdated;
import io.sharedfs.testsupport.SharedfsInfrastructure;
import io.sharedfs.testsupport.TestEvents;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * What the registry publishes on {@code sharedfs.images}, read back with a plain Kafka consumer:
 * keyed by image id, with CloudEvents headers, carrying the image's full state.
 */
@QuarkusTest
@WithTestResource(SharedfsInfrastructure.class)
class ImageEventsTest {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String kafka;

    @Test
    void registeringPublishesImageRegisteredWithKeyHeadersAndTheFullState() {
        Instant before = Instant.now().minusSeconds(1);
        Map<String, Object> body = minimal();
        body.put("shared", true);
        body.put("privateDirs", List.of("/var", "/etc", "/srv/cache"));
        body.put("sharedSubdirs", List.of("/var/lib/rpm", "/srv/cache/common"));
        body.put("ramDirs", List.of("/var/run", "/var/lock"));
        body.put("description", "web farm base");
        String id = create(body);

        TestEvents.Received<ImageRegistered> registered =
                TestEvents.await(kafka, ImageRegistered.class, event -> event.imageId().toString().equals(id));

        assertEquals(Topics.IMAGES, registered.record().topic());
        assertEquals(id, registered.record().key());
        assertEquals("1.0", registered.header(CloudEventHeaders.SPEC_VERSION));
        assertEquals("io.sharedfs.ImageRegistered", registered.header(CloudEventHeaders.TYPE));
        assertEquals("/sharedfs/image-service", registered.header(CloudEventHeaders.SOURCE));
        assertEquals("image/" + id, registered.header(CloudEventHeaders.SUBJECT));
        assertEquals("application/json", registered.header(CloudEventHeaders.CONTENT_TYPE));
        UUID.fromString(registered.header(CloudEventHeaders.ID));
        Instant time = Instant.parse(registered.header(CloudEventHeaders.TIME));
        assertTrue(!time.isBefore(before) && !time.isAfter(Instant.now()), "ce_time " + time);
        assertEquals(new ImageSpec(UUID.fromString(id), (String) body.get("name"), (String) body.get("rootPath"),
                        "localhost", true, List.of("/var", "/etc", "/srv/cache"),
                        List.of("/var/lib/rpm", "/srv/cache/common"), List.of("/var/run", "/var/lock"),
                        "web farm base", 1, ImageStatus.PENDING, null),
                registered.body().image());
    }

    @Test
    void registeringWithDefaultsPublishesTheDefaults() {
        Map<String, Object> body = minimal();
        String id = create(body);

        ImageSpec spec = TestEvents.await(kafka, ImageRegistered.class,
                event -> event.imageId().toString().equals(id)).body().image();

        assertEquals(new ImageSpec(UUID.fromString(id), (String) body.get("name"), (String) body.get("rootPath"),
                "localhost", false, List.of("/var", "/etc", "/tmp"), List.of("/var/lib/rpm"), List.of("/var/run"),
                null, 1, ImageStatus.PENDING, null), spec);
    }

    @Test
    void aChangePublishesImageUpdatedWithTheFullStateTheChangedFieldsAndTheNewVersion() {
        Map<String, Object> body = minimal();
        String id = create(body);
        Map<String, Object> replacement = new LinkedHashMap<>(body);
        replacement.put("name", body.get("name") + "-renamed");
        replacement.put("ramDirs", List.of("/var/run", "/var/lock"));
        replacement.put("description", "now described");
        operator().body(replacement).put("/images/{id}", id).then().statusCode(200);

        TestEvents.Received<ImageUpdated> updated =
                TestEvents.await(kafka, ImageUpdated.class, event -> event.imageId().toString().equals(id));

        assertEquals(id, updated.record().key());
        assertEquals("io.sharedfs.ImageUpdated", updated.header(CloudEventHeaders.TYPE));
        assertEquals("/sharedfs/image-service", updated.header(CloudEventHeaders.SOURCE));
        assertEquals("image/" + id, updated.header(CloudEventHeaders.SUBJECT));
        assertEquals("1.0", updated.header(CloudEventHeaders.SPEC_VERSION));
        assertEquals(Set.of("name", "ramDirs", "description"), updated.body().changedFields());
        assertEquals(new ImageSpec(UUID.fromString(id), body.get("name") + "-renamed", (String) body.get("rootPath"),
                "localhost", false, List.of("/var", "/etc", "/tmp"), List.of("/var/lib/rpm"),
                List.of("/var/run", "/var/lock"), "now described", 2, ImageStatus.PENDING, null),
                updated.body().image());
    }

    @Test
    void aChangeThatChangesNothingPublishesNothingAndKeepsTheVersion() {
        Map<String, Object> body = minimal();
        String id = create(body);

        operator().header("If-Match", "\"1\"").body(body).put("/images/{id}", id).then().statusCode(200)
                .header("ETag", "\"1\"").body("version", equalTo(1));
        Map<String, Object> explicit = new LinkedHashMap<>(body);
        explicit.put("storageHost", "localhost");
        explicit.put("shared", false);
        explicit.put("privateDirs", List.of("/var", "/etc", "/tmp"));
        explicit.put("sharedSubdirs", List.of("/var/lib/rpm"));
        explicit.put("ramDirs", List.of("/var/run"));
        operator().body(explicit).put("/images/{id}", id).then().statusCode(200).header("ETag", "\"1\"");
        operator().body(Map.of("shared", false)).patch("/images/{id}", id).then().statusCode(200)
                .header("ETag", "\"1\"");
        operator().body(Map.of("description", "fence")).patch("/images/{id}", id).then().statusCode(200)
                .header("ETag", "\"2\"");

        List<SharedfsMessage> events = eventsUntil(kafka, id, ImageUpdated.class,
                event -> "fence".equals(event.image().description()));

        assertEquals(2, events.size(), "only the registration and the fence: " + events);
        assertTrue(events.get(0) instanceof ImageRegistered, events.toString());
        ImageUpdated fence = (ImageUpdated) events.get(1);
        assertEquals(2, fence.image().version());
        assertEquals(Set.of("description"), fence.changedFields());
    }

    @Test
    void deletingPublishesImageDeletedAfterTheImagesOtherEvents() {
        Map<String, Object> body = minimal();
        String id = create(body);
        operator().body(Map.of("shared", true)).patch("/images/{id}", id).then().statusCode(200);
        operator().body(Map.of("description", "last words")).patch("/images/{id}", id).then().statusCode(200);
        operator().delete("/images/{id}", id).then().statusCode(204);

        List<SharedfsMessage> events = eventsUntil(kafka, id, ImageDeleted.class, event -> true);

        assertEquals(4, events.size(), events.toString());
        assertEquals(1, ((ImageRegistered) events.get(0)).image().version());
        ImageUpdated shared = (ImageUpdated) events.get(1);
        assertEquals(2, shared.image().version());
        assertEquals(Set.of("shared"), shared.changedFields());
        assertTrue(shared.image().shared());
        ImageUpdated described = (ImageUpdated) events.get(2);
        assertEquals(3, described.image().version());
        assertEquals(Set.of("description"), described.changedFields());
        assertEquals(new ImageDeleted(UUID.fromString(id), (String) body.get("name"), "localhost",
                (String) body.get("rootPath")), events.get(3));

        TestEvents.Received<ImageDeleted> deleted =
                TestEvents.await(kafka, ImageDeleted.class, event -> event.imageId().toString().equals(id));
        assertEquals(id, deleted.record().key());
        assertEquals("io.sharedfs.ImageDeleted", deleted.header(CloudEventHeaders.TYPE));
        assertEquals("image/" + id, deleted.header(CloudEventHeaders.SUBJECT));
        assertFalse(deleted.header(CloudEventHeaders.ID).equals(
                TestEvents.await(kafka, ImageRegistered.class, event -> event.imageId().toString().equals(id))
                        .header(CloudEventHeaders.ID)), "every event has its own id");
    }

    @Test
    void aRefusedChangePublishesNothing() {
        Map<String, Object> body = minimal();
        String id = create(body);

        operator().body(Map.of("rootPath", "relative")).patch("/images/{id}", id).then().statusCode(400);
        operator().header("If-Match", "\"7\"").body(Map.of("description", "stale")).patch("/images/{id}", id)
                .then().statusCode(412);
        operator().body(Map.of("description", "fence")).patch("/images/{id}", id).then().statusCode(200);

        List<SharedfsMessage> events = eventsUntil(kafka, id, ImageUpdated.class,
                event -> "fence".equals(event.image().description()));

        assertEquals(2, events.size(), events.toString());
        assertEquals(2, ((ImageUpdated) events.get(1)).image().version());
    }
}
