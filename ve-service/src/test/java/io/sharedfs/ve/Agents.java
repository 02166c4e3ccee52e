package io.sharedfs.ve;

import io.sharedfs.contracts.boot.BootStage;
import io.sharedfs.contracts.boot.NodeBootFailed;
import io.sharedfs.contracts.boot.NodeBooted;

import io.sharedfs.contracts.export.ExportsApplyFailed;
import io.sharedfs.contracts.export.NodeExported;
import io.sharedfs.contracts.export.NodeUnexported;
import io.sharedfs.contracts.node.NodeRef;
import io.sharedfs.contracts.provisioning.HookOutcome;
import io.sharedfs.contracts.provisioning.InitVemHookRan;
import io.sharedfs.contracts.provisioning.NodeProvisioned;
import io.sharedfs.contracts.provisioning.NodeProvisioningFailed;
import io.sharedfs.contracts.provisioning.PrivateTreeCreated;
import io.sharedfs.contracts.provisioning.PrivateTreePurged;
import io.sharedfs.contracts.provisioning.SpecialFile;
import java.time.Instant;
import java.util.List;

/** What node-provisioner and nfs-exporter report about nodes, as they would publish it. */
public final class Agents {

    private Agents() {
    }

    public static String treePath(long ve, long vem) {
        return "/srv/images/test/private/" + ve + "/" + vem;
    }

    public static PrivateTreeCreated treeCreated(long ve, long vem, int attempt, long files, long bytes) {
        return new PrivateTreeCreated(ve, vem, attempt, treePath(ve, vem), List.of("/var", "/etc", "/tmp",
                "/custom/node"), files, bytes, List.of(new SpecialFile("/var/spool/postfix/public/pickup",
                        SpecialFile.Kind.FIFO)));
    }

    public static InitVemHookRan hookRan(long ve, long vem, int attempt, int exitCode, String outputTail) {
        return new InitVemHookRan(ve, vem, attempt, HookOutcome.EXITED, exitCode, null, 120, outputTail, false);
    }

    public static NodeProvisioned provisioned(long ve, long vem, int attempt) {
        return new NodeProvisioned(ve, vem, attempt, null, Images.STORAGE_HOST, treePath(ve, vem));
    }

    public static NodeProvisioningFailed provisioningFailed(long ve, long vem, int attempt, String reason) {
        return new NodeProvisioningFailed(ve, vem, attempt, reason);
    }

    public static NodeExported exported(long ve, long vem, long generation) {
        return new NodeExported(ve, vem, "192.0.2.10", Images.STORAGE_HOST, generation,
                List.of(treePath(ve, vem) + "/var", treePath(ve, vem) + "/etc"));
    }

    public static ExportsApplyFailed exportsApplyFailed(long generation, String message, NodeRef... nodes) {
        return new ExportsApplyFailed(Images.STORAGE_HOST, generation, message, List.of(nodes));
    }

    public static NodeUnexported unexported(long ve, long vem) {
        return new NodeUnexported(ve, vem, "192.0.2.10", Images.STORAGE_HOST, 99);
    }

    public static NodeBooted booted(long ve, long vem, BootStage stage, Instant at) {
        return new NodeBooted(ve, vem, "192.0.2.10", Images.STORAGE_HOST, stage, at);
    }

    public static NodeBootFailed bootFailed(long ve, long vem, String error, Instant at) {
        return new NodeBootFailed(ve, vem, "192.0.2.10", Images.STORAGE_HOST, error, at);
    }

    public static PrivateTreePurged purged(long ve, long vem) {
        return new PrivateTreePurged(ve, vem, Images.STORAGE_HOST, treePath(ve, vem));
    }
}
