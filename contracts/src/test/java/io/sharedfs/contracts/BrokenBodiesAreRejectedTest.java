package io.sharedfs.contracts;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sharedfs.contracts.node.NodeAdded;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A body that is not JSON, is empty, or lacks what consumers need is refused with
 * {@link MalformedMessageException} naming the problem, so it is dead-lettered rather than half-processed.
 */
class BrokenBodiesAreRejectedTest {

    @ParameterizedTest(name = "{0} without {1}")
    @CsvSource({
        "NODE_ADDED,            vemId,                  vemId",
        "NODE_ADDED,            veId,                   veId",
        "NODE_ADDED,            hostname,               hostname",
        "NODE_ADDED,            address,                address",
        "NODE_ADDED,            attempt,                attempt",
        "NODE_ADDED,            image,                  image",
        "NODE_ADDED,            image.imageId,          image.imageId",
        "NODE_ADDED,            image.rootPath,         image.rootPath",
        "NODE_ADDED,            image.storageHost,      image.storageHost",
        "NODE_REMOVED,          image,                  image",
        "NODE_STATE_CHANGED,    to,                     to",
        "ADD_NODE,              commandId,              commandId",
        "REMOVE_NODE,           commandId,              commandId",
        "COMMAND_REJECTED,      commandId,              commandId",
        "COMMAND_REJECTED,      reason,                 reason",
        "IMAGE_REGISTERED,      image,                  image",
        "IMAGE_REGISTERED,      image.imageId,          imageId",
        "IMAGE_REGISTERED,      image.name,             name",
        "IMAGE_REGISTERED,      image.rootPath,         rootPath",
        "IMAGE_UPDATED,         image,                  image",
        "IMAGE_DELETED,         imageId,                imageId",
        "IMAGE_LAYOUT_PREPARED, storageHost,            storageHost",
        "IMAGE_LAYOUT_REJECTED, reason,                 reason",
        "VE_CREATED,            imageId,                imageId",
        "VE_CREATED,            name,                   name",
        "VE_UPDATED,            imageId,                imageId",
        "VE_DELETED,            veId,                   veId",
        "PRIVATE_TREE_CREATED,  treePath,               treePath",
        "PRIVATE_TREE_CREATED,  skippedSpecialFiles.0.kind, kind",
        "INIT_VEM_HOOK_RAN,     outcome,                outcome",
        "NODE_PROVISIONED,      storageHost,            storageHost",
        "NODE_PROVISIONING_FAILED, reason,              reason",
        "PRIVATE_TREE_PURGED,   vemId,                  vemId",
        "NODE_EXPORTED,         storageHost,            storageHost",
        "NODE_UNEXPORTED,       vemId,                  vemId",
        "EXPORTS_APPLIED,       storageHost,            storageHost",
        "EXPORTS_APPLY_FAILED,  message,                message",
        "EXPORTS_APPLY_FAILED,  nodes.1.veId,           veId",
    })
    void missingRequiredFieldIsNamed(MessageType type, String path, String field) {
        String json = JsonTrees.without(Samples.json(type), path);

        assertRejectedNaming(type, json, field);
    }

    @ParameterizedTest(name = "{0} with {1} = {2}")
    @CsvSource(delimiter = '|', value = {
        "IMAGE_REGISTERED      | image.name                  | '\"   \"' | name",
        "IMAGE_UPDATED         | image.storageHost           | '\"\"'    | storageHost",
        "NODE_ADDED            | vemId                       | 0         | vemId",
        "NODE_ADDED            | veId                        | -10       | veId",
        "NODE_ADDED            | attempt                     | 0         | attempt",
        "NODE_ADDED            | hostname                    | '\" \"'   | hostname",
        "NODE_ADDED            | image.rootPath              | '\"\"'    | image.rootPath",
        "ADD_NODE              | commandId                   | '\"\"'    | commandId",
        "COMMAND_REJECTED      | veId                        | -1        | veId",
        "VE_CREATED            | veId                        | 0         | veId",
        "PRIVATE_TREE_CREATED  | files                       | -1        | files",
        "PRIVATE_TREE_CREATED  | bytes                       | -1        | bytes",
        "PRIVATE_TREE_CREATED  | skippedSpecialFiles.1.path  | '\"\"'    | path",
        "INIT_VEM_HOOK_RAN     | durationMillis              | -5        | durationMillis",
        "EXPORTS_APPLIED       | entries                     | -1        | entries",
        "EXPORTS_APPLIED       | durationMillis              | -1        | durationMillis",
        "EXPORTS_APPLY_FAILED  | nodes.0.vemId               | 0         | vemId",
    })
    void invalidValueIsNamed(MessageType type, String path, String jsonValue, String field) {
        String json = JsonTrees.with(Samples.json(type), path, jsonValue);

        assertRejectedNaming(type, json, field);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{",
        "{\"veId\": 10,",
        "not json",
        "{veId: 10}",
        "[]",
        "42",
        "\"NodeAdded\"",
        "{\"veId\": \"ten\", \"vemId\": 3}",
        "{\"veId\": 10, \"vemId\": 3, \"attempt\": 1, \"hostname\": \"web3\", \"address\": \"a\", \"image\": []}",
    })
    void bodyThatIsNotANodeAddedIsRejected(String body) {
        MalformedMessageException e = assertThrows(MalformedMessageException.class, () -> MessageType.NODE_ADDED.read(body));

        // the parser's own exception stays attached for whoever reads the dead-letter reason
        assertNotNull(e.getCause(), "cause of " + e.getMessage());
        assertTrue(e.getMessage().contains("NodeAdded"), e.getMessage());
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", "   ", "\n\t"})
    void emptyBodyIsRejected(String body) {
        MalformedMessageException e = assertThrows(MalformedMessageException.class, () -> EventJson.read(body, NodeAdded.class));

        assertTrue(e.getMessage().contains("NodeAdded"), e.getMessage());
    }

    @ParameterizedTest
    @EnumSource(MessageType.class)
    void emptyObjectIsRejectedForEveryType(MessageType type) {
        // every message has at least one required field, so "{}" must never pass as a message
        assertThrows(MalformedMessageException.class, () -> type.read("{}"));
    }

    /* The unedited sample must read, so a rejection is due to the edit and not to the sample. */
    private static void assertRejectedNaming(MessageType type, String json, String field) {
        assertDoesNotThrow(() -> type.read(Samples.json(type)));

        MalformedMessageException e = assertThrows(MalformedMessageException.class, () -> type.read(json), json);

        // the field must appear as a word followed by what is wrong with it, not just inside some other name
        Pattern named = Pattern.compile("(^|[^\\w.])" + Pattern.quote(field) + " (is required|must)");
        assertTrue(named.matcher(e.getMessage()).find(), () -> "message does not name " + field + ": " + e.getMessage());
    }
}
