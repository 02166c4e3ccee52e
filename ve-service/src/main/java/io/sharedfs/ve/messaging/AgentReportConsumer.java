package io.sharedfs.ve.messaging;

import io.sharedfs.contracts.MessageType;
import io.sharedfs.contracts.Topics;
import io.sharedfs.contracts.boot.BootStage;
import io.sharedfs.contracts.boot.NodeBootFailed;
import io.sharedfs.contracts.boot.NodeBooted;
import io.sharedfs.contracts.customization.CustomFileWriteFailed;
import io.sharedfs.contracts.customization.CustomFileWritten;
import io.sharedfs.contracts.export.ExportsApplyFailed;
import io.sharedfs.contracts.export.NodeExported;
import io.sharedfs.contracts.export.NodeUnexported;
import io.sharedfs.contracts.node.NodeRef;
import io.sharedfs.contracts.provisioning.InitVemHookRan;
import io.sharedfs.contracts.provisioning.NodeProvisioned;
import io.sharedfs.contracts.provisioning.NodeProvisioningFailed;
import io.sharedfs.contracts.provisioning.PrivateTreeCreated;
import io.sharedfs.contracts.provisioning.PrivateTreePurged;
import io.sharedfs.contracts.provisioning.SpecialFile;
import io.sharedfs.messaging.inbox.MessageProcessor;
import io.sharedfs.messaging.inbox.ReceivedMessage;
import io.sharedfs.ve.domain.BootProgress;
import io.sharedfs.ve.domain.CustomFileService;
import io.sharedfs.ve.domain.HookResult;
import io.sharedfs.ve.domain.NodeFacts;
import io.sharedfs.ve.domain.NodeService;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Turns what node-provisioner and nfs-exporter report into facts about nodes; each fact only
 * grows (a higher attempt, a later generation, a flag set), so order and repeats do not matter.
 * node-provisioner's reports about uploaded customized files go to {@link CustomFileService}.
 */
@ApplicationScoped
public class AgentReportConsumer {

    private static final Set<MessageType> WANTED = Set.of(MessageType.PRIVATE_TREE_CREATED,
            MessageType.INIT_VEM_HOOK_RAN, MessageType.NODE_PROVISIONED, MessageType.NODE_PROVISIONING_FAILED,
            MessageType.PRIVATE_TREE_PURGED, MessageType.CUSTOM_FILE_WRITTEN, MessageType.CUSTOM_FILE_WRITE_FAILED,
            MessageType.NODE_EXPORTED, MessageType.NODE_UNEXPORTED, MessageType.EXPORTS_APPLY_FAILED,
            MessageType.NODE_BOOTED, MessageType.NODE_BOOT_FAILED);

    private final MessageProcessor processor;
    private final NodeService nodes;
    private final CustomFileService files;

    public AgentReportConsumer(MessageProcessor processor, NodeService nodes, CustomFileService files) {
        this.processor = processor;
        this.nodes = nodes;
        this.files = files;
    }

    @Incoming("reports")
    @Blocking
    public void consume(ConsumerRecords<String, String> records) {
        processor.processBatch(AgentReportConsumer::inboxScope, records, WANTED, this::handle);
    }

    // The inbox scopes of the two one-record consumers this channel replaced, so a redelivery of a record
    // they processed is still recognised.
    static String inboxScope(String topic) {
        return topic.equals(Topics.EXPORTS) ? "ve-service.exports" : "ve-service.provisioning";
    }

    private void handle(ReceivedMessage message) {
        Object body = message.body();
        if (body instanceof PrivateTreeCreated tree) {
            nodes.report(tree.veId(), tree.vemId(), node -> {
                node.treePath = tree.treePath();
                node.treeFiles = tree.files();
                node.treeBytes = tree.bytes();
                node.treeSkipped = tree.skippedSpecialFiles().stream()
                        .map(AgentReportConsumer::describe).collect(Collectors.joining("\n"));
            });
        } else if (body instanceof InitVemHookRan hook) {
            nodes.report(hook.veId(), hook.vemId(), node -> recordHook(hook));
        } else if (body instanceof NodeProvisioned provisioned) {
            nodes.report(provisioned.veId(), provisioned.vemId(),
                    node -> NodeFacts.provisioned(node, provisioned.attempt()));
        } else if (body instanceof NodeProvisioningFailed failed) {
            nodes.report(failed.veId(), failed.vemId(),
                    node -> NodeFacts.provisioningFailed(node, failed.attempt(), failed.reason()));
        } else if (body instanceof PrivateTreePurged purged) {
            nodes.report(purged.veId(), purged.vemId(), NodeFacts::purged);
        } else if (body instanceof NodeExported exported) {
            nodes.report(exported.veId(), exported.vemId(), node -> NodeFacts.exported(node, exported.generation()));
        } else if (body instanceof NodeUnexported unexported) {
            nodes.report(unexported.veId(), unexported.vemId(), NodeFacts::unexported);
        } else if (body instanceof NodeBooted booted) {
            BootProgress stage = booted.stage() == BootStage.MOUNTED ? BootProgress.MOUNTED : BootProgress.BOOTED;
            nodes.report(booted.veId(), booted.vemId(),
                    node -> NodeFacts.bootReported(node, stage, booted.reportedAt(), null));
        } else if (body instanceof NodeBootFailed failed) {
            nodes.report(failed.veId(), failed.vemId(),
                    node -> NodeFacts.bootReported(node, BootProgress.FAILED, failed.reportedAt(), failed.error()));
        } else if (body instanceof CustomFileWritten written) {
            files.written(written);
        } else if (body instanceof CustomFileWriteFailed failed) {
            files.writeFailed(failed);
        } else if (body instanceof ExportsApplyFailed failed) {
            for (NodeRef ref : failed.nodes()) {
                nodes.report(ref.veId(), ref.vemId(),
                        node -> NodeFacts.exportFailed(node, failed.generation(), failed.message()));
            }
        }
    }

    private static void recordHook(InitVemHookRan hook) {
        HookResult.Key key = new HookResult.Key(hook.veId(), hook.vemId(), hook.attempt());
        HookResult result = HookResult.<HookResult>findByIdOptional(key).orElseGet(HookResult::new);
        boolean fresh = result.reportedAt == null;
        result.veId = hook.veId();
        result.vemId = hook.vemId();
        result.attempt = hook.attempt();
        result.outcome = hook.outcome();
        result.exitCode = hook.exitCode();
        result.detail = hook.detail();
        result.durationMs = hook.durationMillis();
        result.outputTail = hook.outputTail();
        result.truncated = hook.truncated();
        result.reportedAt = Instant.now();
        if (fresh) {
            result.persist();
        }
    }

    static String describe(SpecialFile file) {
        return file.path() + " (" + file.kind() + ")";
    }
}
