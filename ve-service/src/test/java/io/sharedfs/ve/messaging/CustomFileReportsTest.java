package io.sharedfs.ve.messaging;

import static io.sharedfs.ve.Bus.publishAndAwait;
import static io.sharedfs.ve.Files.put;
import static io.sharedfs.ve.Files.utf8;
import static io.sharedfs.ve.Files.writeFailed;
import static io.sharedfs.ve.Files.written;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.sharedfs.contracts.customization.CustomFileWritten;
import io.sharedfs.testsupport.SharedfsInfrastructure;
import io.sharedfs.ve.Api;
import io.sharedfs.ve.Bus;
import io.sharedfs.ve.CustomizedVe;
import io.sharedfs.ve.Files;
import io.sharedfs.ve.Images;
import io.sharedfs.ve.TestDb;
import io.sharedfs.ve.TestIds;
import org.junit.jupiter.api.Test;

/** What the storage host reports about writing an uploaded file shows in its view, for its current revision only. */
@QuarkusTest
@WithTestResource(SharedfsInfrastructure.class)
class CustomFileReportsTest {

    private static final String CRONTAB = CustomizedVe.CRONTAB;
    private static final String HOSTNAME = CustomizedVe.HOSTNAME;
    private static final byte[] FIRST = utf8("first\n");
    private static final byte[] SECOND = utf8("second\n");

    @Test
    void aWrittenReportMarksTheUploadWritten() {
        CustomizedVe setup = CustomizedVe.create();
        put(setup.ve(), null, CRONTAB, FIRST).statusCode(201).body("written", equalTo(false));
        publishAndAwait(written(setup.ve(), null, CRONTAB, 1, FIRST));

        JsonPath view = view(setup.ve(), null, CRONTAB);
        assertTrue(view.getBoolean("written"));
        assertEquals(Images.STORAGE_HOST, view.getString("storageHost"));
        assertEquals(Files.serverPath(setup.ve(), null, CRONTAB), view.getString("serverPath"));
        assertTrue(view.getString("writtenAt") != null);
        assertNull(view.get("writeError"));
        Files.get(setup.ve(), null, CRONTAB).header("Sharedfs-Written", equalTo("true"))
                .header("Sharedfs-Revision", equalTo("1"));
    }

    @Test
    void aNodesFileIsMarkedWrittenByTheReportAboutThatNode() {
        CustomizedVe setup = CustomizedVe.create();
        long other = Api.addNode(setup.ve());
        put(setup.ve(), setup.vem(), HOSTNAME, FIRST).statusCode(201);
        put(setup.ve(), other, HOSTNAME, FIRST).statusCode(201);
        publishAndAwait(written(setup.ve(), setup.vem(), HOSTNAME, 1, FIRST));
        Files.get(setup.ve(), setup.vem(), HOSTNAME).header("Sharedfs-Written", equalTo("true"));
        Files.get(setup.ve(), other, HOSTNAME).header("Sharedfs-Written", equalTo("false"));
        assertEquals(Files.serverPath(setup.ve(), setup.vem(), HOSTNAME),
                view(setup.ve(), setup.vem(), HOSTNAME).getString("serverPath"));
    }

    @Test
    void aStaleWrittenReportDoesNotMarkANewerUploadWritten() {
        CustomizedVe setup = CustomizedVe.create();
        put(setup.ve(), null, CRONTAB, FIRST).statusCode(201);
        put(setup.ve(), null, CRONTAB, SECOND).statusCode(200).body("revision", equalTo(2));
        publishAndAwait(written(setup.ve(), null, CRONTAB, 1, FIRST));
        assertFalse(view(setup.ve(), null, CRONTAB).getBoolean("written"));
        Files.get(setup.ve(), null, CRONTAB).header("Sharedfs-Written", equalTo("false"));

        publishAndAwait(written(setup.ve(), null, CRONTAB, 2, SECOND));
        assertTrue(view(setup.ve(), null, CRONTAB).getBoolean("written"));
    }

    @Test
    void anUploadAfterTheWriteIsNotWrittenUntilItsOwnReport() {
        CustomizedVe setup = CustomizedVe.create();
        put(setup.ve(), null, CRONTAB, FIRST).statusCode(201);
        publishAndAwait(written(setup.ve(), null, CRONTAB, 1, FIRST));
        put(setup.ve(), null, CRONTAB, SECOND).statusCode(200).body("written", equalTo(false))
                .header("Sharedfs-Written", equalTo("false"));
        JsonPath view = view(setup.ve(), null, CRONTAB);
        assertNull(view.get("writtenAt"));
        assertNull(view.get("serverPath"));
    }

