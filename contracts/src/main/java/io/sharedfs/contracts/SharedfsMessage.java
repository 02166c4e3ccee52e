package io.sharedfs.contracts;

/**
 * An event or command that travels on a sharedfs Kafka topic.
 *
 * <p>Every message knows its record key (so one VE's or one image's messages stay in order on
 * one partition) and its CloudEvents subject (what an operator reads in an audit line).
 */
public interface SharedfsMessage {

    /** The Kafka record key; see {@link Keys} for the rules. */
    String partitionKey();

    /** The CloudEvents {@code subject}, e.g. {@code ve/10/node/3}. */
    String subject();
}
