package io.sharedfs.contracts;

import io.sharedfs.contracts.boot.NodeBootFailed;
import io.sharedfs.contracts.boot.NodeBooted;
import io.sharedfs.contracts.command.AddNode;
import io.sharedfs.contracts.command.CommandRejected;
import io.sharedfs.contracts.command.RemoveNode;
import io.sharedfs.contracts.customization.CustomFileUploaded;
import io.sharedfs.contracts.customization.CustomFileWriteFailed;
import io.sharedfs.contracts.customization.CustomFileWritten;
import io.sharedfs.contracts.customization.CustomizationApplied;
import io.sharedfs.contracts.customization.CustomizationFailed;
import io.sharedfs.contracts.customization.CustomizationRequested;
import io.sharedfs.contracts.customization.CustomizationRevertRequested;
import io.sharedfs.contracts.customization.CustomizationReverted;
import io.sharedfs.contracts.export.ExportsApplied;
import io.sharedfs.contracts.export.ExportsApplyFailed;
import io.sharedfs.contracts.export.NodeExportRefused;
import io.sharedfs.contracts.export.NodeExported;
import io.sharedfs.contracts.export.NodeUnexported;
import io.sharedfs.contracts.image.ImageDeleted;
import io.sharedfs.contracts.image.ImageLayoutPrepared;
import io.sharedfs.contracts.image.ImageLayoutRejected;
import io.sharedfs.contracts.image.ImageRegistered;
import io.sharedfs.contracts.image.ImageUpdated;
import io.sharedfs.contracts.node.NodeAdded;
import io.sharedfs.contracts.node.NodeRemoved;
import io.sharedfs.contracts.node.NodeStateChanged;
import io.sharedfs.contracts.provisioning.InitVemHookRan;
import io.sharedfs.contracts.provisioning.NodeProvisioned;
import io.sharedfs.contracts.provisioning.NodeProvisioningFailed;
import io.sharedfs.contracts.provisioning.PrivateTreeCreated;
import io.sharedfs.contracts.provisioning.PrivateTreePurged;
import io.sharedfs.contracts.ve.VeCreated;
import io.sharedfs.contracts.ve.VeDeleted;
import io.sharedfs.contracts.ve.VeUpdated;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The catalogue of every message: its Java record, its CloudEvents {@code type} and its topic.
 * A record type missing here cannot be published or read.
 */
public enum MessageType {
    IMAGE_REGISTERED(ImageRegistered.class, Topics.IMAGES),
    IMAGE_UPDATED(ImageUpdated.class, Topics.IMAGES),
    IMAGE_DELETED(ImageDeleted.class, Topics.IMAGES),
    IMAGE_LAYOUT_PREPARED(ImageLayoutPrepared.class, Topics.IMAGE_LAYOUT),
    IMAGE_LAYOUT_REJECTED(ImageLayoutRejected.class, Topics.IMAGE_LAYOUT),
    VE_CREATED(VeCreated.class, Topics.VES),
    VE_UPDATED(VeUpdated.class, Topics.VES),
    VE_DELETED(VeDeleted.class, Topics.VES),
    ADD_NODE(AddNode.class, Topics.COMMANDS),
    REMOVE_NODE(RemoveNode.class, Topics.COMMANDS),
    COMMAND_REJECTED(CommandRejected.class, Topics.COMMAND_RESULTS),
    NODE_ADDED(NodeAdded.class, Topics.NODES),
    NODE_REMOVED(NodeRemoved.class, Topics.NODES),
    NODE_STATE_CHANGED(NodeStateChanged.class, Topics.NODES),
    PRIVATE_TREE_CREATED(PrivateTreeCreated.class, Topics.PROVISIONING),
    INIT_VEM_HOOK_RAN(InitVemHookRan.class, Topics.PROVISIONING),
    NODE_PROVISIONED(NodeProvisioned.class, Topics.PROVISIONING),
    NODE_PROVISIONING_FAILED(NodeProvisioningFailed.class, Topics.PROVISIONING),
    PRIVATE_TREE_PURGED(PrivateTreePurged.class, Topics.PROVISIONING),
    NODE_EXPORTED(NodeExported.class, Topics.EXPORTS),
    NODE_UNEXPORTED(NodeUnexported.class, Topics.EXPORTS),
    EXPORTS_APPLIED(ExportsApplied.class, Topics.EXPORTS),
    EXPORTS_APPLY_FAILED(ExportsApplyFailed.class, Topics.EXPORTS),
    NODE_EXPORT_REFUSED(NodeExportRefused.class, Topics.EXPORTS),
    NODE_BOOTED(NodeBooted.class, Topics.EXPORTS),
    NODE_BOOT_FAILED(NodeBootFailed.class, Topics.EXPORTS),
    CUSTOMIZATION_REQUESTED(CustomizationRequested.class, Topics.IMAGES),
    CUSTOMIZATION_REVERT_REQUESTED(CustomizationRevertRequested.class, Topics.IMAGES),
    CUSTOMIZATION_APPLIED(CustomizationApplied.class, Topics.IMAGE_LAYOUT),
    CUSTOMIZATION_FAILED(CustomizationFailed.class, Topics.IMAGE_LAYOUT),
    CUSTOMIZATION_REVERTED(CustomizationReverted.class, Topics.IMAGE_LAYOUT),
    CUSTOM_FILE_UPLOADED(CustomFileUploaded.class, Topics.VES),
    CUSTOM_FILE_WRITTEN(CustomFileWritten.class, Topics.PROVISIONING),
    CUSTOM_FILE_WRITE_FAILED(CustomFileWriteFailed.class, Topics.PROVISIONING);

    /** Prefix of every CloudEvents type, e.g. {@code io.sharedfs.NodeAdded}. */
    public static final String TYPE_PREFIX = "io.sharedfs.";

    private static final Map<String, MessageType> BY_CE_TYPE =
            Arrays.stream(values()).collect(Collectors.toUnmodifiableMap(MessageType::ceType, Function.identity()));
    private static final Map<Class<?>, MessageType> BY_CLASS =
            Arrays.stream(values()).collect(Collectors.toUnmodifiableMap(MessageType::javaType, Function.identity()));

    private final Class<? extends SharedfsMessage> javaType;
    private final String topic;
    private final String ceType;

    MessageType(Class<? extends SharedfsMessage> javaType, String topic) {
        this.javaType = javaType;
        this.topic = topic;
        this.ceType = TYPE_PREFIX + javaType.getSimpleName();
    }

    public Class<? extends SharedfsMessage> javaType() {
        return javaType;
    }

    public String topic() {
        return topic;
    }

    /** The CloudEvents {@code type} attribute ({@code ce_type} header). */
    public String ceType() {
        return ceType;
    }

    public static Optional<MessageType> byCeType(String ceType) {
        return Optional.ofNullable(ceType).map(BY_CE_TYPE::get);
    }

    public static MessageType of(SharedfsMessage message) {
        return of(message.getClass());
    }

    public static MessageType of(Class<?> javaType) {
        MessageType type = BY_CLASS.get(javaType);
        if (type == null) {
            throw new IllegalArgumentException(javaType.getName() + " is not in the message catalogue");
        }
        return type;
    }

    /** Reads a body of this type; see {@link EventJson#read}. */
    public SharedfsMessage read(String json) {
        return EventJson.read(json, javaType);
    }
}
