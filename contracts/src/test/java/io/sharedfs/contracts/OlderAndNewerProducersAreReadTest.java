package io.sharedfs.contracts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sharedfs.contracts.export.NodeExported;
import io.sharedfs.contracts.image.ImageUpdated;
import io.sharedfs.contracts.node.NodeAdded;
import io.sharedfs.contracts.provisioning.PrivateTreeCreated;
import io.sharedfs.contracts.provisioning.SpecialFile;
import java.lang.reflect.RecordComponent;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Bodies from a newer producer (extra fields) and from an older one (optional fields missing)
 * are read, so services can be upgraded one at a time.
 */
class OlderAndNewerProducersAreReadTest {

    /** A NodeAdded as a newer ve-service might write it: unknown fields at the top and inside {@code image}. */
    private static final String NODE_ADDED_WITH_UNKNOWN_FIELDS = """
            {
              "veId": 10,
              "vemId": 3,
              "hostname": "web3",
              "address": "192.0.2.13",
              "mac": "52:54:00:12:34:56",
              "attempt": 2,
              "priority": "high",
              "labels": {"rack": "b2", "zones": [1, 2]},
              "image": {
                "imageId": "3f2a9c1e-7b4d-4e8a-9c2f-1a2b3c4d5e6f",
                "storageHost": "NFS1.Example.ORG",
                "rootPath": "/srv/images/web",
                "shared": true,
                "privateDirs": ["/var", "/etc", "/tmp", "/srv/cache"],
                "sharedSubdirs": ["/var/lib/rpm"],
                "ramDirs": ["/var/run"],
                "checksum": "sha256:00ff",
                "mountOptions": {"nfsvers": 4, "extra": [null, true]}
              },
              "traceparent": null
            }
            """;

    @Test
    void unknownFieldsAtTopLevelAndNestedAreIgnored() {
        assertEquals(Samples.nodeAdded(), EventJson.read(NODE_ADDED_WITH_UNKNOWN_FIELDS, NodeAdded.class));
    }

    @ParameterizedTest
    @EnumSource(MessageType.class)
    void unknownTopLevelFieldIsIgnoredForEveryType(MessageType type) {
        String json = Samples.json(type);
        String withExtra = "{\"zzAddedLater\":{\"nested\":[1,{\"deeper\":\"x\"}]}," + json.substring(1);

        assertEquals(Samples.of(type), type.read(withExtra));
    }

    @Test
    void nodeAddedWithoutMacHasNoMac() {
        String json = JsonTrees.without(Samples.json(MessageType.NODE_ADDED), "mac");

        NodeAdded read = EventJson.read(json, NodeAdded.class);

        assertNull(read.mac());
        assertEquals(Samples.nodeAdded().hostname(), read.hostname());
    }

    @Test
    void imageUpdatedWithoutChangedFieldsHasNoChangedFields() {
        String json = JsonTrees.without(Samples.json(MessageType.IMAGE_UPDATED), "changedFields");

        ImageUpdated read = EventJson.read(json, ImageUpdated.class);

        assertEquals(Set.of(), read.changedFields());
        assertEquals(Samples.imageSpec(), read.image());
    }

    @Test
    void nodeExportedWithoutPathsHasNoPaths() {
        String json = JsonTrees.without(Samples.json(MessageType.NODE_EXPORTED), "paths");

        NodeExported read = EventJson.read(json, NodeExported.class);

        assertEquals(List.of(), read.paths());
    }

    @ParameterizedTest
    @ValueSource(strings = {"WHITEOUT", "DOOR"})
    void specialFileKindFromANewerProducerReadsAsOther(String kind) {
        PrivateTreeCreated sample = (PrivateTreeCreated) Samples.of(MessageType.PRIVATE_TREE_CREATED);
        String json = JsonTrees.with(
                Samples.json(MessageType.PRIVATE_TREE_CREATED), "skippedSpecialFiles.0.kind", "\"" + kind + "\"");

        PrivateTreeCreated read = EventJson.read(json, PrivateTreeCreated.class);

        // only the unknown kind changed: its path, the other file and every other field read as sent
        List<SpecialFile> sent = sample.skippedSpecialFiles();
        List<SpecialFile> expected = List.of(new SpecialFile(sent.get(0).path(), SpecialFile.Kind.OTHER), sent.get(1));
        assertEquals(new PrivateTreeCreated(sample.veId(), sample.vemId(), sample.attempt(), sample.treePath(),
                sample.paths(), sample.files(), sample.bytes(), expected), read);
    }

