package io.sharedfs.contracts;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.sharedfs.contracts.node.NodeAdded;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A body that is not JSON, is empty or {@code null}, is JSON only by a lenient reading (a float or text for an
 * integer, a duplicate key, something after the object), or lacks what consumers need is refused with
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
        // attempt is required wherever it travels, not only in NodeAdded
        "PRIVATE_TREE_CREATED,  attempt,                attempt",
        "INIT_VEM_HOOK_RAN,     attempt,                attempt",
        "NODE_PROVISIONED,      attempt,                attempt",
        "NODE_PROVISIONING_FAILED, attempt,             attempt",
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
        "PRIVATE_TREE_CREATED  | attempt                     | 0         | attempt",
        "INIT_VEM_HOOK_RAN     | attempt                     | 0         | attempt",
        "NODE_PROVISIONED      | attempt                     | -1        | attempt",
        "NODE_PROVISIONING_FAILED | attempt                  | 0         | attempt",
        // a null item in a list or set is named by its field, nested ones by their full path
        "NODE_ADDED            | image.privateDirs           | '[\"/var\", null]' | image.privateDirs",
        "NODE_REMOVED          | image.ramDirs               | '[null]'  | image.ramDirs",
        "IMAGE_REGISTERED      | image.privateDirs           | '[\"/var\", null]' | privateDirs",
        "IMAGE_UPDATED         | image.sharedSubdirs         | '[null]'  | sharedSubdirs",
        "IMAGE_UPDATED         | changedFields               | '[\"shared\", null]' | changedFields",
        "VE_UPDATED            | changedFields               | '[null]'  | changedFields",
        "PRIVATE_TREE_CREATED  | paths                       | '[\"/var\", null]' | paths",
        "PRIVATE_TREE_CREATED  | skippedSpecialFiles         | '[null]'  | skippedSpecialFiles",
        "NODE_EXPORTED         | paths                       | '[null]'  | paths",
        "EXPORTS_APPLY_FAILED  | nodes                       | '[null]'  | nodes",
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

    @ParameterizedTest
    @EnumSource(MessageType.class)
    void jsonNullBodyIsRejectedForEveryType(MessageType type) {
        for (String body : new String[] {"null", " null\n"}) {
            MalformedMessageException e = assertThrows(MalformedMessageException.class, () -> type.read(body), body);

            assertTrue(e.getMessage().contains(type.javaType().getSimpleName()), e.getMessage());
        }
    }

    /* Numbers, booleans and text must be JSON values of the field's kind: no rounding, no parsing text, nested ones too. */
    @ParameterizedTest(name = "{0} with {1} = {2}")
    @CsvSource(delimiter = '|', value = {
        "NODE_ADDED            | veId                  | 10.7",
        "NODE_ADDED            | attempt               | 2.0",
        "EXPORTS_APPLY_FAILED  | nodes.0.vemId         | 3.5",
        "INIT_VEM_HOOK_RAN     | exitCode              | 0.0",
        "PRIVATE_TREE_CREATED  | files                 | 1.234e3",
        "NODE_ADDED            | veId                  | '\"10\"'",
        "NODE_ADDED            | attempt               | '\"2\"'",
        "EXPORTS_APPLIED       | generation            | '\"5\"'",
        "INIT_VEM_HOOK_RAN     | exitCode              | '\"0\"'",
        "EXPORTS_APPLY_FAILED  | nodes.1.veId          | '\"11\"'",
        "REMOVE_NODE           | purge                 | '\"true\"'",
        "NODE_ADDED            | hostname              | 42",
        "NODE_ADDED            | image.rootPath        | 1.5",
        "IMAGE_REGISTERED      | image.name            | true",
        "IMAGE_REGISTERED      | image.status          | 1",
    })
    void scalarOfTheWrongShapeIsRejected(MessageType type, String path, String jsonValue) {
        assertRejected(type, JsonTrees.with(Samples.json(type), path, jsonValue));
    }

    @ParameterizedTest
    @EnumSource(MessageType.class)
    void duplicateTopLevelKeyIsRejectedEvenWithTheSameValue(MessageType type) {
        String json = Samples.json(type);
        String key = JsonTrees.parse(json).fieldNames().next();

        // the same key and value again at the front: which copy wins is not a question a consumer should answer
        assertRejected(type, "{\"" + key + "\":" + JsonTrees.parse(json).get(key) + "," + json.substring(1));
    }

    @ParameterizedTest(name = "{0} with {1} twice")
    @CsvSource({
        "NODE_ADDED,            image,                  rootPath",
        "IMAGE_REGISTERED,      image,                  name",
        "EXPORTS_APPLY_FAILED,  nodes,                  veId",
        "PRIVATE_TREE_CREATED,  skippedSpecialFiles,    path",
    })
    void duplicateNestedKeyIsRejected(MessageType type, String container, String key) {
        String json = Samples.json(type);
        JsonNode nested = JsonTrees.parse(json).get(container);
        String opening = "\"" + container + "\":" + (nested.isArray() ? "[{" : "{");
        JsonNode value = (nested.isArray() ? nested.get(0) : nested).get(key);
        assertTrue(json.contains(opening) && value != null, () -> opening + " or " + key + " not in " + json);

        // the same value again, so only the duplication can be what is refused
        String edited = json.replace(opening, opening + "\"" + key + "\":" + value + ",");

        assertRejected(type, edited);
    }

    @ParameterizedTest
    @ValueSource(strings = {" x", "}", "]", ",", "{}", "[]", "null", " 42", " {\"veId\": 11}"})
    void trailingContentAfterTheObjectIsRejected(String trailing) {
        for (MessageType type : MessageType.values()) {
            assertRejected(type, Samples.json(type) + trailing);
        }
    }

    @ParameterizedTest
    @EnumSource(MessageType.class)
    void secondMessageAfterTheFirstIsRejected(MessageType type) {
        assertRejected(type, Samples.json(type) + Samples.json(type));
    }

    @ParameterizedTest
    @ValueSource(strings = {"\n", "  \r\n\t"})
    void trailingWhitespaceIsNotJunk(String trailing) {
        for (MessageType type : MessageType.values()) {
            assertEquals(Samples.of(type), type.read(Samples.json(type) + trailing), type::toString);
        }
    }

    @ParameterizedTest(name = "{0} with {1} = {2}")
    @CsvSource(delimiter = '|', value = {
        "INIT_VEM_HOOK_RAN     | outcome | '\"CRASHED\"'",
        "NODE_STATE_CHANGED    | to      | '\"ARCHIVED\"'",
        "NODE_STATE_CHANGED    | from    | '\"ARCHIVED\"'",
    })
    void unknownValueOfAnEnumWithoutFallbackIsRejected(MessageType type, String path, String jsonValue) {
        // only SpecialFile.Kind has a fallback; a guessed hook outcome or node state would decide the node's fate
        assertRejected(type, JsonTrees.with(Samples.json(type), path, jsonValue));
    }

    /* The unedited sample must read, so a rejection is due to the edit; the parser's exception stays attached. */
    private static void assertRejected(MessageType type, String json) {
        assertDoesNotThrow(() -> type.read(Samples.json(type)));

        MalformedMessageException e = assertThrows(MalformedMessageException.class, () -> type.read(json), json);

        assertNotNull(e.getCause(), () -> "cause of " + e.getMessage());
        assertTrue(e.getMessage().contains(type.javaType().getSimpleName()), e.getMessage());
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
