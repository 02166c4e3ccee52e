package io.sharedfs.exporter.exports;

import static io.sharedfs.exporter.exports.Tables.nonShared;
import static io.sharedfs.exporter.exports.Tables.shared;
import static io.sharedfs.exporter.exports.Tables.table;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The exports file is a stable function of the table. */
class ExportsRendererTest {

    @Test
    void theFileHasAHeaderAndOneBlockPerNode() {
        String file = ExportsRenderer.render(table(shared("/srv/images/web", 10, 3, "10.0.0.3"),
                nonShared("/srv/images/db", 20, 1, "fd00::21")));

        assertEquals("""
                # sharedfs export table of storage host nfs1, generation 7
                # Written by nfs-exporter from its database; edits here are overwritten.

                # node 20/1 fd00::21 non-shared image /srv/images/db
                /srv/images/db fd00::21(rw,sync,no_root_squash,subtree_check,secure)

                # node 10/3 10.0.0.3 shared image /srv/images/web
                /srv/images/web 10.0.0.3(ro,root_squash,subtree_check,secure)
                /srv/images/web/private/10/3/etc 10.0.0.3(rw,sync,no_root_squash,subtree_check,secure)
                /srv/images/web/private/10/3/tmp 10.0.0.3(rw,sync,no_root_squash,subtree_check,secure)
                /srv/images/web/private/10/3/var 10.0.0.3(rw,sync,no_root_squash,subtree_check,secure)
                /srv/images/web/private/10/3/custom 10.0.0.3(rw,sync,no_root_squash,subtree_check,secure)
                /srv/images/web/private/10/custom 10.0.0.3(rw,sync,root_squash,subtree_check,secure)
                """, file);
    }

    @Test
    void anEmptyTableIsJustTheHeader() {
        assertEquals("""
                # sharedfs export table of storage host nfs1, generation 7
                # Written by nfs-exporter from its database; edits here are overwritten.
                """, ExportsRenderer.render(table()));
    }
}