    /*
     * Every optional field, also nested ones: the missing one reads as null (single values) or as
     * an empty collection (lists and sets, so consumers never null-check), everything else as sent.
     */
    @ParameterizedTest(name = "{0} without {1}")
    @CsvSource({
        "NODE_ADDED,            mac,                    null",
        "NODE_ADDED,            image.privateDirs,      empty",
        "NODE_ADDED,            image.sharedSubdirs,    empty",
        "NODE_ADDED,            image.ramDirs,          empty",
        "NODE_REMOVED,          hostname,               null",
        "NODE_REMOVED,          address,                null",
        "IMAGE_REGISTERED,      image.description,      null",
        "IMAGE_REGISTERED,      image.privateDirs,      empty",
        "IMAGE_REGISTERED,      image.sharedSubdirs,    empty",
        "IMAGE_REGISTERED,      image.ramDirs,          empty",
        "IMAGE_UPDATED,         changedFields,          empty",
        "IMAGE_DELETED,         name,                   null",
        "IMAGE_LAYOUT_PREPARED, imageVersion,           null",
        "IMAGE_LAYOUT_PREPARED, rootPath,               null",
        "IMAGE_LAYOUT_REJECTED, imageVersion,           null",
        "VE_CREATED,            description,            null",
        "VE_UPDATED,            changedFields,          empty",
        "VE_DELETED,            imageId,                null",
        "ADD_NODE,              mac,                    null",
        "COMMAND_REJECTED,      commandType,            null",
        "NODE_STATE_CHANGED,    from,                   null",
        "NODE_STATE_CHANGED,    reason,                 null",
        "PRIVATE_TREE_CREATED,  paths,                  empty",
        "PRIVATE_TREE_CREATED,  skippedSpecialFiles,    empty",
        "INIT_VEM_HOOK_RAN,     exitCode,               null",
        "INIT_VEM_HOOK_RAN,     detail,                 null",
        "INIT_VEM_HOOK_RAN,     outputTail,             null",
        "NODE_PROVISIONED,      imageId,                null",
        "NODE_PROVISIONED,      treePath,               null",
        "PRIVATE_TREE_PURGED,   treePath,               null",
        "NODE_EXPORTED,         paths,                  empty",
        "NODE_EXPORTED,         address,                null",
        "NODE_UNEXPORTED,       address,                null",
        "EXPORTS_APPLY_FAILED,  nodes,                  empty",
    })
    void missingOptionalFieldReadsAsDocumented(MessageType type, String path, String expected) {
        SharedfsMessage sample = Samples.of(type);

        SharedfsMessage read = type.read(JsonTrees.without(Samples.json(type), path));

        assertSameExcept(sample, read, path, expected);
    }

    private static void assertSameExcept(Object expected, Object actual, String path, String missingReadsAs) {
        String head = path.contains(".") ? path.substring(0, path.indexOf('.')) : path;
        String rest = path.contains(".") ? path.substring(path.indexOf('.') + 1) : null;
        for (RecordComponent component : expected.getClass().getRecordComponents()) {
            Object want = RecordValues.value(expected, component);
            Object got = RecordValues.value(actual, component);
            if (!component.getName().equals(head)) {
                assertEquals(want, got, component.getName());
            } else if (rest != null) {
                assertSameExcept(want, got, rest, missingReadsAs);
            } else if (missingReadsAs.equals("null")) {
                assertNull(got, component.getName());
            } else {
                assertNotNull(got, component.getName() + " must read as empty, not null");
                assertTrue(((Collection<?>) got).isEmpty(), component.getName() + " = " + got);
            }
        }
    }
}
