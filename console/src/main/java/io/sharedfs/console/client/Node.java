package io.sharedfs.console.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Instant;
import java.util.List;

/** A node (VEM) as ve-service shows it; the single-node view adds its hook results and state history. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Node(long veId, long vemId, String hostname, String address, String mac, String state,
        String stateReason, Instant stateSince, int attempt, boolean removeRequested, boolean purgeRequested,
        Tree tree, Boot boot, Hook hook, List<Hook> hooks, List<StateEntry> history) {

    public Node {
        hooks = hooks == null ? List.of() : hooks;
        history = history == null ? List.of() : history;
    }

    public boolean failed() {
        return "FAILED".equals(state);
    }

    /** Whether it may still be removed (not already on its way out). */
    public boolean removable() {
        return !"REMOVING".equals(state) && !"REMOVED".equals(state) && !removeRequested;
    }

    /** The private tree as node-provisioner reported it to ve-service. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Tree(String path, Long files, Long bytes, List<String> skippedSpecialFiles) {
    }

    /** What the node itself last reported of its boot, and when it was last up. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Boot(String stage, Instant reportedAt, String error, Instant lastBootedAt) {
    }

    /** One attempt's init_vem hook result. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Hook(int attempt, String outcome, Integer exitCode, String detail, long durationMillis,
            String outputTail, boolean truncated, Instant reportedAt) {
    }

    /** One entry of the state history. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record StateEntry(String state, String from, Instant enteredAt, String reason) {
    }
}
