package io.sharedfs.contracts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Locale;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Every catalogued message survives write-then-read unchanged and carries the key and subject its topic needs. */
class EveryMessageTypeRoundTripsTest {

    /** Which key rule a type's records follow, decided here per type rather than read from the code under test. */
    private enum KeyRule { IMAGE, VE, STORAGE_HOST }

    @ParameterizedTest
    @EnumSource(MessageType.class)
    void readingWhatWasWrittenGivesAnEqualMessage(MessageType type) {
        SharedfsMessage sample = Samples.of(type);

        String json = EventJson.write(sample);
        SharedfsMessage read = type.read(json);

        assertEquals(sample, read, () -> "round trip of " + json);
        assertSame(type.javaType(), read.getClass());
    }

    @ParameterizedTest
    @EnumSource(MessageType.class)
    void catalogueFindsTheTypeByInstanceAndByCloudEventsType(MessageType type) {
        assertSame(type, MessageType.of(Samples.of(type)));
        assertEquals(Optional.of(type), MessageType.byCeType(type.ceType()));
        assertEquals("io.sharedfs." + type.javaType().getSimpleName(), type.ceType());
    }

    @ParameterizedTest
    @EnumSource(MessageType.class)
    void partitionKeyFollowsTheKeyRuleOfTheType(MessageType type) {
        String expected = switch (keyRule(type)) {
            case IMAGE -> Samples.IMAGE_ID.toString();
            case VE -> Long.toString(Samples.VE_ID);
            // the literal pins the rule; Keys must agree with it, in lower case so "NFS1" and "nfs1" share a partition
            case STORAGE_HOST -> "host:" + Samples.STORAGE_HOST.toLowerCase(Locale.ROOT);
        };
        if (keyRule(type) == KeyRule.STORAGE_HOST) {
            assertEquals(expected, Keys.storageHost(Samples.STORAGE_HOST));
        }

        assertEquals(expected, Samples.of(type).partitionKey());
    }

    @ParameterizedTest
    @EnumSource(MessageType.class)
    void subjectIsNotBlank(MessageType type) {
        String subject = Samples.of(type).subject();

        assertNotNull(subject);
        assertFalse(subject.isBlank(), "blank subject for " + type);
    }

    @Test
    void storageHostSubjectIsLowerCaseLikeItsKey() {
        int checked = 0;
        for (MessageType type : MessageType.values()) {
            if (keyRule(type) == KeyRule.STORAGE_HOST) {
                // the literal pins the rule: audit lines for "NFS1" and "nfs1" must grep as one host
                assertEquals("host/nfs1.example.org", Samples.of(type).subject(), type::toString);
                checked++;
            }
        }
        assertTrue(checked > 0, "no storage-host message type to check");
    }

    @Test
    void storageHostSubjectIgnoresTheDefaultLocale() {
        Locale before = Locale.getDefault();
        try {
            // in Turkish, "I".toLowerCase() is a dotless i: the subject must not depend on where a service runs
            Locale.setDefault(Locale.forLanguageTag("tr-TR"));

            assertEquals("host/mirror1.example.org", Subjects.storageHost("MIRROR1.Example.ORG"));
            assertEquals("host:mirror1.example.org", Keys.storageHost("MIRROR1.Example.ORG"));
        } finally {
            Locale.setDefault(before);
        }
    }

    /* Exhaustive switch: a new message type must be given a key rule here before this compiles. */
    private static KeyRule keyRule(MessageType type) {
        return switch (type) {
            case IMAGE_REGISTERED, IMAGE_UPDATED, IMAGE_DELETED, IMAGE_LAYOUT_PREPARED, IMAGE_LAYOUT_REJECTED,
                    CUSTOMIZATION_REQUESTED, CUSTOMIZATION_REVERT_REQUESTED, CUSTOMIZATION_APPLIED,
                    CUSTOMIZATION_FAILED, CUSTOMIZATION_REVERTED -> KeyRule.IMAGE;
            case VE_CREATED, VE_UPDATED, VE_DELETED, ADD_NODE, REMOVE_NODE, COMMAND_REJECTED, NODE_ADDED, NODE_REMOVED,
                    NODE_STATE_CHANGED, PRIVATE_TREE_CREATED, INIT_VEM_HOOK_RAN, NODE_PROVISIONED,
                    NODE_PROVISIONING_FAILED, PRIVATE_TREE_PURGED, NODE_EXPORTED, NODE_UNEXPORTED, NODE_EXPORT_REFUSED,
                    NODE_BOOTED, NODE_BOOT_FAILED, CUSTOM_FILE_UPLOADED, CUSTOM_FILE_WRITTEN,
                    CUSTOM_FILE_WRITE_FAILED -> KeyRule.VE;
            case EXPORTS_APPLIED, EXPORTS_APPLY_FAILED -> KeyRule.STORAGE_HOST;
        };
    }
}
