package io.sharedfs.contracts.command;

import io.sharedfs.contracts.Require;

/** Asks ve-service to add a node to a VE; {@code mac} is optional. */
public record AddNode(String commandId, long veId, String hostname, String address, String mac) implements Command {

    public AddNode {
        Require.text(commandId, "commandId");
    }
}
