package io.sharedfs.ve.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sharedfs.contracts.node.NodeState;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Property: the same set of facts applied in every order, and with each fact delivered more than
 * once, leaves the same facts and the same derived state (the expected one).
 */
class NodeLifecyclePermutationTest {

    private static final String EXPORT_FAILED = "applying the exports failed: ";

    /** One agent report or operator request, as the consumer and the service apply it. */
    record Fact(String name, Consumer<Node> apply) {

        @Override
        public String toString() {
            return name;
        }
    }

    /** Every fact field a state is derived from. */
    record Facts(int attempt, int provisionedAttempt, int failedAttempt, String failedReason, long exportedGeneration,
            long exportFailedGeneration, String exportFailedReason, long exportFailuresRetried,
            boolean removeRequested, boolean purgeRequested, boolean unexported, boolean purged) {

        static Facts of(Node node) {
            return new Facts(node.attempt, node.provisionedAttempt, node.failedAttempt, node.failedReason,
                    node.exportedGeneration, node.exportFailedGeneration, node.exportFailedReason,
                    node.exportFailuresRetried, node.removeRequested, node.purgeRequested, node.unexported,
                    node.purged);
        }
    }

    static Stream<Arguments> scenarios() {
        return Stream.of(
                scenario("provisioned and exported", 1, NodeState.READY, null,
                        provisioned(1), exported(4), exported(4)),
                scenario("an old export failure, then exported again", 1, NodeState.READY, null,
                        provisioned(1), exported(4), exportFailed(3, "old"), exported(6), provisioned(1)),
                scenario("two reasons for one failed attempt", 1, NodeState.FAILED, "a: tree incomplete",
                        provisioningFailed(1, "b: hook exited 1"), provisioningFailed(1, "a: tree incomplete"),
                        exported(4)),
                scenario("a failed attempt provisioned after all (a job retry)", 1, NodeState.READY, null,
                        provisioningFailed(1, "disk full"), provisioned(1), exported(4)),
                scenario("export failures of several generations", 1, NodeState.FAILED, EXPORT_FAILED + "y",
                        exportFailed(5, "x"), exportFailed(7, "y"), exported(6), provisioned(1)),
                scenario("two messages for one failed generation", 1, NodeState.FAILED, EXPORT_FAILED + "p",
                        exportFailed(5, "q"), exportFailed(5, "p"), provisioned(1), exported(2)),
                scenario("a provisioning failure and an export failure", 1, NodeState.FAILED, "disk full",
                        provisioningFailed(1, "disk full"), exportFailed(5, "exportfs"), exported(2)),
                scenario("removed, tree kept", 1, NodeState.REMOVED, "exports withdrawn, private tree kept",
                        removeRequested(false), unexported(), provisioned(1), exported(4),
                        provisioningFailed(1, "late")),
                scenario("removed and purged", 1, NodeState.REMOVED, "exports withdrawn, private tree purged",
                        removeRequested(true), unexported(), purged(), provisioned(1), exported(4)),
                scenario("purge asked, not yet purged", 1, NodeState.REMOVING, null,
                        removeRequested(false), removeRequested(true), unexported(), exported(4), provisioned(1)),
                scenario("purged, still exported", 1, NodeState.REMOVING, null,
                        removeRequested(true), purged(), provisioned(1), exported(3)),
                scenario("second attempt after a failed first", 2, NodeState.READY, null,
                        provisioningFailed(1, "old"), exportFailed(3, "old"), provisioned(1), provisioned(2),
                        exported(4)),
                scenario("second attempt failed as well", 2, NodeState.FAILED, "still broken",
                        provisioningFailed(1, "old"), provisioningFailed(2, "still broken"), provisioned(1),
                        exported(4)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void everyOrderGivesTheSameState(String name, int attempt, NodeLifecycle.Outcome expected, List<Fact> facts) {
        Facts reference = apply(attempt, facts);
        List<List<Fact>> orders = permutations(facts);
        for (List<Fact> order : orders) {
            Node node = node(attempt);
            order.forEach(fact -> fact.apply().accept(node));
            assertEquals(expected, NodeLifecycle.derive(node), "order " + order);
            assertEquals(reference, Facts.of(node), "order " + order);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void everyOrderWithEveryFactDeliveredTwiceGivesTheSameState(String name, int attempt,
            NodeLifecycle.Outcome expected, List<Fact> facts) {
        Facts reference = apply(attempt, facts);
        for (List<Fact> order : permutations(facts)) {
            List<Fact> twice = new ArrayList<>();
            order.forEach(fact -> {
                twice.add(fact);
                twice.add(fact);
            });
            Node node = node(attempt);
            twice.forEach(fact -> fact.apply().accept(node));
            assertEquals(expected, NodeLifecycle.derive(node), "order " + twice);
            assertEquals(reference, Facts.of(node), "order " + twice);
        }
        // Redeliveries anywhere, not only right after the original: shuffles of the doubled list.
        Random random = new Random(name.hashCode());
        List<Fact> doubled = new ArrayList<>(facts);
        doubled.addAll(facts);
        doubled.addAll(facts.subList(0, 1));
        for (int round = 0; round < 2_000; round++) {
            Collections.shuffle(doubled, random);
            Node node = node(attempt);
            doubled.forEach(fact -> fact.apply().accept(node));
            assertEquals(expected, NodeLifecycle.derive(node), "order " + doubled);
            assertEquals(reference, Facts.of(node), "order " + doubled);
        }
    }

    private static Facts apply(int attempt, List<Fact> facts) {
        Node node = node(attempt);
        facts.forEach(fact -> fact.apply().accept(node));
        return Facts.of(node);
    }

    private static Node node(int attempt) {
        Node node = NodeLifecycleTest.fresh();
        for (int retry = 1; retry < attempt; retry++) {
            // The retry happened before the reports below, as an operator's retry does.
            NodeFacts.retried(node);
        }
        if (attempt > 1) {
            node.exportFailuresRetried = 3;
        }
        return node;
    }

    static <T> List<List<T>> permutations(List<T> items) {
        List<List<T>> result = new ArrayList<>();
        permute(new ArrayList<>(items), 0, result);
        return result;
    }

    private static <T> void permute(List<T> items, int from, List<List<T>> result) {
        if (from == items.size()) {
            result.add(List.copyOf(items));
            return;
        }
        for (int i = from; i < items.size(); i++) {
            Collections.swap(items, from, i);
            permute(items, from + 1, result);
            Collections.swap(items, from, i);
        }
    }

    private static Arguments scenario(String name, int attempt, NodeState state, String reason, Fact... facts) {
        return Arguments.of(name, attempt, new NodeLifecycle.Outcome(state, reason), List.of(facts));
    }

    private static Fact provisioned(int attempt) {
        return new Fact("provisioned#" + attempt, node -> NodeFacts.provisioned(node, attempt));
    }

    private static Fact provisioningFailed(int attempt, String reason) {
        return new Fact("provisioningFailed#" + attempt + "(" + reason + ")",
                node -> NodeFacts.provisioningFailed(node, attempt, reason));
    }

    private static Fact exported(long generation) {
        return new Fact("exported@" + generation, node -> NodeFacts.exported(node, generation));
    }

    private static Fact exportFailed(long generation, String message) {
        return new Fact("exportFailed@" + generation + "(" + message + ")",
                node -> NodeFacts.exportFailed(node, generation, message));
    }

    private static Fact unexported() {
        return new Fact("unexported", NodeFacts::unexported);
    }

    private static Fact purged() {
        return new Fact("purged", NodeFacts::purged);
    }

    private static Fact removeRequested(boolean purge) {
        return new Fact("remove(purge=" + purge + ")", node -> NodeFacts.removeRequested(node, purge));
    }
}
