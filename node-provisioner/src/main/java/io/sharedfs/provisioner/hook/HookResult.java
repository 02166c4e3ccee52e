package io.sharedfs.provisioner.hook;

import io.sharedfs.contracts.provisioning.HookOutcome;

/** What became of one hook run. */
public record HookResult(HookOutcome outcome, Integer exitCode, String detail, long durationMillis,
        String outputTail, boolean truncated) {

    static HookResult absent() {
        return new HookResult(HookOutcome.ABSENT, null, "the VE has no init_vem hook", 0, null, false);
    }

    static HookResult refused(String why) {
        return new HookResult(HookOutcome.REFUSED, null, why, 0, null, false);
    }

    /** The hook could not be started (for example the kernel refused to execute it). */
    public static HookResult notStarted(String why) {
        return new HookResult(HookOutcome.REFUSED, null, "init_vem could not be started: " + why, 0, null, false);
    }

    /** Whether the node may go on to be provisioned. */
    public boolean succeeded() {
        return outcome == HookOutcome.ABSENT || (outcome == HookOutcome.EXITED && exitCode != null && exitCode == 0);
    }
}
