package io.sharedfs.exporter.apply;

import static io.sharedfs.exporter.TestNodes.added;
import static io.sharedfs.exporter.TestNodes.address;
import static io.sharedfs.exporter.TestNodes.expectedLines;
import static io.sharedfs.exporter.TestNodes.provisioned;
import static io.sharedfs.exporter.TestNodes.sharedImage;
import static io.sharedfs.exporter.TestNodes.veId;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.sharedfs.contracts.export.ExportsApplied;
import io.sharedfs.contracts.export.NodeExported;
import io.sharedfs.contracts.node.ImageRef;
import io.sharedfs.exporter.Bus;
import io.sharedfs.exporter.ExportsFile;
import io.sharedfs.exporter.TestDb;
import io.sharedfs.testsupport.SharedfsInfrastructure;
import jakarta.inject.Inject;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

/**
 * A restart of the apply worker (what a service restart runs: stop on shutdown, start on
 * start-up) re-applies the table from the database, whatever became of the file meanwhile,
 * without reporting the nodes again.
 */
@QuarkusTest
@WithTestResource(SharedfsInfrastructure.class)
class RestartTest {

    @Inject
    ApplyWorker worker;

    @Test
    void aRestartReappliesTheTableFromTheDatabase() throws Exception {
        long ve = veId();
        String address = address();
        ImageRef image = sharedImage();
        Bus.publish(added(ve, 1, address, image));
        Bus.publish(provisioned(ve, 1, image));
        Bus.await(NodeExported.class, event -> event.veId() == ve);
        await().atMost(Bus.WAIT).until(TestDb::settled);
        String installed = ExportsFile.text();
        long generation = TestDb.generation();

        worker.stop();
        // While the service is down the file is lost (or edited by hand): the database still knows.
        Files.delete(ExportsFile.file());
        int runs = ExportsFile.runs();
        worker.start();

        await().atMost(Bus.WAIT).until(() -> ExportsFile.runs() > runs);
        assertEquals(installed, ExportsFile.text());
        assertEquals(expectedLines(ve, 1, address, image), ExportsFile.linesFor(address));
        assertEquals(2, Bus.awaitAll(ExportsApplied.class, event -> event.generation() == generation, 2).size());
        assertEquals(1, Bus.awaitAll(NodeExported.class, event -> event.veId() == ve, 1).size());
    }
}
