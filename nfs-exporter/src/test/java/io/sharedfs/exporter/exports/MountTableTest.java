package io.sharedfs.exporter.exports;

import static io.sharedfs.exporter.exports.Tables.DEFAULT_OPTIONS;
import static io.sharedfs.exporter.exports.Tables.nonShared;
import static io.sharedfs.exporter.exports.Tables.shared;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A node's mount table mounts what it is exported, parents first, with matching modes. */
class MountTableTest {

    private static final String NFS = "nfsvers=3,proto=tcp,hard";

    @Test
    void theSpecsExampleMountsVarPrivatelyRpmFromTheImageAndVarRunInRam() {
        List<Mount> mounts = MountTable.of(shared("/srv/images/web", 10, 3, "10.0.0.3"), "nfs1", DEFAULT_OPTIONS, NFS);

        assertEquals(List.of(
                new Mount("nfs1:/srv/images/web", "/", "nfs", "ro," + NFS, null),
                new Mount("nfs1:/srv/images/web/private/10/3/custom", "/custom/node", "nfs", "rw," + NFS, null),
                new Mount("nfs1:/srv/images/web/private/10/custom", "/custom/ve", "nfs", "rw," + NFS, null),
                new Mount("nfs1:/srv/images/web/private/10/3/etc", "/etc", "nfs", "rw," + NFS, null),
                new Mount("proc", "/proc", "proc", "nosuid,nodev,noexec", null),
                new Mount("nfs1:/srv/images/web/private/10/3/tmp", "/tmp", "nfs", "rw," + NFS, null),
                new Mount("nfs1:/srv/images/web/private/10/3/var", "/var", "nfs", "rw," + NFS, null),
                new Mount("nfs1:/srv/images/web/var/lib/rpm", "/var/lib/rpm", "nfs", "ro," + NFS, null),
                new Mount("tmpfs", "/var/run", "tmpfs", "nosuid,nodev", "nfs1:/srv/images/web/var/run")), mounts);
    }

    @Test
    void underGaneshaEveryNfsSourceIsTheNodesPseudoPathAndTheRestIsUnchanged() {
        List<Mount> mounts = MountTable.of(shared("/srv/images/web", 10, 3, "10.0.0.3"), "nfs1", DEFAULT_OPTIONS, NFS,
                new io.sharedfs.exporter.ganesha.PseudoPaths("/sharedfs"));

        assertEquals(List.of(
                new Mount("nfs1:/sharedfs/10/3/image", "/", "nfs", "ro," + NFS, null),
                new Mount("nfs1:/sharedfs/10/3/private/custom", "/custom/node", "nfs", "rw," + NFS, null),
                new Mount("nfs1:/sharedfs/10/3/ve-custom", "/custom/ve", "nfs", "rw," + NFS, null),
                new Mount("nfs1:/sharedfs/10/3/private/etc", "/etc", "nfs", "rw," + NFS, null),
                new Mount("proc", "/proc", "proc", "nosuid,nodev,noexec", null),
                new Mount("nfs1:/sharedfs/10/3/private/tmp", "/tmp", "nfs", "rw," + NFS, null),
                new Mount("nfs1:/sharedfs/10/3/private/var", "/var", "nfs", "rw," + NFS, null),
                new Mount("nfs1:/sharedfs/10/3/image/var/lib/rpm", "/var/lib/rpm", "nfs", "ro," + NFS, null),
                new Mount("tmpfs", "/var/run", "tmpfs", "nosuid,nodev", "nfs1:/sharedfs/10/3/image/var/run")), mounts);
    }

    @Test
    void aNonSharedImageIsTheWholeRootReadWrite() {
        List<Mount> mounts = MountTable.of(nonShared("/srv/images/db", 20, 1, "10.0.2.1"), "fd00::1",
                DEFAULT_OPTIONS, NFS);

        assertEquals(List.of(
                new Mount("[fd00::1]:/srv/images/db", "/", "nfs", "rw," + NFS, null),
                new Mount("proc", "/proc", "proc", "nosuid,nodev,noexec", null),
                new Mount("tmpfs", "/var/run", "tmpfs", "nosuid,nodev", "[fd00::1]:/srv/images/db/var/run")), mounts);
    }

    @Test
    void aSharedSubdirOutsideThePrivateDirsNeedsNoMountOfItsOwn() {
        NodeFacts node = new NodeFacts(shared("/srv/images/web", 10, 3, "10.0.0.3").node(), "10.0.0.3",
                "/srv/images/web", true, List.of("/var"), List.of("/var/lib/rpm", "/opt/shared"), List.of());

        List<String> targets = MountTable.of(node, "nfs1", DEFAULT_OPTIONS, NFS).stream().map(Mount::target).toList();

        assertEquals(List.of("/", "/custom/node", "/custom/ve", "/proc", "/var", "/var/lib/rpm"), targets);
    }

    @Test
    void theFstabListsTheSameMountsWithTheirSeeds() {
        List<Mount> mounts = MountTable.of(shared("/srv/images/web", 10, 3, "10.0.0.3"), "nfs1", DEFAULT_OPTIONS, NFS);

        String fstab = MountTable.fstab(mounts, "node 10/3");

        assertEquals("""
                # node 10/3
                nfs1:/srv/images/web / nfs ro,nfsvers=3,proto=tcp,hard 0 0
                nfs1:/srv/images/web/private/10/3/custom /custom/node nfs rw,nfsvers=3,proto=tcp,hard 0 0
                nfs1:/srv/images/web/private/10/custom /custom/ve nfs rw,nfsvers=3,proto=tcp,hard 0 0
                nfs1:/srv/images/web/private/10/3/etc /etc nfs rw,nfsvers=3,proto=tcp,hard 0 0
                proc /proc proc nosuid,nodev,noexec 0 0
                nfs1:/srv/images/web/private/10/3/tmp /tmp nfs rw,nfsvers=3,proto=tcp,hard 0 0
                nfs1:/srv/images/web/private/10/3/var /var nfs rw,nfsvers=3,proto=tcp,hard 0 0
                nfs1:/srv/images/web/var/lib/rpm /var/lib/rpm nfs ro,nfsvers=3,proto=tcp,hard 0 0
                # /var/run: RAM dir, seed from nfs1:/srv/images/web/var/run
                tmpfs /var/run tmpfs nosuid,nodev 0 0
                """, fstab);
    }

    @Test
    void pathsAreOrderedParentsBeforeChildren() {
        List<String> sorted = new ArrayList<>(List.of("/var-x", "/var/lib", "/", "/var", "/v", "/var/lib/rpm"));
        sorted.sort(PathRules::compare);

        assertEquals(List.of("/", "/v", "/var", "/var/lib", "/var/lib/rpm", "/var-x"), sorted);
    }
}
