package io.sharedfs.exporter.apply;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sharedfs.exporter.domain.Backlog;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The apply policy as a function of the backlog, and what it makes of whole scenarios: a simulated
 * clock (milliseconds, no sleeping) drives the events of a burst, a steady trickle or a flood
 * through the loop the apply worker runs (look at the backlog after each change; apply when the
 * policy's time has come; tell the policy what the run carried).
 */
class ApplyPolicyTest {

    private static final Duration MIN = Duration.ofMillis(10);
    private static final Duration MAX = Duration.ofSeconds(60);
    private static final long ADD = 0;
    private static final long TREE = 1;

    private ApplyPolicy policy = newPolicy();

    private static ApplyPolicy newPolicy() {
        return new ApplyPolicy(MIN, MAX, 4, 0.5, 4, 100);
    }

    private static Backlog backlog(long pending, long awaiting, Duration oldest) {
        return new Backlog(pending, awaiting, oldest);
    }

    @Test
    void nothingPendingHoldsNothing() {
        assertEquals(Duration.ZERO, policy.remaining(Backlog.NONE));
        assertEquals(Duration.ZERO, policy.remaining(backlog(0, 500, Duration.ZERO)));
    }

    @Test
    void aQuietHostAppliesAfterTheShortWindowOnly() {
        assertEquals(MIN, policy.remaining(backlog(1, 0, Duration.ZERO)));
        assertEquals(Duration.ofMillis(4), policy.remaining(backlog(1, 0, Duration.ofMillis(6))));
        assertEquals(Duration.ZERO, policy.remaining(backlog(1, 0, Duration.ofMillis(10))));
        // A few nodes in flight (20 adds a second keep one to three there) are still a quiet host.
        assertEquals(MIN, policy.window(backlog(1, 4, Duration.ZERO)));
    }

    @Test
    void aBacklogHoldsChangesUntilTheyAreHalfTheWorkInHand() {
        assertEquals(MAX, policy.window(backlog(1, 5, Duration.ZERO)));
        assertEquals(MAX, policy.window(backlog(99, 100, Duration.ZERO)));
        assertEquals(MIN, policy.window(backlog(100, 100, Duration.ZERO)));
        assertEquals(MIN, policy.window(backlog(300, 100, Duration.ZERO)));
        assertEquals(Duration.ofSeconds(50), policy.remaining(backlog(1, 500, Duration.ofSeconds(10))));
    }

    @Test
    void noChangeWaitsLongerThanTheMaxWindowWhateverTheBacklog() {
        assertEquals(Duration.ZERO, policy.remaining(backlog(1, 1_000_000, MAX)));
        assertEquals(Duration.ZERO, policy.remaining(backlog(1, 1_000_000, Backlog.LONG_AGO)));
    }

    @Test
    void quietRunsCarryingAFloodDoubleTheQuietWindowAndASmallOneBringsItBack() {
        Backlog quiet = backlog(30, 0, Duration.ZERO);
        policy.ran(quiet, 30);
        assertEquals(Duration.ofMillis(20), policy.window(quiet));
        policy.ran(quiet, 4);
        assertEquals(Duration.ofMillis(40), policy.window(quiet));
        // The batch rule keeps a window of its own: a burst's halves do not grow the quiet one.
        policy.ran(backlog(300, 300, Duration.ZERO), 300);
        assertEquals(Duration.ofMillis(40), policy.quietWindow());
        assertEquals(Duration.ofMillis(20), policy.window(backlog(300, 200, Duration.ZERO)));
        // Nor does a run the max window decided.
        policy.ran(backlog(1, 500, MAX), 1);
        assertEquals(Duration.ofMillis(40), policy.quietWindow());
        assertEquals(Duration.ofMillis(20), policy.batchWindow());
        // A quiet run carrying a change or two: the host is calm again, both windows are back.
        policy.ran(quiet, 3);
        assertEquals(MIN, policy.window(quiet));
        assertEquals(MIN, policy.batchWindow());
        for (int i = 0; i < 40; i++) {
            policy.ran(quiet, 1000);
        }
        assertEquals(MAX, policy.quietWindow(), "never beyond the max window");
        assertEquals(MIN, policy.fresh().quietWindow());
    }

    @Test
    void nonsenseIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new ApplyPolicy(MAX, MIN, 4, 0.5, 10, 100));
        assertThrows(IllegalArgumentException.class, () -> new ApplyPolicy(MIN, MAX, -1, 0.5, 10, 100));
        assertThrows(IllegalArgumentException.class, () -> new ApplyPolicy(MIN, MAX, 4, 0, 10, 100));
        assertThrows(IllegalArgumentException.class, () -> new ApplyPolicy(MIN, MAX, 4, 1.01, 10, 100));
        assertThrows(IllegalArgumentException.class, () -> new ApplyPolicy(MIN, MAX, 4, 0.5, 0, 100));
        assertThrows(IllegalArgumentException.class, () -> new ApplyPolicy(MIN, MAX, 4, 0.5, 10, 0));
    }

    @Test
    void aThousandAddsWhoseTreesTrickleInCostAFewRunsAndTheLastIsAppliedAtOnce() {
        for (long treeGap : new long[] {5, 50, 333}) {
            // All 1,000 NodeAdded first (a fast REST burst), then one tree every treeGap ms.
            List<long[]> events = new ArrayList<>();
            for (int i = 0; i < 1000; i++) {
                events.add(new long[] {i, ADD});
            }
            for (int i = 0; i < 1000; i++) {
                events.add(new long[] {1000 + i * treeGap, TREE});
            }
            Simulation run = simulate(events);
            assertTrue(run.runs <= 15, run.runs + " runs with a tree every " + treeGap + " ms");
            assertEquals(1000, run.exported);
            assertTrue(run.lastExportDelay <= MIN.toMillis(), "the last tree waited " + run.lastExportDelay + " ms");
            assertTrue(run.longestWait <= MAX.toMillis(), "a change waited " + run.longestWait + " ms");
        }
    }

    @Test
    void aLongBurstWhoseAddsOutpaceItsTreesStillCostsFewRuns() {
        // 10 adds a second for 100 s, 3 trees a second (the machine under heavy load): 333 s in all.
        List<long[]> events = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            events.add(new long[] {i * 100L, ADD});
            events.add(new long[] {200 + i * 333L, TREE});
        }
        Simulation run = simulate(events);
        assertTrue(run.runs <= 17, run.runs + " runs");
        assertEquals(1000, run.exported);
        assertTrue(run.longestWait <= MAX.toMillis(), "a change waited " + run.longestWait + " ms");
    }

    @Test
    void aSteadyTwentyAddsASecondIsExportedWithinTheShortWindow() {
        // Each tree takes 120 ms: two or three nodes are always in flight.
        List<long[]> events = new ArrayList<>();
        for (int i = 0; i < 600; i++) {
            events.add(new long[] {i * 50L, ADD});
            events.add(new long[] {i * 50L + 120, TREE});
        }
        Simulation run = simulate(events);
        assertEquals(600, run.exported);
        assertEquals(600, run.runs);
        assertTrue(run.longestWait <= MIN.toMillis(), "a change waited " + run.longestWait + " ms");
    }

    @Test
    void aSteadyTrickleReportedInLumpsIsNoFloodAndIsNeverHeldLong() {
        // 20 adds a second whose trees are reported 8 at a time every 400 ms, as a consumer that commits
        // a poll at a time delivers them. Counting changes alone, every run (8) looked like a flood and
        // the windows doubled up to the max window; at 20 a second they must stay short.
        List<long[]> events = new ArrayList<>();
        for (int i = 0; i < 600; i++) {
            events.add(new long[] {i * 50L, ADD});
            events.add(new long[] {(i / 8 + 1) * 400L + 50, TREE});
        }
        Simulation run = simulate(events);
        assertEquals(600, run.exported);
        assertTrue(run.longestWait <= 200, "a change waited " + run.longestWait + " ms");
        assertTrue(run.runs >= 75, run.runs + " runs: one a lump");
    }

    @Test
    void aRunIsAFloodOnlyWhenItsChangesCameFast() {
        assertTrue(policy.flood(backlog(4, 0, Duration.ZERO), 4), "4 within the min window: 400 a second");
        assertTrue(policy.flood(backlog(50, 0, Duration.ofMillis(400)), 50), "125 a second");
        assertTrue(!policy.flood(backlog(30, 0, Duration.ofMillis(400)), 30), "75 a second");
        assertTrue(!policy.flood(backlog(3, 0, Duration.ZERO), 3), "fewer than the burst");
    }

    @Test
    void aFloodOfReadyNodesCostsAFewRunsAndItsLastIsNotHeldLong() {
        // An exporter catching up on both topics: 1,000 nodes ready one after the other, 7 ms apart,
        // each run taking 50 ms (a skipped exportfs with a growing table).
        List<long[]> events = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            events.add(new long[] {i * 7L, ADD});
            events.add(new long[] {i * 7L, TREE});
        }
        Simulation run = simulate(events, 50);
        assertEquals(1000, run.exported);
        assertTrue(run.runs <= 12, run.runs + " runs");
        assertTrue(run.lastExportDelay <= 6_000, "the last node waited " + run.lastExportDelay + " ms");
    }

    @Test
    void aCatchUpWhereTreesFollowTheirAddsAtADistanceCostsAFewRuns() {
        // Both topics waiting for the exporter, the nodes topic read a little ahead of the other:
        // 1,000 adds 7 ms apart, each node's tree 300 ms after its add (about 40 always awaiting).
        List<long[]> events = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            events.add(new long[] {i * 7L, ADD});
            events.add(new long[] {i * 7L + 300, TREE});
        }
        Simulation run = simulate(events, 50);
        assertEquals(1000, run.exported);
        assertTrue(run.runs <= 15, run.runs + " runs");
    }

    @Test
    void stuckNodesHoldOthersBackAtMostTheMaxWindow() {
        // Ten nodes whose trees never come (their hooks hang), then a lone node.
        List<long[]> events = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            events.add(new long[] {i, ADD});
        }
        events.add(new long[] {1_000, ADD});
        events.add(new long[] {1_100, TREE});
        Simulation run = simulate(events);
        assertEquals(1, run.exported);
        assertEquals(1, run.runs);
        assertEquals(MAX.toMillis(), run.longestWait);
    }

    private record Simulation(int runs, int exported, long longestWait, long lastExportDelay) {
    }

    private Simulation simulate(List<long[]> events) {
        return simulate(events, 0);
    }

    /**
     * Replays time-ordered events: an ADD makes one more node await its tree, a TREE turns an
     * awaiting node into a pending change. After each event, and whenever the time the policy named
     * comes, the worker applies if the policy says so; a run takes {@code runMillis}, and changes
     * made meanwhile wait for the next.
     */
    private Simulation simulate(List<long[]> events, long runMillis) {
        policy = newPolicy();
        events.sort((a, b) -> Long.compare(a[0], b[0]));
        long awaiting = 0;
        List<Long> pending = new ArrayList<>();
        int runs = 0;
        int exported = 0;
        long longestWait = 0;
        long lastDelay = 0;
        long lastTree = 0;
        long busyUntil = 0;
        int next = 0;
        long now = 0;
        while (next < events.size() || !pending.isEmpty()) {
            Backlog backlog = pending.isEmpty() ? null
                    : backlog(pending.size(), awaiting, Duration.ofMillis(now - pending.get(0)));
            long due = backlog == null ? Long.MAX_VALUE
                    : Math.max(busyUntil, now + policy.remaining(backlog).toMillis());
            long eventAt = next < events.size() ? events.get(next)[0] : Long.MAX_VALUE;
            if (due <= eventAt) {
                now = due;
                backlog = backlog(pending.size(), awaiting, Duration.ofMillis(now - pending.get(0)));
                if (!policy.remaining(backlog).isZero()) {
                    continue;
                }
                runs++;
                exported += pending.size();
                longestWait = Math.max(longestWait, now - pending.get(0));
                if (next >= events.size()) {
                    lastDelay = now - lastTree;
                }
                policy.ran(backlog, pending.size());
                pending.clear();
                busyUntil = now + runMillis;
                continue;
            }
            now = eventAt;
            if (events.get(next)[1] == ADD) {
                awaiting++;
            } else {
                awaiting--;
                pending.add(now);
                lastTree = now;
            }
            next++;
        }
        return new Simulation(runs, exported, longestWait, lastDelay);
    }
}
