package io.sharedfs.image.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sharedfs.service.problem.Violation;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Every image rule, checked without a database: each broken rule is named with its field. */
class ImageRulesTest {

    private static final List<String> ONE_HOST = List.of("localhost");
    private static final String LONG_PATH = "/" + "a".repeat(ImageRules.MAX_PATH_BYTES - 1);

    // ---- valid drafts

    @Test
    void aDraftWithOnlyANameAndARootPathTakesTheDefaultsAndIsValid() {
        ImageDraft draft = new ImageDraft("web", "/srv/images/web", "localhost", false, null, null, null, null);

        assertEquals(List.of("/var", "/etc", "/tmp"), draft.privateDirs());
        assertEquals(List.of("/var/lib/rpm"), draft.sharedSubdirs());
        assertEquals(List.of("/var/run"), draft.ramDirs());
        assertEquals(List.of(), broken(draft));
    }

    @Test
    void aDraftWithOperatorDefinedDirectoriesIsValid() {
        assertEquals(List.of(), broken(valid(d -> {
            d.shared = true;
            d.privateDirs = List.of("/var", "/etc", "/tmp", "/srv/cache", "/customer", "/processes", "/privately");
            d.sharedSubdirs = List.of("/var/lib/rpm", "/etc/ssl/certs", "/srv/cache/shared");
            d.ramDirs = List.of("/var/run", "/var/lock", "/run");
            d.description = "d".repeat(ImageRules.MAX_DESCRIPTION);
        })));
    }

    @Test
    void emptyDirectoryListsAreValid() {
        assertEquals(List.of(), broken(valid(d -> {
            d.privateDirs = List.of();
            d.sharedSubdirs = List.of();
            d.ramDirs = List.of();
        })));
    }

    @ParameterizedTest
    @ValueSource(strings = {"a", "web", "Web-01", "img.v2_final", "0123456789", "-x-"})
    void namesOfLettersDigitsDotsUnderscoresAndDashesAreValid(String name) {
        assertEquals(List.of(), broken(valid(d -> d.name = name)));
    }

