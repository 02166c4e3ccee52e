package io.sharedfs.contracts.command;

import io.sharedfs.contracts.Require;

/** Asks ve-service to remove a node; {@code purge} also deletes its private tree once unexported. */
public record RemoveNode(String commandId, long veId, long vemId, boolean purge) implements Command {

    public RemoveNode {
        Require.text(commandId, "commandId");
    }
}
