package io.sharedfs.ve.messaging;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.sharedfs.contracts.MessageType;
import io.sharedfs.contracts.command.AddNode;
import io.sharedfs.contracts.command.Command;
import io.sharedfs.contracts.command.CommandRejected;
import io.sharedfs.contracts.command.RemoveNode;
import io.sharedfs.messaging.inbox.MessageProcessor;
import io.sharedfs.messaging.inbox.ReceivedMessage;
import io.sharedfs.messaging.outbox.Outbox;
import io.sharedfs.service.problem.ProblemException;
import io.sharedfs.service.problem.Violation;
import io.sharedfs.ve.domain.HandledCommand;
import io.sharedfs.ve.domain.Node;
import io.sharedfs.ve.domain.NodeService;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Carries out upstream systems' AddNode and RemoveNode with the same rules as REST. A command id
 * seen before does nothing; a command that breaks a rule changes nothing and is answered with
 * CommandRejected.
 */
@ApplicationScoped
public class CommandConsumer {

    private static final Set<MessageType> WANTED = Set.of(MessageType.ADD_NODE, MessageType.REMOVE_NODE);

    private final MessageProcessor processor;
    private final NodeService nodes;
    private final Outbox outbox;

    public CommandConsumer(MessageProcessor processor, NodeService nodes, Outbox outbox) {
        this.processor = processor;
        this.nodes = nodes;
        this.outbox = outbox;
    }

    @Incoming("commands")
    @Blocking
    public void consume(ConsumerRecord<String, String> record) {
        processor.process("ve-service.commands", record, WANTED, this::handle);
    }

    private void handle(ReceivedMessage message) {
        Command command = (Command) message.body();
        if (HandledCommand.findById(command.commandId()) != null) {
            return;
        }
        try {
            // Its own transaction, so a refused command leaves no trace but its rejection.
            Node node = QuarkusTransaction.requiringNew().call(() -> execute(command, message.type()));
            if (node == null) {
                return;
            }
        } catch (ProblemException e) {
            reject(command, message.type(), reasonOf(e));
        }
    }

    private Node execute(Command command, MessageType type) {
        if (HandledCommand.findById(command.commandId()) != null) {
            return null;
        }
        Node node = command instanceof AddNode add
                ? nodes.add(add.veId(), add.hostname(), add.address(), add.mac())
                : remove((RemoveNode) command);
        remember(command, type, node.vemId, false, null);
        return node;
    }

    private Node remove(RemoveNode remove) {
        return nodes.remove(remove.veId(), remove.vemId(), remove.purge());
    }

    private void reject(Command command, MessageType type, String reason) {
        remember(command, type, null, true, reason);
        outbox.publish(new CommandRejected(command.commandId(), type.ceType(), Math.max(0, command.veId()), reason));
    }

    private static void remember(Command command, MessageType type, Long vemId, boolean rejected, String reason) {
        HandledCommand handled = new HandledCommand();
        handled.commandId = command.commandId();
        handled.type = type.ceType();
        handled.veId = command.veId();
        handled.vemId = vemId;
        handled.rejected = rejected;
        handled.reason = reason;
        handled.handledAt = Instant.now();
        handled.persist();
    }

    private static String reasonOf(ProblemException e) {
        if (e.problem().errors().isEmpty()) {
            return e.problem().detail();
        }
        return e.problem().errors().stream().map(Violation::message).collect(Collectors.joining("; "));
    }
}
