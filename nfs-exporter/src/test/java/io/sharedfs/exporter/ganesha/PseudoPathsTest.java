package io.sharedfs.exporter.ganesha;

import static io.sharedfs.exporter.ganesha.GaneshaTables.PSEUDO;
import static io.sharedfs.exporter.ganesha.GaneshaTables.shared;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.sharedfs.exporter.exports.NodeFacts;
import org.junit.jupiter.api.Test;

/** A node's exports sit side by side under its own pseudo directory; paths outside them have no name. */
class PseudoPathsTest {

    private static final NodeFacts NODE = shared("/srv/images/web", 10, 3, "10.0.0.3");

    @Test
    void eachKindOfPathHasItsOwnPlace() {
        assertEquals("/sharedfs/10/3/image", PSEUDO.of(NODE, "/srv/images/web"));
        assertEquals("/sharedfs/10/3/image/var/lib/rpm", PSEUDO.of(NODE, "/srv/images/web/var/lib/rpm"));
        assertEquals("/sharedfs/10/3/private/var", PSEUDO.of(NODE, "/srv/images/web/private/10/3/var"));
        assertEquals("/sharedfs/10/3/private/custom", PSEUDO.of(NODE, "/srv/images/web/private/10/3/custom"));
        assertEquals("/sharedfs/10/3/ve-custom", PSEUDO.of(NODE, "/srv/images/web/private/10/custom"));
    }

    @Test
    void aPrefixThatIsNoParentIsNotMistakenForOne() {
        assertEquals("/sharedfs/10/3/image/private/10/30/var", PSEUDO.of(NODE, "/srv/images/web/private/10/30/var"));
        assertThrows(IllegalArgumentException.class, () -> PSEUDO.of(NODE, "/srv/images/webx"));
        assertThrows(IllegalArgumentException.class, () -> PSEUDO.of(NODE, "/etc"));
    }
}