    @Test
    void aNameOf64CharactersIsValid() {
        assertEquals(List.of(), broken(valid(d -> d.name = "n".repeat(64))));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/srv/images/web", "/a", "/srv/.hidden", "/srv/..img", "/srv/img.", "/srv/web image",
        "/srv/ümlaut"})
    void absoluteNormalisedRootPathsAreValid(String rootPath) {
        assertEquals(List.of(), broken(valid(d -> d.rootPath = rootPath)));
    }

    @Test
    void aRootPathOfExactly4096BytesIsValid() {
        assertEquals(4096, LONG_PATH.length());
        assertEquals(List.of(), broken(valid(d -> d.rootPath = LONG_PATH)));
    }

    @Test
    void aKnownStorageHostIsValidAmongSeveral() {
        assertEquals(List.of(), ImageRules.check(valid(d -> d.storageHost = "nfs2"), List.of("nfs1", "nfs2")));
    }

    // ---- name

    @Test
    void aMissingOrEmptyNameIsRequired() {
        assertEquals(List.of("name:required"), broken(valid(d -> d.name = null)));
        assertEquals(List.of("name:required"), broken(valid(d -> d.name = "")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"web farm", "web/farm", "web:1", "ümlaut", "tab\there", " ", "a+b", "semi;colon"})
    void aNameWithOtherCharactersBreaksThePattern(String name) {
        assertEquals(List.of("name:pattern"), broken(valid(d -> d.name = name)));
    }

    @Test
    void aNameLongerThan64CharactersBreaksThePattern() {
        assertEquals(List.of("name:pattern"), broken(valid(d -> d.name = "n".repeat(65))));
    }

    // ---- rootPath

    static Stream<Arguments> badPaths() {
        return Stream.of(
                Arguments.of(null, "required"),
                Arguments.of("", "required"),
                Arguments.of("/srv/a\u0000b", "no-control-characters"),
                Arguments.of("/srv/a\nb", "no-control-characters"),
                Arguments.of("/srv/a\tb", "no-control-characters"),
                Arguments.of("/srv/a\u001fb", "no-control-characters"),
                Arguments.of("/srv/a\u007fb", "no-control-characters"),
                Arguments.of("/srv/a\u0085b", "no-control-characters"),
                Arguments.of("/srv/a\u009bb", "no-control-characters"),
                Arguments.of(LONG_PATH + "b", "max-length"),
                // 2,049 characters, but 4,097 bytes in UTF-8: the limit is in bytes.
                Arguments.of("/" + "é".repeat(2048), "max-length"),
                Arguments.of("srv/images/web", "absolute"),
                Arguments.of("./srv", "absolute"),
                Arguments.of("~/images", "absolute"),
                Arguments.of("/", "not-root"),
                Arguments.of("/srv/images/", "normalised"),
                Arguments.of("//srv", "normalised"),
                Arguments.of("/srv//images", "normalised"),
                Arguments.of("/srv/./images", "normalised"),
                Arguments.of("/srv/../images", "normalised"),
                Arguments.of("/srv/images/.", "normalised"),
                Arguments.of("/srv/images/..", "normalised"),
                Arguments.of("/..", "normalised"),
                Arguments.of("/.", "normalised"));
    }

    @ParameterizedTest
    @MethodSource("badPaths")
    void aBadRootPathIsNamedWithItsRule(String rootPath, String rule) {
        assertEquals(List.of("rootPath:" + rule), broken(valid(d -> d.rootPath = rootPath)));
    }

    @Test
    void aMultiByteRootPathWithinTheByteLimitIsValid() {
        assertEquals(List.of(), broken(valid(d -> d.rootPath = "/" + "é".repeat(2047) + "a")));
    }

    // ---- directory lists: the path rules, with the index of the bad entry

    @ParameterizedTest
    @MethodSource("badPaths")
    void aBadPrivateDirIsNamedWithItsIndexAndRule(String dir, String rule) {
        assertEquals(List.of("privateDirs[1]:" + rule),
                broken(valid(d -> d.privateDirs = Arrays.asList("/var", dir, "/etc"))));
    }

    @ParameterizedTest
    @MethodSource("badPaths")
    void aBadSharedSubdirIsNamedWithItsIndexAndRule(String dir, String rule) {
        assertEquals(List.of("sharedSubdirs[1]:" + rule),
                broken(valid(d -> d.sharedSubdirs = Arrays.asList("/var/lib/rpm", dir))));
    }

    @ParameterizedTest
    @MethodSource("badPaths")
    void aBadRamDirIsNamedWithItsIndexAndRule(String dir, String rule) {
        assertEquals(List.of("ramDirs[1]:" + rule),
                broken(valid(d -> d.ramDirs = Arrays.asList("/var/run", dir))));
    }

    static Stream<String> reserved() {
        return Stream.of("/proc", "/proc/sys", "/private", "/private/10/3", "/custom", "/custom/node", "/custom/ve");
    }

    @ParameterizedTest
    @MethodSource("reserved")
    void aPrivateDirInAReservedTreeIsRefused(String dir) {
        assertEquals(List.of("privateDirs[3]:not-reserved"),
                broken(valid(d -> d.privateDirs = List.of("/var", "/etc", "/tmp", dir))));
    }

    @ParameterizedTest
    @MethodSource("reserved")
    void aSharedSubdirInAReservedTreeIsRefused(String dir) {
        assertEquals(List.of("sharedSubdirs[0]:not-reserved"), broken(valid(d -> d.sharedSubdirs = List.of(dir))));
    }

    @ParameterizedTest
    @MethodSource("reserved")
    void aRamDirInAReservedTreeIsRefused(String dir) {
        assertEquals(List.of("ramDirs[1]:not-reserved"),
                broken(valid(d -> d.ramDirs = List.of("/var/run", dir))));
    }

    @Test
    void aDirectoryListedTwiceIsNamedAtItsSecondPlace() {
        assertEquals(List.of("privateDirs[2]:unique"),
                broken(valid(d -> d.privateDirs = List.of("/var", "/etc", "/var"))));
        assertEquals(List.of("sharedSubdirs[1]:unique"),
                broken(valid(d -> d.sharedSubdirs = List.of("/var/lib/rpm", "/var/lib/rpm"))));
        assertEquals(List.of("ramDirs[2]:unique"),
                broken(valid(d -> d.ramDirs = List.of("/var/run", "/var/lock", "/var/run"))));
    }

    @Test
    void everyBadEntryOfEveryListIsReported() {
        assertEquals(List.of("privateDirs[0]:absolute", "privateDirs[2]:not-reserved", "sharedSubdirs[0]:not-root",
                        "ramDirs[0]:normalised"),
                broken(valid(d -> {
                    d.privateDirs = List.of("var", "/etc", "/proc");
                    d.sharedSubdirs = List.of("/");
                    d.ramDirs = List.of("/var/run/");
                })));
    }

    // ---- relations between the lists

    @Test
    void aPrivateDirInsideAnotherIsRefusedWhicheverComesFirst() {
        assertEquals(List.of("privateDirs[3]:no-nesting"),
                broken(valid(d -> d.privateDirs = List.of("/var", "/etc", "/tmp", "/var/lib"))));
        assertEquals(List.of("privateDirs[0]:no-nesting"),
                broken(valid(d -> d.privateDirs = List.of("/var/lib", "/var", "/etc"))));
    }

    @Test
    void privateDirsThatOnlyShareANamePrefixDoNotNest() {
        assertEquals(List.of(), broken(valid(d -> d.privateDirs = List.of("/var", "/variable", "/etc", "/etcetera"))));
    }

    @Test
    void aSharedSubdirOutsideEveryPrivateDirIsRefused() {
        assertEquals(List.of("sharedSubdirs[1]:inside-private-dir"),
                broken(valid(d -> d.sharedSubdirs = List.of("/var/lib/rpm", "/usr/lib"))));
    }

    @Test
    void aSharedSubdirEqualToAPrivateDirIsNotStrictlyInsideIt() {
        assertEquals(List.of("sharedSubdirs[0]:inside-private-dir"),
                broken(valid(d -> d.sharedSubdirs = List.of("/var"))));
    }

    @Test
    void aSharedSubdirThatOnlySharesANamePrefixWithAPrivateDirIsNotInsideIt() {
        assertEquals(List.of("sharedSubdirs[0]:inside-private-dir"),
                broken(valid(d -> d.sharedSubdirs = List.of("/variable/lib"))));
    }

    @Test
    void aSharedSubdirNeedsAPrivateDirEvenWhenThereAreNone() {
        assertEquals(List.of("sharedSubdirs[0]:inside-private-dir"),
                broken(valid(d -> d.privateDirs = List.of())));
    }

    @Test
    void aRamDirThatIsAlsoASharedSubdirIsRefused() {
        assertEquals(List.of("ramDirs[1]:not-shared-subdir"),
                broken(valid(d -> d.ramDirs = List.of("/var/run", "/var/lib/rpm"))));
    }

    @Test
    void aRamDirInsideASharedSubdirIsAllowed() {
        assertEquals(List.of(), broken(valid(d -> d.ramDirs = List.of("/var/run", "/var/lib/rpm/cache"))));
    }

    // ---- description and storage host

    @Test
    void aDescriptionLongerThan2000CharactersIsRefused() {
        assertEquals(List.of("description:max-length"),
                broken(valid(d -> d.description = "d".repeat(ImageRules.MAX_DESCRIPTION + 1))));
    }

    @Test
    void anUnknownStorageHostIsRefused() {
        assertEquals(List.of("storageHost:known-storage-host"), broken(valid(d -> d.storageHost = "nfs9")));
        assertEquals(List.of("storageHost:known-storage-host"),
                ImageRules.check(valid(d -> d.storageHost = "nfs9"), List.of("nfs1", "nfs2")).stream()
                        .map(ImageRulesTest::named).toList());
    }

    @Test
    void aStorageHostIsRequiredWhenSeveralAreConfigured() {
        for (String missing : Arrays.asList(null, "", "  ")) {
            List<Violation> violations = ImageRules.check(valid(d -> d.storageHost = missing), List.of("nfs1", "nfs2"));
            assertEquals(List.of("storageHost:required"), violations.stream().map(ImageRulesTest::named).toList());
            assertTrue(violations.get(0).message().contains("nfs1"), violations.get(0).message());
        }
    }

    // ---- several broken rules

    @Test
    void everyBrokenRuleIsReportedInFieldOrderWithAMessageNamingTheField() {
        List<Violation> violations = ImageRules.check(new ImageDraft("bad name", "relative", "nfs9", false,
                List.of("/proc"), List.of(), List.of(), "d".repeat(ImageRules.MAX_DESCRIPTION + 1)), ONE_HOST);

        assertEquals(List.of("name:pattern", "rootPath:absolute", "storageHost:known-storage-host",
                "privateDirs[0]:not-reserved", "description:max-length"),
                violations.stream().map(ImageRulesTest::named).toList());
        for (Violation violation : violations) {
            assertTrue(violation.message().contains(violation.field()), violation.toString());
        }
    }

    @Test
    void relationsAreNotJudgedWhileAListHasABadEntry() {
        assertEquals(List.of("privateDirs[1]:absolute"),
                broken(valid(d -> d.privateDirs = List.of("/etc", "var"))));
    }

    // ---- path helpers used for root path overlaps

    @Test
    void insideMeansStrictlyBelowAWholeSegment() {
        assertTrue(ImageRules.inside("/srv/a/b", "/srv/a"));
        assertFalse(ImageRules.inside("/srv/a", "/srv/a"));
        assertFalse(ImageRules.inside("/srv/ab", "/srv/a"));
        assertFalse(ImageRules.inside("/srv", "/srv/a"));
    }

    @Test
    void pathsOverlapWhenEqualOrNestedInEitherDirection() {
        assertTrue(ImageRules.overlap("/srv/a", "/srv/a"));
        assertTrue(ImageRules.overlap("/srv/a", "/srv/a/b"));
        assertTrue(ImageRules.overlap("/srv/a/b", "/srv/a"));
        assertFalse(ImageRules.overlap("/srv/a", "/srv/ab"));
        assertFalse(ImageRules.overlap("/srv/a/b", "/srv/a/c"));
    }

    // ---- helpers

    private static List<String> broken(ImageDraft draft) {
        return ImageRules.check(draft, ONE_HOST).stream().map(ImageRulesTest::named).toList();
    }

    private static String named(Violation violation) {
        return violation.field() + ":" + violation.rule();
    }

    private static ImageDraft valid(Consumer<Fields> change) {
        Fields fields = new Fields();
        change.accept(fields);
        return fields.draft();
    }

    /** A valid draft's fields, for a test to break one. */
    private static final class Fields {
        String name = "web";
        String rootPath = "/srv/images/web";
        String storageHost = "localhost";
        boolean shared;
        List<String> privateDirs = new ArrayList<>(ImageDraft.DEFAULT_PRIVATE_DIRS);
        List<String> sharedSubdirs = new ArrayList<>(ImageDraft.DEFAULT_SHARED_SUBDIRS);
        List<String> ramDirs = new ArrayList<>(ImageDraft.DEFAULT_RAM_DIRS);
        String description;

        ImageDraft draft() {
            return new ImageDraft(name, rootPath, storageHost, shared, privateDirs, sharedSubdirs, ramDirs, description);
        }
    }
}
