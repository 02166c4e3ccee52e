package io.sharedfs.contracts;

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
import io.sharedfs.contracts.customization.CustomizationScope;
import io.sharedfs.contracts.export.ExportsApplied;
import io.sharedfs.contracts.export.ExportsApplyFailed;
import io.sharedfs.contracts.export.NodeExportRefused;
import io.sharedfs.contracts.boot.BootStage;
import io.sharedfs.contracts.boot.NodeBootFailed;
import io.sharedfs.contracts.boot.NodeBooted;
import io.sharedfs.contracts.export.NodeExported;
import io.sharedfs.contracts.export.NodeUnexported;
import io.sharedfs.contracts.image.ImageDeleted;
import io.sharedfs.contracts.image.ImageLayoutPrepared;
import io.sharedfs.contracts.image.ImageLayoutRejected;
import io.sharedfs.contracts.image.ImageRegistered;
import io.sharedfs.contracts.image.ImageSpec;
import io.sharedfs.contracts.image.ImageStatus;
import io.sharedfs.contracts.image.ImageUpdated;
import io.sharedfs.contracts.node.ImageRef;
import io.sharedfs.contracts.node.NodeAdded;
import io.sharedfs.contracts.node.NodeRef;
import io.sharedfs.contracts.node.NodeRemoved;
import io.sharedfs.contracts.node.NodeState;
import io.sharedfs.contracts.node.NodeStateChanged;
import io.sharedfs.contracts.provisioning.HookOutcome;
import io.sharedfs.contracts.provisioning.InitVemHookRan;
import io.sharedfs.contracts.provisioning.NodeProvisioned;
import io.sharedfs.contracts.provisioning.NodeProvisioningFailed;
import io.sharedfs.contracts.provisioning.PrivateTreeCreated;
import io.sharedfs.contracts.provisioning.PrivateTreePurged;
import io.sharedfs.contracts.provisioning.SpecialFile;
import io.sharedfs.contracts.ve.VeCreated;
import io.sharedfs.contracts.ve.VeDeleted;
import io.sharedfs.contracts.ve.VeUpdated;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/** One fully populated message per {@link MessageType}, every optional field set, for the contract tests. */
public final class Samples {

    public static final UUID IMAGE_ID = UUID.fromString("3f2a9c1e-7b4d-4e8a-9c2f-1a2b3c4d5e6f");
    public static final long VE_ID = 10;
    public static final long VEM_ID = 3;
    /** Mixed case on purpose: the storage-host key rule must lower-case it. */
    public static final String STORAGE_HOST = "NFS1.Example.ORG";
    public static final String ROOT_PATH = "/srv/images/web";
    public static final String TREE_PATH = ROOT_PATH + "/private/10/3";
    public static final String COMMAND_ID = "cmd-7f3e";
    public static final String HOSTNAME = "web3";
    public static final String ADDRESS = "192.0.2.13";
    public static final String MAC = "52:54:00:12:34:56";
    public static final List<String> PRIVATE_DIRS = List.of("/var", "/etc", "/tmp", "/srv/cache");
    public static final List<String> SHARED_SUBDIRS = List.of("/var/lib/rpm");
    public static final List<String> RAM_DIRS = List.of("/var/run");
    public static final UUID CUSTOMIZATION_ID = UUID.fromString("9b1c2d3e-4f50-4a6b-8c7d-0e1f2a3b4c5d");
    public static final String CUSTOMIZED_PATH = "/etc/crontab";
    /** "17 * * * * root run-parts /etc/cron.hourly\n" */
    public static final String CRONTAB_BASE64 = "MTcgKiAqICogKiByb290IHJ1bi1wYXJ0cyAvZXRjL2Nyb24uaG91cmx5Cg==";
    public static final String CRONTAB_SHA256 = "589878729e816ba9e849280fde3968f2ece266ca1876117330920cf90fa7e7c8";

    private Samples() {
    }

