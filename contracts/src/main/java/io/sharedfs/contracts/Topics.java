package io.sharedfs.contracts;

import java.util.List;

/** Kafka topic names; one writer per topic, so an operator knows whom to ask about each. */
public final class Topics {

    /** Image registry changes, written by image-service, keyed by image id. */
    public static final String IMAGES = "sharedfs.images";
    /** Layout results from the storage hosts, written by node-provisioner, keyed by image id. */
    public static final String IMAGE_LAYOUT = "sharedfs.image-layout";
    /** VE changes, written by ve-service, keyed by VE id. */
    public static final String VES = "sharedfs.ves";
    /** Commands from upstream systems (AddNode, RemoveNode), keyed by VE id. */
    public static final String COMMANDS = "sharedfs.commands";
    /** Answers to rejected commands, written by ve-service, keyed by VE id. */
    public static final String COMMAND_RESULTS = "sharedfs.command-results";
    /** Node lifecycle, written by ve-service, keyed by VE id. */
    public static final String NODES = "sharedfs.nodes";
    /** Private trees and hooks, written by node-provisioner, keyed by VE id. */
    public static final String PROVISIONING = "sharedfs.provisioning";
    /** Export table changes, written by nfs-exporter, keyed by VE id (per node) or storage host. */
    public static final String EXPORTS = "sharedfs.exports";
    /** Records no consumer could process, with the reason in the record's headers. */
    public static final String DEAD_LETTER = "sharedfs.dead-letter";

    /** Every topic, in the order the README lists them. */
    public static final List<String> ALL = List.of(
            IMAGES, IMAGE_LAYOUT, VES, COMMANDS, COMMAND_RESULTS, NODES, PROVISIONING, EXPORTS, DEAD_LETTER);

    private Topics() {
    }
}
