package io.sharedfs.contracts.provisioning;

import io.sharedfs.contracts.Require;
import io.sharedfs.contracts.node.NodeMessage;

/**
 * The result of the VE's {@code init_vem} hook for one node.
 *
 * @param exitCode present when the outcome is EXITED
 * @param detail why a hook was refused, or other words for the operator
 * @param outputTail the last part of the hook's combined output
 * @param truncated whether output was cut to fit the cap
 */
public record InitVemHookRan(
        long veId,
        long vemId,
        int attempt,
        HookOutcome outcome,
        Integer exitCode,
        String detail,
        long durationMillis,
        String outputTail,
        boolean truncated) implements NodeMessage {

    public InitVemHookRan {
        Require.positive(veId, "veId");
        Require.positive(vemId, "vemId");
        Require.positive(attempt, "attempt");
        Require.present(outcome, "outcome");
        Require.notNegative(durationMillis, "durationMillis");
    }

    /** Whether the node may become READY after this result. */
    public boolean succeeded() {
        return outcome == HookOutcome.ABSENT || (outcome == HookOutcome.EXITED && exitCode != null && exitCode == 0);
    }
}
