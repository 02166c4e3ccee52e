package io.sharedfs.ve.messaging;

import static io.sharedfs.ve.Agents.exported;
import static io.sharedfs.ve.Agents.provisioned;
import static io.sharedfs.ve.Agents.provisioningFailed;
import static io.sharedfs.ve.Agents.purged;
import static io.sharedfs.ve.Agents.unexported;
import static io.sharedfs.ve.Bus.publishAndAwait;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.sharedfs.contracts.CloudEventHeaders;
import io.sharedfs.contracts.MessageType;
import io.sharedfs.contracts.SharedfsMessage;
import io.sharedfs.contracts.Topics;
import io.sharedfs.contracts.command.AddNode;
import io.sharedfs.contracts.command.CommandRejected;
import io.sharedfs.contracts.customization.CustomFileUploaded;
import io.sharedfs.contracts.image.ImageSpec;
import io.sharedfs.contracts.node.ImageRef;
import io.sharedfs.contracts.node.NodeAdded;
import io.sharedfs.contracts.node.NodeRemoved;
import io.sharedfs.contracts.node.NodeState;
import io.sharedfs.contracts.node.NodeStateChanged;
import io.sharedfs.contracts.ve.VeCreated;
import io.sharedfs.contracts.ve.VeDeleted;
import io.sharedfs.contracts.ve.VeUpdated;
import io.sharedfs.testsupport.KafkaTestClient;
import io.sharedfs.testsupport.SharedfsInfrastructure;
import io.sharedfs.ve.Api;
import io.sharedfs.ve.Bus;
import io.sharedfs.ve.Customizations;
import io.sharedfs.ve.CustomizedVe;
import io.sharedfs.ve.Files;
import io.sharedfs.ve.Images;
import io.sharedfs.ve.TestIds;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * What each step publishes, read back from the broker: keyed by VE id, in order, with the
 * CloudEvents headers an operator reads, and the body a consumer needs.
 */
@QuarkusTest
@WithTestResource(SharedfsInfrastructure.class)
class PublishedEventsTest {

    private static final String SOURCE = "/sharedfs/ve-service";

    @Test
    void creatingChangingAndDeletingAVePublishesVeCreatedVeUpdatedAndVeDeleted() {
        ImageSpec image = Images.sharedReady();
        Instant start = Instant.now();
        String name = TestIds.name("events");
        long ve = Api.operator().body(Api.veBody(name, image.imageId(), true)).post("/ves").then().statusCode(201)
                .extract().jsonPath().getLong("id");
        Api.operator().body(Map.of("description", "changed", "multiServer", false)).patch("/ves/{ve}", ve).then()
                .statusCode(200);
        Api.operator().delete("/ves/{ve}", ve).then().statusCode(204);

        List<ConsumerRecord<String, String>> records = Bus.published(ve, Topics.VES);
        assertEquals(List.of(
                new VeCreated(ve, name, image.imageId(), true, "a test VE"),
                new VeUpdated(ve, name, image.imageId(), false, "changed", Set.of("multiServer", "description")),
                new VeDeleted(ve, name, image.imageId())), bodies(records));
        for (ConsumerRecord<String, String> record : records) {
            assertCloudEvent(record, Long.toString(ve), "ve/" + ve, start);
        }
    }

    @Test
    void aNodesLifeIsPublishedOnTheNodesTopicInOrder() {
        ImageSpec image = Images.sharedReady();
        long ve = Api.createVe(image, true);
        Instant start = Instant.now();
        String hostname = TestIds.hostname();
        String address = TestIds.ipv4();
        long vem = Api.addNode(ve, hostname, address).statusCode(202).extract().jsonPath().getLong("vemId");
        publishAndAwait(provisioningFailed(ve, vem, 1, "disk full"));
        Api.operator().post("/ves/{ve}/nodes/{vem}/retry", ve, vem).then().statusCode(202);
        publishAndAwait(provisioned(ve, vem, 2));
        publishAndAwait(exported(ve, vem, 3));
        Api.operator().delete("/ves/{ve}/nodes/{vem}?purge=true", ve, vem).then().statusCode(202);
        publishAndAwait(unexported(ve, vem));
        publishAndAwait(purged(ve, vem));

        ImageRef ref = new ImageRef(image.imageId(), image.storageHost(), image.rootPath(), true,
                image.privateDirs(), image.sharedSubdirs(), image.ramDirs());
        List<ConsumerRecord<String, String>> records = Bus.published(ve, Topics.NODES);
        assertEquals(List.of(
                new NodeAdded(ve, vem, hostname, address, null, 1, ref),
                new NodeStateChanged(ve, vem, null, NodeState.PROVISIONING, null),
                new NodeStateChanged(ve, vem, NodeState.PROVISIONING, NodeState.FAILED, "disk full"),
                new NodeAdded(ve, vem, hostname, address, null, 2, ref),
                new NodeStateChanged(ve, vem, NodeState.FAILED, NodeState.PROVISIONING, null),
                new NodeStateChanged(ve, vem, NodeState.PROVISIONING, NodeState.READY, null),
                new NodeRemoved(ve, vem, hostname, address, true, ref),
                new NodeStateChanged(ve, vem, NodeState.READY, NodeState.REMOVING, null),
                new NodeStateChanged(ve, vem, NodeState.REMOVING, NodeState.REMOVED,
                        "exports withdrawn, private tree purged")), bodies(records));
        for (ConsumerRecord<String, String> record : records) {
            assertCloudEvent(record, Long.toString(ve), "ve/" + ve + "/node/" + vem, start);
        }
    }

