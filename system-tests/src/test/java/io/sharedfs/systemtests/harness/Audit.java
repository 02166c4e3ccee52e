package io.sharedfs.systemtests.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sharedfs.contracts.Subjects;
import io.sharedfs.systemtests.harness.Events.Event;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/** Checks on what the topics hold, as an operator auditing them would make them. */
public final class Audit {

    private Audit() {
    }

    /** The events about one node (its subject), in offset order. */
    public static List<Event> ofNode(List<Event> events, long veId, long vemId) {
        String subject = Subjects.node(veId, vemId);
        return events.stream().filter(e -> subject.equals(e.header("ce_subject"))).toList();
    }

    /** The types of the events, in order, with runs of the same event id (redeliveries) counted once. */
    public static List<String> distinctTypes(List<Event> events) {
        List<String> types = new ArrayList<>();
        Set<String> ids = new java.util.HashSet<>();
        for (Event event : events) {
            if (ids.add(event.ceId())) {
                types.add(event.type());
            }
        }
        return types;
    }

    /** Every key's records are on one partition, so each VE's (or image's) events keep their order. */
    public static void assertOnePartitionPerKey(List<Event> events) {
        Map<String, Set<Integer>> partitions = new TreeMap<>();
        events.forEach(e -> partitions.computeIfAbsent(e.key(), k -> new TreeSet<>()).add(e.partition()));
        Map<String, Set<Integer>> spread = partitions.entrySet().stream().filter(e -> e.getValue().size() > 1)
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        assertEquals(Map.of(), spread, "keys whose records are on more than one partition");
    }

    /**
     * The node's first event of each of {@code types} appears, in that order (by offset: they share a
     * key and so a partition).
     */
    public static void assertInOrder(List<Event> events, long veId, long vemId, List<String> types) {
        List<Event> node = ofNode(events, veId, vemId);
        long previous = -1;
        String previousType = null;
        for (String type : types) {
            Event first = node.stream().filter(e -> type.equals(e.type())).findFirst()
                    .orElseThrow(() -> new AssertionError("no " + type + " for node " + veId + "/" + vemId
                            + " among " + distinctTypes(node)));
            assertTrue(first.offset() > previous, type + " of node " + veId + "/" + vemId + " comes after "
                    + previousType + ": " + distinctTypes(node));
            previous = first.offset();
            previousType = type;
        }
    }
}
