package io.sharedfs.image.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sharedfs.service.problem.Violation;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** A customization request's rules, checked without a database: each broken rule named with its field. */
class CustomizationRulesTest {

    @ParameterizedTest
    @ValueSource(strings = {"VE", "NODE", "ALL"})
    void aRegularPathWithAKnownScopeIsValid(String scope) {
        assertEquals(List.of(), broken("/etc/crontab", scope));
        assertEquals(List.of(), broken("/var/lib/app/shared.conf", scope));
    }

    @ParameterizedTest
    @ValueSource(strings = {"etc/crontab", "/etc/", "/", "/etc//crontab", "/etc/./crontab", "/etc/../etc/crontab",
        "/private/10/custom/x", "/private", "/custom/ve/etc/crontab", "/proc/cpuinfo", "/sys/kernel/x", "/dev/null",
        "/etc/cron\ntab"})
    void aPathTheContractsRuleRefusesIsNamedWithItsMessage(String path) {
        List<Violation> violations = CustomizationRules.check(path, "VE");

        assertEquals(List.of("path:customizable-path"), named(violations));
        assertTrue(violations.get(0).message().contains("path"), violations.get(0).message());
    }

    @Test
    void aMissingPathIsRequired() {
        assertEquals(List.of("path:required"), broken(null, "VE"));
        assertEquals(List.of("path:required"), broken("", "NODE"));
    }

    @Test
    void aFileSharedByAllNodesMayNotLieUnderTheVeOrNodeMountPoints() {
        assertEquals(List.of("path:customizable-path"), broken("/ve/x", "ALL"));
        assertEquals(List.of("path:customizable-path"), broken("/node/etc/x", "ALL"));
        assertEquals(List.of(), broken("/ve/x", "VE"));
        assertEquals(List.of(), broken("/nodes/x", "ALL"));
    }

    @Test
    void aMissingScopeIsRequiredAndAnUnknownOneIsNamedWithTheChoices() {
        assertEquals(List.of("scope:required"), broken("/etc/crontab", null));
        assertEquals(List.of("scope:required"), broken("/etc/crontab", ""));
        List<Violation> unknown = CustomizationRules.check("/etc/crontab", "ve");
        assertEquals(List.of("scope:one-of"), named(unknown));
        assertTrue(unknown.get(0).message().contains("[VE, NODE, ALL]"), unknown.get(0).message());
        assertEquals(List.of("scope:one-of"), broken("/etc/crontab", "EVERYONE"));
    }

    @Test
    void aBadPathAndABadScopeAreBothReportedInFieldOrder() {
        assertEquals(List.of("path:customizable-path", "scope:one-of"), broken("/proc/x", "SOME"));
        assertEquals(List.of("path:required", "scope:required"), broken(null, null));
    }

    @Test
    void aStatusFilterIsOneOfTheStatusesOrNone() {
        List<Violation> violations = new ArrayList<>();

        assertEquals(CustomizationStatus.REVERT_FAILED, CustomizationRules.status("REVERT_FAILED", "status", violations));
        assertNull(CustomizationRules.status(null, "status", violations));
        assertNull(CustomizationRules.status("", "status", violations));
        assertEquals(List.of(), violations);
        assertNull(CustomizationRules.status("applied", "status", violations));
        assertEquals(List.of("status:one-of"), named(violations));
    }

    @Test
    void failedAndRevertedAreHistoryEverythingElseIsLive() {
        for (CustomizationStatus status : CustomizationStatus.values()) {
            boolean history = status == CustomizationStatus.FAILED || status == CustomizationStatus.REVERTED;
            assertEquals(!history, status.live(), status.name());
        }
    }

    private static List<String> broken(String path, String scope) {
        return named(CustomizationRules.check(path, scope));
    }

    private static List<String> named(List<Violation> violations) {
        return violations.stream().map(v -> v.field() + ":" + v.rule()).toList();
    }
}