    /**
     * The sample of one type. A switch expression without {@code default}, so a new catalogue
     * entry does not compile until it has a sample.
     */
    public static SharedfsMessage of(MessageType type) {
        return switch (type) {
            case IMAGE_REGISTERED -> new ImageRegistered(imageSpec());
            case IMAGE_UPDATED -> new ImageUpdated(imageSpec(), Set.of("shared", "rootPath"));
            case IMAGE_DELETED -> new ImageDeleted(IMAGE_ID, "web", STORAGE_HOST, ROOT_PATH);
            case IMAGE_LAYOUT_PREPARED -> new ImageLayoutPrepared(IMAGE_ID, STORAGE_HOST, ROOT_PATH, 7L);
            case IMAGE_LAYOUT_REJECTED -> new ImageLayoutRejected(
                    IMAGE_ID, STORAGE_HOST, ROOT_PATH, ROOT_PATH + " is a symbolic link", 7L);
            case VE_CREATED -> new VeCreated(VE_ID, "webfarm", IMAGE_ID, true, "front-end web farm");
            case VE_UPDATED -> new VeUpdated(
                    VE_ID, "webfarm", IMAGE_ID, true, "front-end web farm, 2 racks", Set.of("description"));
            case VE_DELETED -> new VeDeleted(VE_ID, "webfarm", IMAGE_ID);
            case ADD_NODE -> new AddNode(COMMAND_ID, VE_ID, HOSTNAME, ADDRESS, MAC);
            case REMOVE_NODE -> new RemoveNode(COMMAND_ID, VE_ID, VEM_ID, true);
            case COMMAND_REJECTED -> new CommandRejected(
                    COMMAND_ID, "io.sharedfs.AddNode", VE_ID, "hostname web3 is already used in VE 10");
            case NODE_ADDED -> nodeAdded();
            case NODE_REMOVED -> new NodeRemoved(VE_ID, VEM_ID, HOSTNAME, ADDRESS, true, imageRef());
            case NODE_STATE_CHANGED -> new NodeStateChanged(
                    VE_ID, VEM_ID, NodeState.PROVISIONING, NodeState.FAILED, "init_vem exited with 1");
            case PRIVATE_TREE_CREATED -> new PrivateTreeCreated(
                    VE_ID, VEM_ID, 2, TREE_PATH, List.of("/var", "/etc", "/tmp", "/srv/cache", "/custom/node"),
                    1234, 567_890,
                    List.of(new SpecialFile("/var/run/initctl", SpecialFile.Kind.FIFO),
                            new SpecialFile("/var/lib/misc/console", SpecialFile.Kind.CHARACTER_DEVICE)));
            case INIT_VEM_HOOK_RAN -> new InitVemHookRan(
                    VE_ID, VEM_ID, 2, HookOutcome.EXITED, 0, "ran " + ROOT_PATH + "/private/10/init_vem",
                    250, "configured web3\n", true);
            case NODE_PROVISIONED -> new NodeProvisioned(VE_ID, VEM_ID, 2, IMAGE_ID, STORAGE_HOST, TREE_PATH);
            case NODE_PROVISIONING_FAILED -> new NodeProvisioningFailed(
                    VE_ID, VEM_ID, 2, "copying /var failed: no space left on device");
            case PRIVATE_TREE_PURGED -> new PrivateTreePurged(VE_ID, VEM_ID, STORAGE_HOST, TREE_PATH);
            case NODE_EXPORTED -> new NodeExported(
                    VE_ID, VEM_ID, ADDRESS, STORAGE_HOST, 5,
                    List.of(TREE_PATH + "/var", TREE_PATH + "/etc", ROOT_PATH + "/private/10/custom"));
            case NODE_UNEXPORTED -> new NodeUnexported(VE_ID, VEM_ID, ADDRESS, STORAGE_HOST, 6);
            case EXPORTS_APPLIED -> new ExportsApplied(STORAGE_HOST, 5, 42, 180);
            case EXPORTS_APPLY_FAILED -> new ExportsApplyFailed(
                    STORAGE_HOST, 6, "exportfs: Failed to stat " + TREE_PATH + "/var",
                    List.of(new NodeRef(VE_ID, VEM_ID), new NodeRef(11, 1)));
            case NODE_EXPORT_REFUSED -> new NodeExportRefused(
                    VE_ID, VEM_ID, ADDRESS, STORAGE_HOST, 2, 7, "not-a-directory", TREE_PATH + "/etc does not exist");
            case NODE_BOOTED -> new NodeBooted(
                    VE_ID, VEM_ID, ADDRESS, STORAGE_HOST, BootStage.BOOTED, Instant.parse("2026-12-02T15:00:00Z"));
            case NODE_BOOT_FAILED -> new NodeBootFailed(
                    VE_ID, VEM_ID, ADDRESS, STORAGE_HOST, "mounting /var failed: No such file or directory",
                    Instant.parse("2026-12-02T15:00:01Z"));
            case CUSTOMIZATION_REQUESTED -> new CustomizationRequested(
                    CUSTOMIZATION_ID, CUSTOMIZED_PATH, CustomizationScope.VE, true, imageRef());
            case CUSTOMIZATION_REVERT_REQUESTED -> new CustomizationRevertRequested(
                    CUSTOMIZATION_ID, CUSTOMIZED_PATH, CustomizationScope.VE, imageRef());
            case CUSTOMIZATION_APPLIED -> new CustomizationApplied(
                    IMAGE_ID, CUSTOMIZATION_ID, CUSTOMIZED_PATH, CustomizationScope.VE, STORAGE_HOST,
                    "/custom/ve" + CUSTOMIZED_PATH, List.of(VE_ID, 11L), List.of(new NodeRef(11, 1)),
                    List.of(new NodeRef(VE_ID, VEM_ID)), List.of(new NodeRef(11, 1)));
            case CUSTOMIZATION_FAILED -> new CustomizationFailed(
                    IMAGE_ID, CUSTOMIZATION_ID, CUSTOMIZED_PATH, STORAGE_HOST, true,
                    ROOT_PATH + CUSTOMIZED_PATH + " is a directory, not a regular file");
            case CUSTOMIZATION_REVERTED -> new CustomizationReverted(
                    IMAGE_ID, CUSTOMIZATION_ID, CUSTOMIZED_PATH, STORAGE_HOST, List.of(new NodeRef(VE_ID, VEM_ID)));
            case CUSTOM_FILE_UPLOADED -> new CustomFileUploaded(
                    VE_ID, VEM_ID, CUSTOMIZED_PATH, 4, CRONTAB_SHA256, CRONTAB_BASE64, imageRef());
            case CUSTOM_FILE_WRITTEN -> new CustomFileWritten(
                    VE_ID, VEM_ID, CUSTOMIZED_PATH, 4, CRONTAB_SHA256, STORAGE_HOST,
                    TREE_PATH + "/custom" + CUSTOMIZED_PATH);
            case CUSTOM_FILE_WRITE_FAILED -> new CustomFileWriteFailed(
                    VE_ID, VEM_ID, CUSTOMIZED_PATH, 4, STORAGE_HOST, "no space left on device");
        };
    }

    public static ImageSpec imageSpec() {
        return new ImageSpec(IMAGE_ID, "web", ROOT_PATH, STORAGE_HOST, true, PRIVATE_DIRS, SHARED_SUBDIRS, RAM_DIRS,
                "CentOS web image", 7, ImageStatus.INVALID, "root path /srv/images/web is missing");
    }

    public static ImageRef imageRef() {
        return new ImageRef(IMAGE_ID, STORAGE_HOST, ROOT_PATH, true, PRIVATE_DIRS, SHARED_SUBDIRS, RAM_DIRS);
    }

    public static NodeAdded nodeAdded() {
        return new NodeAdded(VE_ID, VEM_ID, HOSTNAME, ADDRESS, MAC, 2, imageRef());
    }

    /** The sample's JSON as the one mapper writes it. */
    public static String json(MessageType type) {
        return EventJson.write(of(type));
    }
}
