package io.sharedfs.contracts.command;

import io.sharedfs.contracts.Require;
import io.sharedfs.contracts.Subjects;
import io.sharedfs.contracts.ve.VeMessage;

/**
 * ve-service refused a command and changed nothing.
 *
 * @param commandType the CloudEvents type of the refused command
 * @param veId the VE the command named, or 0 when it named none
 */
public record CommandRejected(String commandId, String commandType, long veId, String reason) implements VeMessage {

    public CommandRejected {
        Require.text(commandId, "commandId");
        Require.text(reason, "reason");
        Require.notNegative(veId, "veId");
    }

    @Override
    public String subject() {
        return Subjects.command(commandId);
    }
}