    @Test
    void aFailedWriteShowsItsReasonAndTheSameUploadAgainRetriesIt() {
        CustomizedVe setup = CustomizedVe.create();
        put(setup.ve(), null, CRONTAB, FIRST).statusCode(201);
        publishAndAwait(writeFailed(setup.ve(), null, CRONTAB, 1, "No space left on device"));
        JsonPath view = view(setup.ve(), null, CRONTAB);
        assertEquals("No space left on device", view.getString("writeError"));
        assertFalse(view.getBoolean("written"));

        // The same content again is a retry: a new revision, published, and the old reason gone.
        put(setup.ve(), null, CRONTAB, FIRST).statusCode(200).body("revision", equalTo(2))
                .body("unchanged", equalTo(false));
        assertNull(view(setup.ve(), null, CRONTAB).get("writeError"));
        assertEquals(2, Files.uploaded(setup.ve()).size());
        publishAndAwait(writeFailed(setup.ve(), null, CRONTAB, 1, "No space left on device"));
        assertNull(view(setup.ve(), null, CRONTAB).get("writeError"), "a failure of the replaced revision");
    }

    @Test
    void aSuccessAndAFailureOfOneRevisionInEitherOrderLeaveItWritten() {
        CustomizedVe setup = CustomizedVe.create();
        long other = Api.addNode(setup.ve());
        put(setup.ve(), setup.vem(), HOSTNAME, FIRST).statusCode(201);
        put(setup.ve(), other, HOSTNAME, FIRST).statusCode(201);
        publishAndAwait(writeFailed(setup.ve(), setup.vem(), HOSTNAME, 1, "I/O error"));
        publishAndAwait(written(setup.ve(), setup.vem(), HOSTNAME, 1, FIRST));
        publishAndAwait(written(setup.ve(), other, HOSTNAME, 1, FIRST));
        publishAndAwait(writeFailed(setup.ve(), other, HOSTNAME, 1, "I/O error"));
        for (long vem : new long[] {setup.vem(), other}) {
            JsonPath view = view(setup.ve(), vem, HOSTNAME);
            assertTrue(view.getBoolean("written"), "node " + vem);
            assertNull(view.get("writeError"), "node " + vem);
        }
    }

    @Test
    void aRedeliveredReportChangesNothing() {
        CustomizedVe setup = CustomizedVe.create();
        put(setup.ve(), null, CRONTAB, FIRST).statusCode(201);
        CustomFileWritten report = written(setup.ve(), null, CRONTAB, 1, FIRST);
        String id = publishAndAwait(report);
        String writtenAt = view(setup.ve(), null, CRONTAB).getString("writtenAt");
        int events = TestDb.outboxForKey(Long.toString(setup.ve())).size();

        Bus.publish(report, id);
        Bus.publish(report);
        Bus.publish(writeFailed(setup.ve(), null, CRONTAB, 1, "late failure"));
        Bus.settleAgents(setup.ve());

        JsonPath view = view(setup.ve(), null, CRONTAB);
        assertTrue(view.getBoolean("written"));
        assertEquals(writtenAt, view.getString("writtenAt"));
        assertNull(view.get("writeError"));
        assertEquals(events, TestDb.outboxForKey(Long.toString(setup.ve())).size(), "nothing published");
    }

    @Test
    void aReportNamingOtherContentThanTheUploadedRevisionIsIgnored() {
        CustomizedVe setup = CustomizedVe.create();
        put(setup.ve(), null, CRONTAB, FIRST).statusCode(201);
        publishAndAwait(written(setup.ve(), null, CRONTAB, 1, SECOND));
        assertFalse(view(setup.ve(), null, CRONTAB).getBoolean("written"));
    }

    @Test
    void aReportAboutAFileNeverUploadedChangesNothing() {
        CustomizedVe setup = CustomizedVe.create();
        publishAndAwait(written(setup.ve(), null, CRONTAB, 1, FIRST));
        publishAndAwait(writeFailed(setup.ve(), setup.vem(), HOSTNAME, 1, "no such node tree"));
        publishAndAwait(written(setup.ve() + 1_000_000, TestIds.NO_SUCH_VEM, HOSTNAME, 1, FIRST));
        Files.viewer().get(Files.url(setup.ve(), null)).then().statusCode(200).body("size()", equalTo(0));
        Files.viewer().get(Files.url(setup.ve(), setup.vem())).then().statusCode(200).body("size()", equalTo(0));
        // The first upload afterwards is not taken for written.
        put(setup.ve(), null, CRONTAB, FIRST).statusCode(201).body("written", equalTo(false));
    }

    private static JsonPath view(long ve, Long vem, String path) {
        return Files.viewer().get(Files.url(ve, vem)).then().statusCode(200).extract().jsonPath()
                .setRootPath("find { it.path == '" + path + "' }");
    }
}
