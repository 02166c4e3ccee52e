package io.sharedfs.exporter.ganesha;

import static io.sharedfs.exporter.ganesha.GaneshaTables.PSEUDO;
import static io.sharedfs.exporter.ganesha.GaneshaTables.shared;
import static io.sharedfs.exporter.ganesha.GaneshaTables.table;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sharedfs.exporter.exports.ExportKind;
import io.sharedfs.exporter.exports.ExportLine;
import io.sharedfs.exporter.exports.ExportOptions;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Each line of the table becomes one EXPORT block that grants only its one client what the line says. */
class GaneshaExportTest {

    @Test
    void theImageRootIsReadOnlyRootSquashedOnAPrivilegedPortToItsNodeAlone() {
        GaneshaExport image = plan().desired().get(0);

        assertEquals("""
                # node 10/3: IMAGE_ROOT, /srv/images/web 10.0.0.3(ro,root_squash,subtree_check,secure)
                EXPORT {
                \tExport_Id = 1000;
                \tPath = "/srv/images/web";
                \tPseudo = "/sharedfs/10/3/image";
                \tProtocols = 3, 4;
                \tTransports = TCP;
                \tSecType = sys;
                \tAccess_Type = None;
                \tSquash = Root_Squash;
                \tFSAL { Name = VFS; }
                \tCLIENT {
                \t\tClients = 10.0.0.3;
                \t\tAccess_Type = RO;
                \t\tSquash = Root_Squash;
                \t\tPrivilegedPort = true;
                \t}
                }
                """, image.block());
    }

    @Test
    void aNodesPrivateDirsAreReadWriteWithoutSquashAndItsVesCustomDirIsSquashed() {
        List<GaneshaExport> exports = plan().desired();

        GaneshaExport var = exports.stream().filter(e -> e.line().path().endsWith("/private/10/3/var")).findFirst()
                .orElseThrow();
        GaneshaExport veCustom = exports.stream().filter(e -> e.line().kind() == ExportKind.VE_CUSTOM).findFirst()
                .orElseThrow();
        assertEquals("/sharedfs/10/3/private/var", var.pseudo());
        assertTrue(var.block().contains("\t\tAccess_Type = RW;\n\t\tSquash = No_Root_Squash;\n"), var.block());
        assertEquals("/sharedfs/10/3/ve-custom", veCustom.pseudo());
        assertTrue(veCustom.block().contains("\t\tAccess_Type = RW;\n\t\tSquash = Root_Squash;\n"), veCustom.block());
    }

    @Test
    void anonymousIdsAreWrittenByValue() {
        ExportLine line = new ExportLine("/srv/images/web", "10.0.0.3",
                ExportOptions.parse("ro,root_squash,anonuid=00,anongid=0065534,subtree_check", "test"),
                ExportKind.IMAGE_ROOT);

        String block = new GaneshaExport(1000, line, "/sharedfs/10/3/image", "10/3").block();

        assertTrue(block.contains("Anonymous_Uid = 0;"), block);
        assertTrue(block.contains("Anonymous_Gid = 65534;"), block);
    }

    @Test
    void aQuoteCannotReachABlock() {
        ExportLine line = new ExportLine("/srv/images/web\";", "10.0.0.3", ExportOptions.parse("ro", "test"),
                ExportKind.IMAGE_ROOT);

        assertThrows(IllegalArgumentException.class,
                () -> new GaneshaExport(1000, line, "/sharedfs/10/3/image", "10/3").block());
    }

    @Test
    void theDigestFollowsTheBlock() {
        GaneshaExport image = plan().desired().get(0);
        ExportLine writable = new ExportLine(image.line().path(), image.line().client(),
                ExportOptions.parse("rw,root_squash,subtree_check,secure", "test"), ExportKind.IMAGE_ROOT);

        assertEquals(image.digest(), new GaneshaExport(image.id(), image.line(), image.pseudo(), image.node()).digest());
        assertTrue(!image.digest().equals(new GaneshaExport(image.id(), writable, image.pseudo(), "10/3").digest()));
    }

    private static GaneshaPlan plan() {
        return GaneshaPlan.of(GaneshaState.EMPTY, table(1, shared("/srv/images/web", 10, 3, "10.0.0.3")), Set.of(0),
                PSEUDO, 1000);
    }
}
