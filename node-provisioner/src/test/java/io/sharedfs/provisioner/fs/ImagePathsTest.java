package io.sharedfs.provisioner.fs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Every path is computed from positive numeric ids and normalised node-view paths, and stays under the image root. */
class ImagePathsTest {

    private final ImagePaths image = paths("/srv/images/web");

    @Test
    void pathsFollowTheSpecLayout() throws Exception {
        assertEquals(Path.of("/srv/images/web/private"), image.privateRoot());
        assertEquals(Path.of("/srv/images/web/private/10"), image.veDir(10));
        assertEquals(Path.of("/srv/images/web/private/10/custom"), image.veCustom(10));
        assertEquals(Path.of("/srv/images/web/private/10/init_vem"), image.hook(10));
        assertEquals(Path.of("/srv/images/web/private/10/3"), image.nodeTree(10, 3));
        assertEquals(Path.of("/srv/images/web/var/lib/rpm"), image.inImage("/var/lib/rpm"));
    }

    @Test
    void idsArePositiveNumbers() {
        assertThrows(IllegalArgumentException.class, () -> image.veDir(0));
        assertThrows(IllegalArgumentException.class, () -> image.nodeTree(10, -1));
    }

    @Test
    void nodeViewPathsMustBeAbsoluteNormalisedAndNotTheRoot() {
        assertEquals("'var' is not an absolute directory path",
                assertThrows(UnsafeTreeException.class, () -> image.inImage("var")).getMessage());
        assertEquals("'/' is not an absolute directory path",
                assertThrows(UnsafeTreeException.class, () -> image.inImage("/")).getMessage());
        assertEquals("'/var/../../etc' is not normalised",
                assertThrows(UnsafeTreeException.class, () -> image.inImage("/var/../../etc")).getMessage());
        assertEquals("'/../etc' is not normalised",
                assertThrows(UnsafeTreeException.class, () -> image.inImage("/../etc")).getMessage());
    }

    @Test
    void linkChecksOnlyApplyInsideTheImage() {
        assertEquals("/etc/passwd is not inside the image /srv/images/web",
                assertThrows(UnsafeTreeException.class, () -> image.requireNoLinks(Path.of("/etc/passwd")))
                        .getMessage());
    }

    @Test
    void theRootMustBeAbsoluteAndNormalised() {
        assertThrows(UnsafeTreeException.class, () -> ImagePaths.of("srv/images/web"));
        assertThrows(UnsafeTreeException.class, () -> ImagePaths.of("/srv/images/../web"));
        assertThrows(UnsafeTreeException.class, () -> ImagePaths.of("/"));
    }

    private static ImagePaths paths(String root) {
        try {
            return ImagePaths.of(root);
        } catch (UnsafeTreeException e) {
            throw new IllegalStateException(e);
        }
    }
}
