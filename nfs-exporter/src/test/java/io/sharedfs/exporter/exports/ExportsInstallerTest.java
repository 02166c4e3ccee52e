package io.sharedfs.exporter.exports;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The file is replaced atomically and put back when the apply command refuses it. */
class ExportsInstallerTest {

    @TempDir
    Path dir;

    @Test
    void theNewFileReplacesTheOldAndNoTemporaryFileIsLeft() throws IOException {
        Files.writeString(dir.resolve("sharedfs.exports"), "old\n");

        ExportsInstaller.Outcome outcome = installer("true").install("new\n");

        assertEquals(ExportsInstaller.Result.APPLIED, outcome.result());
        assertEquals("new\n", Files.readString(dir.resolve("sharedfs.exports")));
        assertEquals("rw-r--r--", PosixFilePermissions.toString(
                Files.getPosixFilePermissions(dir.resolve("sharedfs.exports"))));
        assertEquals(List.of("sharedfs.exports"), names());
    }

    @Test
    void aMissingExportsDirectoryIsCreated() throws IOException {
        Path exportsDir = dir.resolve("exports.d");

        ExportsInstaller.Outcome outcome = new ExportsInstaller(exportsDir, "sharedfs.exports",
                ApplyCommand.parse("true", Duration.ofSeconds(10))).install("new\n");

        assertTrue(outcome.succeeded(), outcome.message());
        assertEquals("new\n", Files.readString(exportsDir.resolve("sharedfs.exports")));
    }

    @Test
    void aRefusedFileIsReplacedByThePreviousOneWhichIsAppliedAgain() throws IOException {
        Files.writeString(dir.resolve("sharedfs.exports"), "old\n");
        Path runs = dir.resolve("runs");
        // Refuses a file holding "bad", accepts anything else, and records what it saw.
        Path file = dir.resolve("sharedfs.exports");
        String script = "cat " + file + " >> " + runs + "; if grep -q bad " + file
                + "; then echo 'exportfs: unknown keyword \"bad\"' >&2; exit 1; fi";
        Files.writeString(dir.resolve("apply.sh"), script);

        ExportsInstaller.Outcome outcome = installer("sh " + dir.resolve("apply.sh")).install("bad\n");

        assertEquals(ExportsInstaller.Result.FAILED, outcome.result());
        assertTrue(outcome.message().contains("exited with 1: exportfs: unknown keyword \"bad\""), outcome.message());
        assertTrue(outcome.message().endsWith("the previous file was restored and applied again"), outcome.message());
        assertEquals("old\n", Files.readString(dir.resolve("sharedfs.exports")));
        assertEquals("bad\nold\n", Files.readString(runs));
    }

    @Test
    void aRefusedFirstFileIsRemoved() throws IOException {
        ExportsInstaller.Outcome outcome = installer("false").install("new\n");

        assertFalse(outcome.succeeded());
        assertTrue(outcome.message().contains("the new file was removed"), outcome.message());
        assertEquals(List.of(), names());
    }

    @Test
    void aCommandThatHangsIsKilledWithItsChildrenAndTheRunFails() throws IOException {
        Path pidFile = dir.resolve("child.pid");
        Files.writeString(dir.resolve("hang.sh"), "sleep 600 & echo $! > " + pidFile + "; wait");
        ExportsInstaller installer = new ExportsInstaller(dir, "sharedfs.exports",
                ApplyCommand.parse("sh " + dir.resolve("hang.sh"), Duration.ofMillis(500)));

        ExportsInstaller.Outcome outcome = installer.install("new\n");

        assertFalse(outcome.succeeded());
        assertTrue(outcome.message().contains("did not finish within"), outcome.message());
        long child = Long.parseLong(Files.readString(pidFile).trim());
        await().atMost(Duration.ofSeconds(10)).until(() -> gone(child));
    }

    /** Ended: no such process, or a zombie its new parent has not reaped yet. */
    private static boolean gone(long pid) throws IOException {
        Path stat = Path.of("/proc/" + pid + "/stat");
        if (!Files.exists(stat)) {
            return true;
        }
        String text = Files.readString(stat);
        return text.substring(text.lastIndexOf(')') + 2).startsWith("Z");
    }

    @Test
    void skipWritesTheFileAndRunsNothing() throws IOException {
        ExportsInstaller.Outcome outcome = installer("skip").install("new\n");

        assertEquals(ExportsInstaller.Result.SKIPPED, outcome.result());
        assertEquals("new\n", Files.readString(dir.resolve("sharedfs.exports")));
    }

    @Test
    void anExportsFileThatIsASymbolicLinkIsNotWrittenThrough() throws IOException {
        Path elsewhere = Files.writeString(dir.resolve("elsewhere"), "keep\n");
        Files.createSymbolicLink(dir.resolve("sharedfs.exports"), elsewhere);

        ExportsInstaller.Outcome outcome = installer("true").install("new\n");

        assertFalse(outcome.succeeded());
        assertTrue(outcome.message().contains("symbolic link"), outcome.message());
        assertEquals("keep\n", Files.readString(elsewhere));
    }

    @Test
    void aCommandThatCannotStartFailsTheRunWithTheReason() {
        ExportsInstaller.Outcome outcome = installer("/nonexistent/exportfs -ra").install("new\n");

        assertFalse(outcome.succeeded());
        assertTrue(outcome.message().startsWith("cannot run /nonexistent/exportfs -ra"), outcome.message());
    }

    private ExportsInstaller installer(String command) {
        return new ExportsInstaller(dir, "sharedfs.exports", ApplyCommand.parse(command, Duration.ofSeconds(10)));
    }

    private List<String> names() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(path -> path.getFileName().toString())
                    .filter(name -> !name.endsWith(".sh") && !name.equals("runs")).sorted().toList();
        }
    }
}
