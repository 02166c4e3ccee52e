package io.sharedfs.contracts.command;

import io.sharedfs.contracts.ve.VeMessage;

/**
 * A command from an upstream system. Only {@code commandId} is checked when the record is read:
 * everything else is checked by ve-service with the same rules as REST, and a bad command is
 * answered with {@link CommandRejected} rather than dead-lettered.
 */
public interface Command extends VeMessage {

    String commandId();
}
