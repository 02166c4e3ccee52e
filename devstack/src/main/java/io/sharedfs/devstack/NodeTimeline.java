package io.sharedfs.devstack;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The events of one VE's nodes as they arrive on the topics, by VEM id: when each was added, got its tree, ran its
 * hook, was provisioned, exported and READY (each the event's CloudEvents time); plus every export apply run of the
 * storage host after a given moment.
 */
final class NodeTimeline implements Consumer<Events.Event> {

    /** One stage's time of every node, by VEM id. */
    static final class Stage {
        final Map<Long, Instant> at = new ConcurrentHashMap<>();

        void record(long vem, Instant time) {
            at.putIfAbsent(vem, time);
        }

        int size() {
            return at.size();
        }
    }

    record Apply(Instant time, long generation, int entries, long durationMillis) {
    }

    final Stage added = new Stage();
    final Stage treeCreated = new Stage();
    final Stage hookRan = new Stage();
    final Stage provisioned = new Stage();
    final Stage exported = new Stage();
    final Stage ready = new Stage();
    final Map<Long, String> failed = new ConcurrentHashMap<>();
    final Map<Long, Long> treeBytes = new ConcurrentHashMap<>();
    final Map<Long, Long> treeFiles = new ConcurrentHashMap<>();
    final Stage removed = new Stage();
    final List<Apply> applies = new CopyOnWriteArrayList<>();
    final List<String> applyFailures = new CopyOnWriteArrayList<>();

    private final long veId;
    private final Instant since;

    NodeTimeline(long veId, Instant since) {
        this.veId = veId;
        this.since = since;
    }

    @Override
    public void accept(Events.Event event) {
        JsonNode body = event.json();
        if (event.key() != null && event.key().startsWith("host:")) {
            if (event.time().isBefore(since)) {
                return;
            }
            if (event.type().equals("ExportsApplied")) {
                applies.add(new Apply(event.time(), body.path("generation").asLong(), body.path("entries").asInt(),
                        body.path("durationMillis").asLong()));
            } else if (event.type().equals("ExportsApplyFailed")) {
                applyFailures.add(body.path("message").asText());
            }
            return;
        }
        if (body.path("veId").asLong(-1) != veId) {
            return;
        }
        long vem = body.path("vemId").asLong(-1);
        Instant time = event.time();
        switch (event.type()) {
            case "NodeAdded" -> added.record(vem, time);
            case "PrivateTreeCreated" -> {
                treeCreated.record(vem, time);
                treeBytes.put(vem, body.path("bytes").asLong());
                treeFiles.put(vem, body.path("files").asLong());
            }
            case "InitVemHookRan" -> hookRan.record(vem, time);
            case "NodeProvisioned" -> provisioned.record(vem, time);
            case "NodeExported" -> exported.record(vem, time);
            case "NodeStateChanged" -> {
                String to = body.path("to").asText();
                if (to.equals("READY")) {
                    ready.record(vem, time);
                } else if (to.equals("FAILED")) {
                    failed.putIfAbsent(vem, body.path("reason").asText("(no reason)"));
                } else if (to.equals("REMOVED")) {
                    removed.record(vem, time);
                }
            }
            default -> {
            }
        }
    }

    /** Milliseconds from one stage to another for every node that has both. */
    static double[] between(Stage from, Stage to) {
        List<Double> values = new ArrayList<>();
        for (Map.Entry<Long, Instant> entry : from.at.entrySet()) {
            Instant end = to.at.get(entry.getKey());
            if (end != null) {
                values.add(Duration.between(entry.getValue(), end).toNanos() / 1e6);
            }
        }
        return values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    }

    static Instant latest(Stage stage) {
        return stage.at.values().stream().max(Instant::compareTo).orElse(null);
    }

    /** The value at a quantile of sorted values (nearest rank); NaN when empty. */
    static double quantile(double[] sorted, double q) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(q * sorted.length);
        return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
    }

    static double mean(double[] values) {
        return Arrays.stream(values).average().orElse(Double.NaN);
    }
}
