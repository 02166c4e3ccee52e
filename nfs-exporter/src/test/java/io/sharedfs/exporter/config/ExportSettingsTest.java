package io.sharedfs.exporter.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Unsafe or unusable settings stop the service at start, with every reason at once. */
class ExportSettingsTest {

    @Test
    void theDefaultsAreUsable() {
        ExportSettings settings = ExportSettings.from(new TestConfig(), 0);

        assertEquals("localhost", settings.storageHost());
        assertEquals("localhost", settings.mountHost());
        assertEquals(Path.of("/etc/exports.d/sharedfs.exports"), settings.installer().file());
        assertEquals("exportfs -ra", settings.applyCommand().toString());
        assertEquals("ro,root_squash,subtree_check,secure", settings.options().imageRoot().toString());
    }

    @Test
    void theStorageHostIsMatchedWhateverItsCase() {
        ExportSettings settings = ExportSettings.from(new TestConfig().with("storage-host", "NFS1"), 0);

        assertTrue(settings.isThisHost("nfs1"));
        assertTrue(settings.isThisHost("Nfs1"));
        assertEquals(false, settings.isThisHost("nfs2"));
    }

    @Test
    void skipRendersWithoutRunningAnything() {
        assertTrue(ExportSettings.from(new TestConfig().with("apply-command", "skip"), 0).applyCommand().skips());
    }

    @Test
    void aWritableOrUnsquashedSharedImageIsRefusedAtStart() {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> ExportSettings.from(
                new TestConfig().with("options.image-root", "rw,no_root_squash,subtree_check"), 0));

        assertTrue(refused.getMessage().contains("read-write export of a shared image"), refused.getMessage());
        assertTrue(refused.getMessage().contains("root is not squashed"), refused.getMessage());
    }

    @Test
    void theVesCustomDirWithoutRootSquashIsRefusedAtStartAnonuidJudgedByValue() {
        for (String options : new String[] {"rw,sync,no_root_squash,subtree_check,secure",
                "rw,sync,root_squash,anonuid=00,subtree_check,secure", "rw,sync,anonuid=-0,subtree_check,secure"}) {
            IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> ExportSettings.from(
                    new TestConfig().with("options.ve-custom", options), 0), options);

            assertTrue(refused.getMessage().contains("VE_CUSTOM options " + options + ": root is not squashed on the"
                    + " VE's /custom/ve"), refused.getMessage());
        }
    }

    @Test
    void insecureOrNoSubtreeCheckOnAnyKindIsRefusedAtStart() {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> ExportSettings.from(
                new TestConfig().with("options.node-private", "rw,no_root_squash,no_subtree_check")
                        .with("options.ve-custom", "rw,subtree_check,insecure"), 0));

        assertTrue(refused.getMessage().contains("NODE_PRIVATE options rw,no_root_squash,no_subtree_check: no"
                + " subtree_check"), refused.getMessage());
        assertTrue(refused.getMessage().contains("VE_CUSTOM options rw,subtree_check,insecure: insecure"),
                refused.getMessage());
    }

    @Test
    void malformedOptionsAFileNameExportfsIgnoresAndARelativeDirectoryAreRefused() {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> ExportSettings.from(
                new TestConfig().with("options.non-shared-root", "rw,sync) 10.0.0.0/8(rw")
                        .with("exports-file-name", "sharedfs.conf").with("exports-dir", "exports.d"), 0));

        assertTrue(refused.getMessage().contains("is not an export option"), refused.getMessage());
        assertTrue(refused.getMessage().contains("ending in .exports"), refused.getMessage());
        assertTrue(refused.getMessage().contains("exports-dir must be an absolute path"), refused.getMessage());
    }

    @Test
    void theApplyPolicyComesFromTheApplyOptionsAndNonsenseIsRefused() {
        ExportSettings settings = ExportSettings.from(new TestConfig().with("apply-window", "PT0.02S")
                .with("apply-max-window", "PT10S").with("apply-quiet-backlog", "2")
                .with("apply-batch-fraction", "0.25").with("apply-burst", "20"), 0);
        assertEquals(java.time.Duration.ofMillis(20), settings.applyPolicy().minWindow());
        assertEquals(java.time.Duration.ofSeconds(10), settings.applyPolicy().maxWindow());
        assertEquals(2, settings.applyPolicy().quietBacklog());
        assertEquals(0.25, settings.applyPolicy().batchFraction());
        assertEquals(20, settings.applyPolicy().burst());

        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> ExportSettings.from(
                new TestConfig().with("apply-window", "PT1S").with("apply-max-window", "PT0.5S")
                        .with("apply-quiet-backlog", "-1").with("apply-batch-fraction", "1.5")
                        .with("apply-burst", "0"), 0));
        assertTrue(refused.getMessage().contains("apply-max-window must not be shorter than apply-window"),
                refused.getMessage());
        assertTrue(refused.getMessage().contains("apply-quiet-backlog must not be negative"), refused.getMessage());
        assertTrue(refused.getMessage().contains("apply-burst must be at least 1"), refused.getMessage());
        assertTrue(refused.getMessage().contains("apply-batch-fraction must be above 0 and at most 1"),
                refused.getMessage());
    }

    @Test
    void ganeshaTakesTheDefaultOptionSets() {
        ExportSettings settings = ExportSettings.from(new TestConfig().with("server", "ganesha"), 0);

        assertEquals(ExportSettings.Server.GANESHA, settings.server());
        assertEquals(Path.of("/etc/ganesha/sharedfs"), settings.ganesha().configDir());
        assertEquals("/sharedfs", settings.ganesha().pseudoRoot());
    }

    @Test
    void anOptionGaneshaCannotBeToldStopsTheStartUnderGaneshaOnly() {
        TestConfig config = new TestConfig().with("options.node-private", "rw,sync,no_root_squash,subtree_check,secure,"
                + "no_acl");
        ExportSettings.from(config, 0);

        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> ExportSettings.from(config.with("server", "ganesha"), 0));

        assertTrue(refused.getMessage().contains("'no_acl' has no NFS-Ganesha counterpart"), refused.getMessage());
    }

    @Test
    void anUnknownServerOrUnusableGaneshaSettingIsNamed() {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> ExportSettings.from(
                new TestConfig().with("server", "samba").with("ganesha.pseudo-root", "/").with("ganesha.dbus-address",
                        "tcp:host=10.0.0.1").with("ganesha.first-export-id", "70000"), 0));

        assertTrue(refused.getMessage().contains("server must be kernel or ganesha, got samba"), refused.getMessage());
        assertTrue(refused.getMessage().contains("ganesha.pseudo-root"), refused.getMessage());
        assertTrue(refused.getMessage().contains("ganesha.dbus-address"), refused.getMessage());
        assertTrue(refused.getMessage().contains("ganesha.first-export-id"), refused.getMessage());
    }
}
