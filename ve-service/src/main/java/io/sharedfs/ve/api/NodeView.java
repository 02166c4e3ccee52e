package io.sharedfs.ve.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.sharedfs.contracts.node.NodeState;
import io.sharedfs.contracts.provisioning.HookOutcome;
import io.sharedfs.ve.domain.BootProgress;
import io.sharedfs.ve.domain.HookResult;
import io.sharedfs.ve.domain.Node;
import io.sharedfs.ve.domain.NodeStateEntry;
import java.time.Instant;
import java.util.List;

/**
 * A node as the API shows it; the single-node view adds its state history and every hook result.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record NodeView(
        long veId,
        long vemId,
        String hostname,
        String address,
        String mac,
        NodeState state,
        String stateReason,
        Instant stateSince,
        int attempt,
        boolean removeRequested,
        boolean purgeRequested,
        Tree tree,
        Boot boot,
        Hook hook,
        List<Hook> hooks,
        List<StateEntry> history,
        String self) {

    /** The node's private tree on the storage host, as node-provisioner reported it. */
    public record Tree(String path, Long files, Long bytes, List<String> skippedSpecialFiles) {
    }

    /** What the node itself last reported of its boot, and when it was last up. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Boot(BootProgress stage, Instant reportedAt, String error, Instant lastBootedAt) {

        static Boot of(Node node) {
            return node.bootStage == null ? null
                    : new Boot(node.bootStage, node.bootReportedAt, node.bootError, node.bootedAt);
        }
    }

    /** One attempt's init_vem hook result. */
    public record Hook(int attempt, HookOutcome outcome, Integer exitCode, String detail, long durationMillis,
            String outputTail, boolean truncated, Instant reportedAt) {

        static Hook of(HookResult result) {
            return new Hook(result.attempt, result.outcome, result.exitCode, result.detail, result.durationMs,
                    result.outputTail, result.truncated, result.reportedAt);
        }
    }

    /** One entry of the state history: the state, when it was entered, and why. */
    public record StateEntry(NodeState state, NodeState from, Instant enteredAt, String reason) {

        static StateEntry of(NodeStateEntry entry) {
            return new StateEntry(entry.toState, entry.fromState, entry.enteredAt, entry.reason);
        }
    }

    static NodeView summary(Node node) {
        return of(node, null, null, null);
    }

    static NodeView of(Node node, List<HookResult> hooks, List<NodeStateEntry> history) {
        return of(node, hooks, history, hooks == null || hooks.isEmpty() ? null : hooks.get(hooks.size() - 1));
    }

    private static NodeView of(Node node, List<HookResult> hooks, List<NodeStateEntry> history, HookResult latest) {
        Tree tree = node.treePath == null ? null : new Tree(node.treePath, node.treeFiles, node.treeBytes,
                node.treeSkipped == null || node.treeSkipped.isEmpty() ? List.of()
                        : List.of(node.treeSkipped.split("\n")));
        return new NodeView(node.veId, node.vemId, node.hostname, node.address, node.mac, node.state,
                node.stateReason, node.stateSince, node.attempt, node.removeRequested, node.purgeRequested, tree,
                Boot.of(node), latest == null ? null : Hook.of(latest),
                hooks == null ? null : hooks.stream().map(Hook::of).toList(),
                history == null ? null : history.stream().map(StateEntry::of).toList(),
                "/ves/" + node.veId + "/nodes/" + node.vemId);
    }
}
