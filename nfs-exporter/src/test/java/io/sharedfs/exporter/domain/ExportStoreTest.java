package io.sharedfs.exporter.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.sharedfs.contracts.node.NodeRef;
import io.sharedfs.testsupport.SharedfsInfrastructure;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The export table's queries stay proportional to what they are about, not to the host's history. */
@QuarkusTest
@WithTestResource(SharedfsInfrastructure.class)
class ExportStoreTest {

    private static final int TOMBSTONES = 20_000;

    @Inject
    ExportStore store;

    @Inject
    AgroalDataSource dataSource;

    @Test
    void readingTheLiveNodesDoesNotScanTheTombstonesOfEveryNodeEverRemoved() throws SQLException {
        String host = "tombstones-" + UUID.randomUUID();
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            // Settled removals (removed, NodeUnexported published) as years of node churn leave them.
            statement.executeUpdate("""
                    INSERT INTO export_node
                        (storage_host, ve_id, vem_id, hostname, address, removed, unexported_published)
                    SELECT '%s', 1, g, 'gone-' || g,
                        '10.' || (g / 62500) || '.' || (g / 250 %% 250) || '.' || (g %% 250), true, true
                    FROM generate_series(1, %d) g""".formatted(host, TOMBSTONES));
            statement.executeUpdate("""
                    INSERT INTO export_node
                        (storage_host, ve_id, vem_id, hostname, address, removed, unexported_published)
                    VALUES ('%1$s', 2, 1, 'live-1', '10.8.0.1', false, false),
                           ('%1$s', 2, 2, 'leaving', '10.8.0.2', true, false)""".formatted(host));
            statement.execute("ANALYZE export_node");
        }

        long[] seqRead = new long[1];
        List<NodeRow> live = QuarkusTransaction.requiringNew().call(() -> {
            List<NodeRow> rows = store.liveNodes(host);
            seqRead[0] = seqTuplesReadInThisTransaction();
            return rows;
        });

        assertEquals(Set.of(new NodeRef(2, 1), new NodeRef(2, 2)),
                live.stream().map(NodeRow::ref).collect(Collectors.toSet()));
        assertEquals(0, seqRead[0], "rows of export_node read by sequential scan for " + live.size() + " live nodes");
    }

    /** The statistics of the current transaction, read on its own connection. */
    private long seqTuplesReadInThisTransaction() throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(
                        "SELECT seq_tup_read FROM pg_stat_xact_user_tables WHERE relname = 'export_node'");
                ResultSet rs = statement.executeQuery()) {
            if (!rs.next()) {
                throw new IllegalStateException("export_node is not in pg_stat_xact_user_tables");
            }
            return rs.getLong(1);
        }
    }
}
