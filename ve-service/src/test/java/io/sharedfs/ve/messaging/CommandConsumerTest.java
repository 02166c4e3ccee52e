package io.sharedfs.ve.messaging;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.sharedfs.contracts.EventJson;
import io.sharedfs.contracts.command.AddNode;
import io.sharedfs.contracts.command.CommandRejected;
import io.sharedfs.contracts.command.RemoveNode;
import io.sharedfs.contracts.image.ImageSpec;
import io.sharedfs.contracts.node.ImageRef;
import io.sharedfs.contracts.node.NodeAdded;
import io.sharedfs.contracts.node.NodeRemoved;
import io.sharedfs.testsupport.SharedfsInfrastructure;
import io.sharedfs.testsupport.TestEvents;
import io.sharedfs.ve.Api;
import io.sharedfs.ve.Bus;
import io.sharedfs.ve.Images;
import io.sharedfs.ve.TestDb;
import io.sharedfs.ve.TestIds;
import java.util.List;
import java.util.UUID;
import org.hamcrest.MatcherAssert;
import org.junit.jupiter.api.Test;

/**
 * Upstream systems' AddNode and RemoveNode on the commands topic follow the REST rules; a broken
 * one is answered with CommandRejected and changes nothing; a command id seen before does nothing.
 */
@QuarkusTest
@WithTestResource(SharedfsInfrastructure.class)
class CommandConsumerTest {

    @Test
    void aValidAddNodeAddsTheNodeAndPublishesNodeAddedWithTheImageData() {
        ImageSpec image = Images.sharedReady();
        long ve = Api.createVe(image, true);
        String hostname = TestIds.hostname();
        String address = TestIds.ipv4();
        String commandId = command();
        Bus.publishAndAwait(new AddNode(commandId, ve, hostname.toUpperCase(), address, "52:54:00:AA:BB:CC"));

        JsonPath node = Api.node(ve, 1);
        assertEquals(hostname, node.getString("hostname"));
        assertEquals(address, node.getString("address"));
        assertEquals("52:54:00:aa:bb:cc", node.getString("mac"));
        assertEquals("PROVISIONING", node.getString("state"));

        NodeAdded added = TestEvents.await(Bus.kafka(), NodeAdded.class,
                event -> event.veId() == ve && event.hostname().equals(hostname)).body();
        assertEquals(new NodeAdded(ve, 1, hostname, address, "52:54:00:aa:bb:cc", 1,
                new ImageRef(image.imageId(), Images.STORAGE_HOST, image.rootPath(), true, Images.PRIVATE_DIRS,
                        Images.SHARED_SUBDIRS, Images.RAM_DIRS)), added);
        assertEquals(List.of(), rejections(commandId));
    }

    @Test
    void anInvalidAddNodeIsRejectedWithItsCommandIdAndReasonAndChangesNothing() {
        long ve = Api.multiServerVe();
        String commandId = command();
        String address = TestIds.ipv4();
        Bus.publishAndAwait(new AddNode(commandId, ve, "bad_host", address, null));

        CommandRejected rejected = TestEvents.await(Bus.kafka(), CommandRejected.class,
                event -> event.commandId().equals(commandId)).body();
        assertEquals(commandId, rejected.commandId());
        assertEquals("io.sharedfs.AddNode", rejected.commandType());
        assertEquals(ve, rejected.veId());
        MatcherAssert.assertThat(rejected.reason(), containsString("bad_host"));
        assertEquals(0, Api.nodeCount(ve));
        assertEquals(List.of(), TestDb.outboxMentioning(address), "no NodeAdded");
        assertEquals(1, TestDb.outboxForKey(Long.toString(ve)).stream()
                .filter(row -> row.type().equals("io.sharedfs.CommandRejected")).count());
    }

    @Test
    void everyRestRuleAppliesToCommands() {
        long single = Api.createVe(Images.sharedReady(), false);
        String taken = TestIds.ipv4();
        Api.addNode(single, TestIds.hostname(), taken).statusCode(202);
        long missingVe = 9_000_000_000L + TestIds.next();

        assertRejected(new AddNode(command(), single, TestIds.hostname(), TestIds.ipv4(), null), "single-server VE");
        long multi = Api.multiServerVe();
        assertRejected(new AddNode(command(), multi, TestIds.hostname(), taken, null), "address " + taken);
        assertRejected(new AddNode(command(), multi, TestIds.hostname(), "localhost", null), "localhost");
        assertRejected(new AddNode(command(), multi, null, null, null), "hostname is required");
        assertRejected(new AddNode(command(), missingVe, TestIds.hostname(), TestIds.ipv4(), null),
                "no VE with id " + missingVe);
        assertRejected(new RemoveNode(command(), multi, 77, false), "no node with VEM id 77");
        assertEquals(1, Api.nodeCount(single));
        assertEquals(0, Api.nodeCount(multi));
    }

