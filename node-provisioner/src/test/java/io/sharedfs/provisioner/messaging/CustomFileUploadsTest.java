package io.sharedfs.provisioner.messaging;

import static io.sharedfs.provisioner.TestCustomizations.upload;
import static io.sharedfs.provisioner.TestCustomizations.uploadAnswersUntil;
import static io.sharedfs.provisioner.TestCustomizations.writeFailed;
import static io.sharedfs.provisioner.TestCustomizations.written;
import static io.sharedfs.provisioner.TestNodes.HOST;
import static io.sharedfs.provisioner.TestNodes.added;
import static io.sharedfs.provisioner.TestNodes.exists;
import static io.sharedfs.provisioner.TestNodes.tree;
import static io.sharedfs.provisioner.TestNodes.untilOutcome;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.sharedfs.contracts.SharedfsMessage;
import io.sharedfs.contracts.customization.CustomFileUploaded;
import io.sharedfs.contracts.customization.CustomFileWriteFailed;
import io.sharedfs.contracts.customization.CustomFileWritten;
import io.sharedfs.contracts.node.ImageRef;
import io.sharedfs.provisioner.TestCustomizations;
import io.sharedfs.provisioner.TestNodes;
import io.sharedfs.testsupport.SharedfsInfrastructure;
import io.sharedfs.testsupport.TestEvents;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * CustomFileUploaded for this storage host's image is written into the VE's or node's custom dir
 * and confirmed; a revision older than one received is ignored; a node's file waits for its tree;
 * content that does not match its checksum, or a target that is not a file, is answered with why.
 */
@QuarkusTest
@WithTestResource(SharedfsInfrastructure.class)
class CustomFileUploadsTest {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String kafka;

    @Test
    void aVesUploadIsWrittenIntoItsCustomDirAndConfirmed() throws Exception {
        long ve = TestNodes.nextVe();
        Path root = TestCustomizations.imageWithCrontab("upload-ve");
        ImageRef ref = TestNodes.ref(root, true);
        CustomFileUploaded upload = upload(ve, null, "/etc/crontab", 1, "# jobs of the VE\n", ref);

        TestEvents.publish(kafka, upload);

        Path file = root.resolve("private/" + ve + "/custom/etc/crontab");
        assertEquals(new CustomFileWritten(ve, null, "/etc/crontab", 1, upload.sha256(), HOST, file.toString()),
                written(kafka, ve, "/etc/crontab", 1));
        assertEquals("# jobs of the VE\n", Files.readString(file));
    }

    @Test
    void anOlderRevisionArrivingAfterANewerOneIsIgnored() throws Exception {
        long ve = TestNodes.nextVe();
        Path root = TestCustomizations.imageWithCrontab("upload-stale");
        ImageRef ref = TestNodes.ref(root, true);
        TestEvents.publish(kafka, upload(ve, null, "/etc/crontab", 2, "# revision 2\n", ref));
        written(kafka, ve, "/etc/crontab", 2);

        TestEvents.publish(kafka, upload(ve, null, "/etc/crontab", 1, "# revision 1\n", ref));
        TestEvents.publish(kafka, upload(ve, null, "/etc/crontab", 2, "# revision 2 again\n", ref));
        // Same VE, same key, same partition: once this one is answered, the two above were consumed.
        TestEvents.publish(kafka, upload(ve, null, "/etc/marker", 1, "marker\n", ref));

        List<SharedfsMessage> answers = uploadAnswersUntil(kafka, ve,
                m -> m instanceof CustomFileWritten w && w.veId() == ve && w.path().equals("/etc/marker"));
        assertEquals(List.of(2L), answers.stream().filter(m -> m instanceof CustomFileWritten w
                && w.path().equals("/etc/crontab")).map(m -> ((CustomFileWritten) m).revision()).toList());
        assertEquals(1, answers.stream().filter(m -> m instanceof CustomFileWritten w
                && w.path().equals("/etc/marker")).count());
        assertEquals(2, answers.size(), "nothing else: " + answers);
        assertEquals("# revision 2\n", Files.readString(root.resolve("private/" + ve + "/custom/etc/crontab")));
    }

    @Test
    void aNodesUploadBeforeItsTreeExistsIsWrittenOnceTheTreeIsBuilt() throws Exception {
        long ve = TestNodes.nextVe();
        Path root = TestCustomizations.imageWithCrontab("upload-pending");
        ImageRef ref = TestNodes.ref(root, true);
        CustomFileUploaded upload = upload(ve, 1L, "/etc/hostname", 3, "n1.example.net\n", ref);
        TestEvents.publish(kafka, upload);
        TestEvents.publish(kafka, upload(ve, null, "/etc/marker", 1, "marker\n", ref));
        List<SharedfsMessage> before = uploadAnswersUntil(kafka, ve,
                m -> m instanceof CustomFileWritten w && w.veId() == ve && w.path().equals("/etc/marker"));
        assertEquals(1, before.size(), "nothing about the node's file yet: " + before);
        assertFalse(exists(tree(root, ve, 1)), "no tree made for it: the provisioner's rename must find none");

        TestEvents.publish(kafka, added(ve, 1, 1, ref));
        untilOutcome(kafka, ve, 1, 1);

        Path file = tree(root, ve, 1).resolve("custom/etc/hostname");
        assertEquals(new CustomFileWritten(ve, 1L, "/etc/hostname", 3, upload.sha256(), HOST, file.toString()),
                written(kafka, ve, "/etc/hostname", 3));
        assertEquals("n1.example.net\n", Files.readString(file));
        assertEquals("node\n", Files.readString(tree(root, ve, 1).resolve("etc/hostname")), "the private copy is untouched");
    }

    @Test
    void contentNotMatchingItsChecksumIsNotWrittenAndTheAnswerSaysWhy() throws Exception {
        long ve = TestNodes.nextVe();
        Path root = TestCustomizations.imageWithCrontab("upload-checksum");
        ImageRef ref = TestNodes.ref(root, true);
        String wrong = "0".repeat(64);

        TestEvents.publish(kafka, new CustomFileUploaded(ve, null, "/etc/crontab", 1, wrong,
                Base64.getEncoder().encodeToString("# jobs\n".getBytes(StandardCharsets.UTF_8)), ref));

        CustomFileWriteFailed failed = writeFailed(kafka, ve, "/etc/crontab", 1);
        assertEquals("the uploaded content's SHA-256 is " + TestCustomizations.sha256("# jobs\n".getBytes(
                StandardCharsets.UTF_8)) + ", not " + wrong + " as announced; nothing was written", failed.reason());
        assertEquals(HOST, failed.storageHost());
        assertFalse(exists(root.resolve("private/" + ve + "/custom/etc/crontab")));
    }

    @Test
    void aDirectoryInTheWayIsNotReplacedAndTheAnswerSaysWhy() throws Exception {
        long ve = TestNodes.nextVe();
        Path root = TestCustomizations.imageWithCrontab("upload-directory");
        ImageRef ref = TestNodes.ref(root, true);
        Path target = root.resolve("private/" + ve + "/custom/etc/crontab");
        Files.createDirectories(target);

        TestEvents.publish(kafka, upload(ve, null, "/etc/crontab", 1, "# jobs\n", ref));

        assertEquals(new CustomFileWriteFailed(ve, null, "/etc/crontab", 1, HOST, target
                + " is a directory; the uploaded content can only replace a regular file"),
                writeFailed(kafka, ve, "/etc/crontab", 1));
        assertEquals(true, Files.isDirectory(target));
    }
}
