package io.sharedfs.contracts.customization;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class CustomizationPathTest {

    @ParameterizedTest
    @ValueSource(strings = {"/etc/crontab", "/var/lib/app/state.conf", "/usr/local/etc/app.conf", "/procfile",
        "/customer/list", "/etc/cron.d/0hourly", "/opt/a b/c"})
    void acceptsANormalisedFileOutsideTheSystemTrees(String path) {
        for (CustomizationScope scope : CustomizationScope.values()) {
            assertEquals(path, CustomizationPath.check(path, scope));
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "etc/crontab|absolute",
        "/|not a directory",
        "/etc/|not a directory",
        "/etc//crontab|normalised",
        "/etc/./crontab|normalised",
        "/etc/../root/.ssh/authorized_keys|normalised",
        "/private/10/custom/etc/crontab|under /private",
        "/private|under /private",
        "/custom/ve/etc/crontab|under /custom",
        "/proc/sys/kernel/hostname|under /proc",
        "/sys/kernel/notes|under /sys",
        "/dev/null|under /dev"})
    void refusesWithTheRuleItBreaks(String path, String rule) {
        for (CustomizationScope scope : CustomizationScope.values()) {
            IllegalArgumentException e =
                    assertThrows(IllegalArgumentException.class, () -> CustomizationPath.check(path, scope));
            assertTrue(e.getMessage().contains(rule), e.getMessage());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "/etc/cron\u0000tab", "/etc/cron\ntab"})
    void refusesEmptyAndControlCharacters(String path) {
        assertThrows(IllegalArgumentException.class, () -> CustomizationPath.check(path, CustomizationScope.VE));
    }

    @Test
    void refusesAMissingAndAnOverlongPath() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> CustomizationPath.check(null, null))
                .getMessage().contains("required"));
        String longPath = "/" + "a".repeat(CustomizationPath.MAX_LENGTH);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> CustomizationPath.check(longPath, null))
                .getMessage().contains("at most"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/node/x", "/ve/etc/crontab", "/node"})
    void refusesForAllScopeAPathHiddenByTheCustomMountPoints(String path) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CustomizationPath.check(path, CustomizationScope.ALL));
        assertTrue(e.getMessage().contains("mount point"), e.getMessage());
        assertEquals(path, CustomizationPath.check(path, CustomizationScope.VE));
    }

    @ParameterizedTest
    @EnumSource(CustomizationScope.class)
    void linksToTheNodesViewNeverTheServersPath(CustomizationScope scope) {
        String target = scope.linkTarget("/etc/crontab");
        assertTrue(target.startsWith("/custom") && target.endsWith("/etc/crontab"), target);
        assertFalse(target.contains("private"), target);
    }

    @Test
    void eachScopeHasItsOwnNodeView() {
        assertEquals("/custom/ve/etc/crontab", CustomizationScope.VE.linkTarget("/etc/crontab"));
        assertEquals("/custom/node/etc/crontab", CustomizationScope.NODE.linkTarget("/etc/crontab"));
        assertEquals("/custom/var/lib/app/shared.db", CustomizationScope.ALL.linkTarget("/var/lib/app/shared.db"));
    }

    @Test
    void anUploadLargerThanTheLimitCannotBeBuilt() {
        String big = java.util.Base64.getEncoder().encodeToString(new byte[CustomFileUploaded.MAX_BYTES + 1]);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new CustomFileUploaded(
                10, null, "/etc/crontab", 1, "x", big, io.sharedfs.contracts.Samples.imageRef()));
        assertTrue(e.getMessage().contains("at most"), e.getMessage());
    }
}