    @Test
    void theSameCommandIdTwiceAddsOneNode() {
        long ve = Api.multiServerVe();
        String commandId = command();
        AddNode add = new AddNode(commandId, ve, TestIds.hostname(), TestIds.ipv4(), null);
        String eventId = Bus.publish(add);
        Bus.publish(add, eventId);
        String newEventId = Bus.publishAndAwait(add);
        Bus.settleCommands(ve);

        assertEquals(1, Api.nodeCount(ve));
        assertTrue(TestDb.processed("ve-service.commands", newEventId));
        assertEquals(1, TestDb.outbox("ve/" + ve + "/node/1", "io.sharedfs.NodeAdded").size());
        assertEquals(List.of(), rejections(commandId));

        // Even once the node is gone, the old command does not add it again.
        Api.operator().delete("/ves/{ve}/nodes/1", ve).then().statusCode(202);
        Bus.publishAndAwait(add);
        assertEquals(1, Api.nodeCount(ve));
        assertEquals("REMOVING", Api.state(ve, 1));
    }

    @Test
    void theSameRejectedCommandIdTwiceIsRejectedOnce() {
        long ve = Api.multiServerVe();
        String commandId = command();
        AddNode broken = new AddNode(commandId, ve, "bad_host", TestIds.ipv4(), null);
        String eventId = Bus.publish(broken);
        Bus.publish(broken, eventId);
        Bus.publishAndAwait(broken);
        Bus.settleCommands(ve);
        assertEquals(1, rejections(commandId).size());

        // A valid command under a used id is not carried out either: the id was answered.
        Bus.publishAndAwait(new AddNode(commandId, ve, TestIds.hostname(), TestIds.ipv4(), null));
        assertEquals(0, Api.nodeCount(ve));
        assertEquals(1, rejections(commandId).size());
    }

    @Test
    void removeNodeRemovesTheNodeWithThePurgeFlag() {
        long ve = Api.multiServerVe();
        long kept = Api.addNode(ve);
        long purged = Api.addNode(ve);
        Bus.publishAndAwait(new RemoveNode(command(), ve, kept, false));
        String purgeCommand = command();
        Bus.publishAndAwait(new RemoveNode(purgeCommand, ve, purged, true));
        Bus.publishAndAwait(new RemoveNode(purgeCommand, ve, purged, true));

        assertEquals("REMOVING", Api.state(ve, kept));
        assertEquals("REMOVING", Api.state(ve, purged));
        assertEquals(true, Api.node(ve, purged).getBoolean("purgeRequested"));
        NodeRemoved keptRemoved = TestEvents.await(Bus.kafka(), NodeRemoved.class,
                event -> event.veId() == ve && event.vemId() == kept).body();
        assertEquals(false, keptRemoved.purge());
        List<NodeRemoved> purges = TestDb.outbox("ve/" + ve + "/node/" + purged, "io.sharedfs.NodeRemoved").stream()
                .map(row -> EventJson.read(row.payload(), NodeRemoved.class)).toList();
        assertEquals(1, purges.size());
        assertEquals(true, purges.get(0).purge());
    }

    private static void assertRejected(io.sharedfs.contracts.command.Command command, String reason) {
        Bus.publishAndAwait(command);
        List<CommandRejected> rejected = rejections(command.commandId());
        assertEquals(1, rejected.size(), "one rejection of " + command);
        MatcherAssert.assertThat(rejected.get(0).reason(), containsString(reason));
    }

    /** CommandRejected for the command id, from the outbox (committed with the inbox entry awaited). */
    private static List<CommandRejected> rejections(String commandId) {
        return TestDb.outbox("command/" + commandId, "io.sharedfs.CommandRejected").stream()
                .map(row -> EventJson.read(row.payload(), CommandRejected.class)).toList();
    }

    private static String command() {
        return "cmd-" + UUID.randomUUID();
    }
}