    @Test
    void aRejectedCommandIsAnsweredOnTheCommandResultsTopic() {
        long ve = Api.multiServerVe();
        Instant start = Instant.now();
        String commandId = "cmd-" + UUID.randomUUID();
        publishAndAwait(new AddNode(commandId, ve, TestIds.hostname(), "999.1.1.1", null));

        List<ConsumerRecord<String, String>> records = Bus.published(ve, Topics.COMMAND_RESULTS);
        assertEquals(1, records.size());
        CommandRejected rejected = (CommandRejected) bodies(records).get(0);
        assertEquals(commandId, rejected.commandId());
        assertEquals("io.sharedfs.AddNode", rejected.commandType());
        assertEquals(ve, rejected.veId());
        assertTrue(rejected.reason().contains("999.1.1.1"), rejected.reason());
        assertCloudEvent(records.get(0), Long.toString(ve), "command/" + commandId, start);
    }

    @Test
    void everyPublishedEventHasItsOwnId() {
        long ve = Api.multiServerVe();
        Api.addNode(ve);
        Api.addNode(ve);
        Set<String> ids = new HashSet<>();
        List<ConsumerRecord<String, String>> records = Bus.published(ve, Topics.NODES);
        records.forEach(record -> ids.add(KafkaTestClient.header(record, CloudEventHeaders.ID)));
        assertEquals(4, records.size());
        assertEquals(4, ids.size());
    }

    @Test
    void anUploadPublishesCustomFileUploadedWithTheContentAndTheImage() {
        CustomizedVe setup = CustomizedVe.create();
        long ve = setup.ve();
        long vem = setup.vem();
        Instant start = Instant.now();
        byte[] crontab = {'#', 0, (byte) 0xff, (byte) 0xc3, 0x28, '\n'};
        byte[] hostname = "node-a\n".getBytes(StandardCharsets.UTF_8);
        Files.put(ve, null, CustomizedVe.CRONTAB, crontab).statusCode(201);
        Files.put(ve, null, CustomizedVe.CRONTAB, crontab).statusCode(200).body("unchanged", equalTo(true));
        Files.put(ve, vem, CustomizedVe.HOSTNAME, hostname).statusCode(201);

        List<ConsumerRecord<String, String>> records = Bus.ofType(Bus.published(ve, Topics.VES),
                CustomFileUploaded.class);
        ImageRef ref = Customizations.ref(setup.image());
        assertEquals(List.of(
                new CustomFileUploaded(ve, null, CustomizedVe.CRONTAB, 1, Files.sha256(crontab),
                        Base64.getEncoder().encodeToString(crontab), ref),
                new CustomFileUploaded(ve, vem, CustomizedVe.HOSTNAME, 1, Files.sha256(hostname),
                        Base64.getEncoder().encodeToString(hostname), ref)), bodies(records));
        assertArrayEquals(crontab, ((CustomFileUploaded) bodies(records).get(0)).bytes());
        assertArrayEquals(hostname, ((CustomFileUploaded) bodies(records).get(1)).bytes());
        for (ConsumerRecord<String, String> record : records) {
            assertCloudEvent(record, Long.toString(ve), "ve/" + ve, start);
        }
    }

    private static void assertCloudEvent(ConsumerRecord<String, String> record, String key, String subject,
            Instant notBefore) {
        String type = KafkaTestClient.header(record, CloudEventHeaders.TYPE);
        assertEquals(key, record.key(), type);
        UUID.fromString(KafkaTestClient.header(record, CloudEventHeaders.ID));
        assertEquals(MessageType.byCeType(type).orElseThrow().topic(), record.topic());
        assertTrue(type.startsWith("io.sharedfs."), type);
        assertEquals(SOURCE, KafkaTestClient.header(record, CloudEventHeaders.SOURCE), type);
        assertEquals(subject, KafkaTestClient.header(record, CloudEventHeaders.SUBJECT), type);
        assertEquals("1.0", KafkaTestClient.header(record, CloudEventHeaders.SPEC_VERSION), type);
        assertEquals("application/json", KafkaTestClient.header(record, CloudEventHeaders.CONTENT_TYPE), type);
        Instant time = Instant.parse(KafkaTestClient.header(record, CloudEventHeaders.TIME));
        assertTrue(!time.isBefore(notBefore.minusSeconds(1))
                && time.isBefore(Instant.now().plus(Duration.ofSeconds(1))), type + " at " + time);
    }

    private static List<SharedfsMessage> bodies(List<ConsumerRecord<String, String>> records) {
        return records.stream().map(record -> MessageType.byCeType(KafkaTestClient.header(record,
                CloudEventHeaders.TYPE)).orElseThrow().read(record.value())).toList();
    }
}
