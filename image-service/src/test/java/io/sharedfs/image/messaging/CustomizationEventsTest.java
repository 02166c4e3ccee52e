package io.sharedfs.image.messaging;

import static io.sharedfs.image.TestCustomizations.applied;
import static io.sharedfs.image.TestCustomizations.customize;
import static io.sharedfs.image.TestCustomizations.readyImage;
import static io.sharedfs.image.TestCustomizations.request;
import static io.sharedfs.image.TestCustomizations.revert;
import static io.sharedfs.image.TestImages.minimal;
import static io.sharedfs.image.messaging.ImageTopic.eventsUntil;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.sharedfs.contracts.CloudEventHeaders;
import io.sharedfs.contracts.SharedfsMessage;
import io.sharedfs.contracts.Topics;
import io.sharedfs.contracts.customization.CustomizationRequested;
import io.sharedfs.contracts.customization.CustomizationRevertRequested;
import io.sharedfs.contracts.customization.CustomizationScope;
import io.sharedfs.contracts.image.ImageRegistered;
import io.sharedfs.contracts.image.ImageUpdated;
import io.sharedfs.contracts.node.ImageRef;
import io.sharedfs.testsupport.SharedfsInfrastructure;
import io.sharedfs.testsupport.TestEvents;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * What customizing and reverting publish on {@code sharedfs.images}, read back with a plain Kafka
 * consumer: keyed by the image id, with CloudEvents headers, carrying the image as the storage host needs it.
 */
@QuarkusTest
@WithTestResource(SharedfsInfrastructure.class)
class CustomizationEventsTest {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String kafka;

    @Test
    void customizingPublishesCustomizationRequestedWithKeyHeadersAndTheImage() {
        Map<String, Object> body = minimal();
        body.put("privateDirs", List.of("/var", "/etc", "/srv/cache"));
        body.put("sharedSubdirs", List.of("/var/lib/rpm", "/srv/cache/common"));
        body.put("ramDirs", List.of("/var/run", "/var/lock"));
        String image = readyImage(kafka, body);
        Instant before = Instant.now().minusSeconds(1);

        String id = customize(image, request("/etc/crontab", "VE", true)).then().statusCode(202).extract().path("id");

        TestEvents.Received<CustomizationRequested> requested = TestEvents.await(kafka, CustomizationRequested.class,
                event -> event.customizationId().toString().equals(id));
        assertEquals(Topics.IMAGES, requested.record().topic());
        assertEquals(image, requested.record().key());
        assertEquals("1.0", requested.header(CloudEventHeaders.SPEC_VERSION));
        assertEquals("io.sharedfs.CustomizationRequested", requested.header(CloudEventHeaders.TYPE));
        assertEquals("/sharedfs/image-service", requested.header(CloudEventHeaders.SOURCE));
        assertEquals("image/" + image, requested.header(CloudEventHeaders.SUBJECT));
        assertEquals("application/json", requested.header(CloudEventHeaders.CONTENT_TYPE));
        UUID.fromString(requested.header(CloudEventHeaders.ID));
        Instant time = Instant.parse(requested.header(CloudEventHeaders.TIME));
        assertTrue(!time.isBefore(before) && !time.isAfter(Instant.now()), "ce_time " + time);
        assertEquals(new CustomizationRequested(UUID.fromString(id), "/etc/crontab", CustomizationScope.VE, true,
                new ImageRef(UUID.fromString(image), "localhost", (String) body.get("rootPath"), true,
                        List.of("/var", "/etc", "/srv/cache"), List.of("/var/lib/rpm", "/srv/cache/common"),
                        List.of("/var/run", "/var/lock"))), requested.body());
    }

    @Test
    void revertingPublishesCustomizationRevertRequestedOnceAfterTheRequest() {
        Map<String, Object> body = minimal();
        String image = readyImage(kafka, body);
        String id = applied(kafka, image, "/etc/hostname", CustomizationScope.NODE);

        revert(image, id).then().statusCode(202);
        revert(image, id).then().statusCode(409);
        // A fence after the refused second revert: everything before it on the image's key has been published.
        String fence = customize(image, request("/etc/fence", "ALL", false)).then().statusCode(202).extract()
                .path("id");

        List<SharedfsMessage> events = eventsUntil(kafka, image, CustomizationRequested.class,
                event -> event.customizationId().toString().equals(fence));
        assertEquals(5, events.size(), events.toString());
        assertTrue(events.get(0) instanceof ImageRegistered, events.toString());
        assertTrue(events.get(1) instanceof ImageUpdated, events.toString());
        ImageRef ref = new ImageRef(UUID.fromString(image), "localhost", (String) body.get("rootPath"), true,
                List.of("/var", "/etc", "/tmp"), List.of("/var/lib/rpm"), List.of("/var/run"));
        assertEquals(new CustomizationRequested(UUID.fromString(id), "/etc/hostname", CustomizationScope.NODE, false,
                ref), events.get(2));
        assertEquals(new CustomizationRevertRequested(UUID.fromString(id), "/etc/hostname", CustomizationScope.NODE,
                ref), events.get(3));

        TestEvents.Received<CustomizationRevertRequested> reverting = TestEvents.await(kafka,
                CustomizationRevertRequested.class, event -> event.customizationId().toString().equals(id));
        assertEquals(image, reverting.record().key());
        assertEquals("io.sharedfs.CustomizationRevertRequested", reverting.header(CloudEventHeaders.TYPE));
        assertEquals("image/" + image, reverting.header(CloudEventHeaders.SUBJECT));
        assertEquals("/sharedfs/image-service", reverting.header(CloudEventHeaders.SOURCE));
    }

    @Test
    void aRefusedRequestPublishesNothing() {
        String image = readyImage(kafka, minimal());

        customize(image, request("/proc/cpuinfo", "VE", false)).then().statusCode(400);
        customize(image, request("/etc/crontab", "SOME", false)).then().statusCode(400);
        String live = customize(image, request("/etc/crontab", "VE", false)).then().statusCode(202).extract()
                .path("id");
        customize(image, request("/etc/crontab", "ALL", false)).then().statusCode(409);
        String fence = customize(image, request("/etc/fence", "ALL", false)).then().statusCode(202).extract()
                .path("id");

        List<SharedfsMessage> events = eventsUntil(kafka, image, CustomizationRequested.class,
                event -> event.customizationId().toString().equals(fence));
        List<String> requested = events.stream().filter(CustomizationRequested.class::isInstance)
                .map(event -> ((CustomizationRequested) event).customizationId().toString()).toList();
        assertEquals(List.of(live, fence), requested);
    }
}
