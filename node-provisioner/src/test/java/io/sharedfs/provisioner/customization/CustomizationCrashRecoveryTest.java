package io.sharedfs.provisioner.customization;

import static io.sharedfs.provisioner.customization.CustomizedImage.CRONTAB;
import static io.sharedfs.provisioner.customization.CustomizedImage.attributes;
import static io.sharedfs.provisioner.customization.CustomizedImage.link;
import static io.sharedfs.provisioner.customization.CustomizedImage.read;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sharedfs.contracts.customization.CustomizationScope;
import io.sharedfs.contracts.node.NodeRef;
import io.sharedfs.provisioner.fs.TreeSnapshot;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A run killed after any step is simply run again from the first step: it converges on the disk an
 * uninterrupted run makes, with no second copy, no copy overwritten and the original unchanged.
 */
class CustomizationCrashRecoveryTest {

    private static final UUID ID = UUID.fromString("7e57c0de-0000-4000-8000-000000000009");

    @Test
    void originalSavedButNothingElseThenTheRunAgainMakesWhatAnUninterruptedRunMakes() throws Exception {
        CustomizedImage crashed = CustomizedImage.create("crash-after-original");
        CustomizedImage clean = CustomizedImage.create("crash-reference");
        CustomizationFs interrupted = crashed.fs(ID, "/etc/crontab", CustomizationScope.VE);
        interrupted.check();
        interrupted.saveOriginal();

        Result again = applyAll(crashed.fs(ID, "/etc/crontab", CustomizationScope.VE));
        Result reference = applyAll(clean.fs(ID, "/etc/crontab", CustomizationScope.VE));

        assertEquals(reference, again);
        assertEquals(relativeSnapshot(clean), relativeSnapshot(crashed), "the same disk, entry by entry");
    }

    @Test
    void copiesPartlyMadeAndOneReplacedByAnUploadThenTheRunAgainOverwritesNothing() throws Exception {
        CustomizedImage image = CustomizedImage.create("crash-during-copies");
        CustomizationFs first = image.fs(ID, "/etc/crontab", CustomizationScope.VE);
        first.check();
        first.saveOriginal();
        first.ensureVeCopy(10);
        Files.writeString(image.veCustom(10).resolve("etc/crontab"), "# VE 10 uploaded this meanwhile\n");

        Result again = applyAll(image.fs(ID, "/etc/crontab", CustomizationScope.VE));

        assertEquals(List.of(10L, 20L), again.copies().veCopies());
        assertEquals("# VE 10 uploaded this meanwhile\n", read(image.veCustom(10).resolve("etc/crontab")));
        assertEquals(CRONTAB, read(image.veCustom(20).resolve("etc/crontab")));
    }

    @Test
    void linkMadeButNotRecordedThenTheRunAgainReportsTheSameAndChangesNothing() throws Exception {
        CustomizedImage image = CustomizedImage.create("crash-after-link");
        Files.writeString(image.tree(20, 1).resolve("etc/crontab"), "# changed on node 20/1\n");
        Result first = applyAll(image.fs(ID, "/etc/crontab", CustomizationScope.VE));
        Map<String, TreeSnapshot.Entry> after = image.snapshot();
        String originalAttributes = attributes(image.fs(ID, "/etc/crontab", CustomizationScope.VE).original());

        Result again = applyAll(image.fs(ID, "/etc/crontab", CustomizationScope.VE));

        assertEquals(first, again, "the link already there passes the check; linked nodes are still linked");
        assertEquals(List.of(new NodeRef(10, 1), new NodeRef(10, 2)), again.linking().linkedNodes());
        assertEquals(List.of(new NodeRef(20, 1)), again.linking().keptLocalChanges());
        assertEquals(after, image.snapshot(), "not one entry changed");
        assertEquals(originalAttributes, attributes(image.fs(ID, "/etc/crontab", CustomizationScope.VE).original()));
    }

    @Test
    void someNodesLinkedThenTheRunAgainLinksTheRestAndListsThemAll() throws Exception {
        CustomizedImage image = CustomizedImage.create("crash-during-linking");
        CustomizationFs first = image.fs(ID, "/etc/crontab", CustomizationScope.NODE);
        first.check();
        first.saveOriginal();
        first.copy();
        first.link();
        first.linkNewNode(10, 1);

        Result again = applyAll(image.fs(ID, "/etc/crontab", CustomizationScope.NODE));

        assertEquals(List.of(new NodeRef(10, 1), new NodeRef(10, 2), new NodeRef(20, 1)), again.linking().linkedNodes());
        assertEquals(List.of(new NodeRef(10, 1), new NodeRef(10, 2), new NodeRef(20, 1)), again.copies().nodeCopies());
    }

    @Test
    void aTemporaryLinkOrCopyLeftBesideTheImagesFileIsReplacedAndGone() throws Exception {
        CustomizedImage image = CustomizedImage.create("crash-leftover-temp");
        Path tempLink = image.inImage("/etc/.crontab.sharedfs-" + ID);
        Files.createSymbolicLink(tempLink, Path.of("/custom/ve/etc/crontab"));
        UUID shared = UUID.randomUUID();
        Path tempCopy = image.root.resolve("custom/var/lib/app/.shared.conf.sharedfs-" + shared);
        Files.createDirectories(tempCopy.getParent());
        Files.writeString(tempCopy, "half a cop");

        applyAll(image.fs(ID, "/etc/crontab", CustomizationScope.VE));
        applyAll(image.fs(shared, "/var/lib/app/shared.conf", CustomizationScope.ALL));

        assertFalse(CustomizedImage.exists(tempLink));
        assertFalse(CustomizedImage.exists(tempCopy));
        assertEquals("/custom/ve/etc/crontab", link(image.inImage("/etc/crontab")));
        assertEquals(CustomizedImage.SHARED_CONF, read(image.root.resolve("custom/var/lib/app/shared.conf")));
    }

    @Test
    void aScratchFileOfAKilledRunIsRemovedAtTheNextStart() throws Exception {
        CustomizedImage image = CustomizedImage.create("crash-scratch");
        applyAll(image.fs(ID, "/etc/crontab", CustomizationScope.VE));
        Path leftover = Scratch.location(image.paths).resolve("0badc0de-17");
        Files.writeString(leftover, "a copy a killed run was making");

        Scratch.clean(image.paths);

        assertFalse(CustomizedImage.exists(leftover));
        assertTrue(Files.isDirectory(Scratch.location(image.paths)));
    }

    /** Everything a run reports. */
    private record Result(CustomizationFs.Copies copies, CustomizationFs.Linking linking) {
    }

    private static Result applyAll(CustomizationFs fs) throws Exception {
        fs.check();
        fs.saveOriginal();
        CustomizationFs.Copies copies = fs.copy();
        fs.link();
        return new Result(copies, fs.linkExistingNodes());
    }

    /** The image's entries, except times (two images made at different moments). */
    private static Map<String, String> relativeSnapshot(CustomizedImage image) {
        Map<String, String> entries = new java.util.TreeMap<>();
        TreeSnapshot.of(image.root).forEach((path, entry) -> entries.put(path, entry.kind() + " " + entry.mode() + " "
                + entry.uid() + ":" + entry.gid() + " " + entry.content() + " "
                + (entry.linkTarget() == null || entry.linkTarget().startsWith("/custom") ? entry.linkTarget() : "link")));
        return entries;
    }
}
