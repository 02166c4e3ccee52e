package io.sharedfs.exporter.domain;

import io.agroal.api.AgroalDataSource;
import io.sharedfs.contracts.node.NodeRef;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The export table's rows, in plain SQL so the locking is explicit. Every method runs in the
 * caller's transaction (the connection is the transaction's own, shared with the outbox).
 */
@ApplicationScoped
public class ExportStore {

    private static final String NODE_COLUMNS = """
            storage_host, ve_id, vem_id, hostname, address, image_id, root_path, shared, private_dirs,
            shared_subdirs, ram_dirs, added_attempt, provisioned_attempt, provisioned_image_id, removed, image_deleted,
            elsewhere, activated_generation, changed_generation, ever_rendered, exported_generation,
            exported_signature, failed_generation, unexported_published, added_at, provisioning_failed_attempt,
            awaiting""";
    private static final String STATE_COLUMNS = """
            storage_host, generation, applied_generation, applied_at, applied_entries, last_generation,
            last_result, last_message, last_duration_ms, last_finished_at, consecutive_failures,
            reported_failure, held_back""";

    private final AgroalDataSource dataSource;

    public ExportStore(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Locks the host's state row for the rest of the transaction (creating it if needed): every
     * writer of the table takes it first, so changes and the apply worker's reads are serialised.
     */
    public ExportState lockState(String host) {
        String lock = "SELECT " + STATE_COLUMNS + " FROM export_state WHERE storage_host = ? FOR UPDATE";
        // The row exists but for the host's first change: lock first, insert only when it is missing.
        Optional<ExportState> state = queryState(lock, host);
        if (state.isPresent()) {
            return state.get();
        }
        update("INSERT INTO export_state (storage_host) VALUES (?) ON CONFLICT DO NOTHING", host);
        return queryState(lock, host).orElseThrow();
    }

    /** The host's state without locking; empty before anything happened. */
    public Optional<ExportState> state(String host) {
        return queryState("SELECT " + STATE_COLUMNS + " FROM export_state WHERE storage_host = ?", host);
    }

    /**
     * Starts a new generation of the desired table, noting when the oldest unapplied change was made;
     * the caller holds the state lock.
     */
    public long bump(String host) {
        return query("""
                UPDATE export_state SET generation = generation + 1, pending_since = COALESCE(pending_since, now())
                WHERE storage_host = ? RETURNING generation""",
                statement -> statement.setString(1, host), rs -> rs.getLong(1)).get(0);
    }

    /**
     * A node's tree was reported (provisioned or failed): nodes added long before the newest such
     * node and still awaiting theirs are stuck, not queued. The caller holds the state lock.
     */
    public void treeReported(String host, Instant addedAt) {
        if (addedAt == null) {
            return;
        }
        execute("UPDATE export_state SET reported_added_at = GREATEST(reported_added_at, ?) WHERE storage_host = ?",
                (connection, statement) -> {
                    statement.setTimestamp(1, Timestamp.from(addedAt));
                    statement.setString(2, host);
                });
    }

    /**
     * What the apply worker decides on (see {@code ApplyPolicy}): changes not handed to an attempt
     * yet, how long the oldest of them has waited (by the database's clock; the maximum when
     * unknown), and the nodes awaiting their tree, not counting those added more than
     * {@code stuckAfter} before the newest node whose tree was reported. Nothing when the host has
     * no state yet.
     */
    public Optional<Backlog> backlog(String host, Duration stuckAfter) {
        return query("""
                SELECT GREATEST(0, s.generation - GREATEST(s.last_generation, 0)) AS pending,
                    CASE WHEN s.pending_since IS NULL THEN NULL
                        ELSE GREATEST(0, CEIL(EXTRACT(EPOCH FROM (clock_timestamp() - s.pending_since)) * 1000))
                    END::bigint AS age_ms,
                    (SELECT count(*) FROM export_node n WHERE n.storage_host = s.storage_host AND n.awaiting
                        AND (s.reported_added_at IS NULL
                            OR n.added_at >= s.reported_added_at - ? * interval '1 millisecond')) AS awaiting
                FROM export_state s WHERE s.storage_host = ?""", statement -> {
                    statement.setLong(1, stuckAfter.toMillis());
                    statement.setString(2, host);
                }, rs -> {
                    long age = rs.getLong("age_ms");
                    Duration oldest = rs.wasNull() ? Backlog.LONG_AGO : Duration.ofMillis(age);
                    return new Backlog(rs.getLong("pending"), rs.getLong("awaiting"), oldest);
                }).stream().findFirst();
    }

    public Optional<NodeRow> lockNode(String host, long veId, long vemId) {
        return nodes("SELECT " + NODE_COLUMNS + " FROM export_node WHERE storage_host = ? AND ve_id = ? AND vem_id = ?"
                + " FOR UPDATE", host, veId, vemId).stream().findFirst();
    }

    public Optional<NodeRow> node(String host, long veId, long vemId) {
        return nodes("SELECT " + NODE_COLUMNS + " FROM export_node WHERE storage_host = ? AND ve_id = ? AND vem_id = ?",
                host, veId, vemId).stream().findFirst();
    }

    public List<NodeRow> lockNodesOfImage(String host, UUID imageId) {
        return nodes("SELECT " + NODE_COLUMNS + " FROM export_node WHERE storage_host = ? AND image_id = ?"
                + " ORDER BY ve_id, vem_id FOR UPDATE", host, imageId);
    }

    /** Every node that is or was in the table and whose removal is not settled yet. */
    public List<NodeRow> liveNodes(String host) {
        return nodes("SELECT " + NODE_COLUMNS + " FROM export_node WHERE storage_host = ?"
                + " AND NOT settled", host);
    }

    /**
     * The live rows that may hold this address: its own spelling, and every IPv6 one (an IPv6 address has
     * many); the caller compares them as addresses. A booting node's lookup reads these, not the whole table.
     */
    public List<NodeRow> liveNodesMaybeAt(String host, String address) {
        return nodes("SELECT " + NODE_COLUMNS + " FROM export_node WHERE storage_host = ? AND NOT settled"
                + " AND (address = ? OR address LIKE '%:%')", host, address);
    }

    /** These nodes of the host, those that exist (an apply run re-reads only the nodes it reports on). */
    public List<NodeRow> nodes(String host, Collection<NodeRef> refs) {
        if (refs.isEmpty()) {
            return List.of();
        }
        return query("SELECT " + NODE_COLUMNS + " FROM export_node WHERE storage_host = ?"
                + " AND (ve_id, vem_id) IN (SELECT * FROM unnest(?::bigint[], ?::bigint[]))", statement -> {
                    statement.setString(1, host);
                    bindRefs(statement, 2, refs);
                }, ExportStore::readNode);
    }

    public void save(NodeRow node) {
        execute("""
                INSERT INTO export_node (""" + NODE_COLUMNS + """
                , updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,
                    now())
                ON CONFLICT (storage_host, ve_id, vem_id) DO UPDATE SET
                    hostname = EXCLUDED.hostname, address = EXCLUDED.address, image_id = EXCLUDED.image_id,
                    root_path = EXCLUDED.root_path, shared = EXCLUDED.shared, private_dirs = EXCLUDED.private_dirs,
                    shared_subdirs = EXCLUDED.shared_subdirs, ram_dirs = EXCLUDED.ram_dirs,
                    added_attempt = EXCLUDED.added_attempt, provisioned_attempt = EXCLUDED.provisioned_attempt,
                    provisioned_image_id = EXCLUDED.provisioned_image_id,
                    removed = EXCLUDED.removed, image_deleted = EXCLUDED.image_deleted, elsewhere = EXCLUDED.elsewhere,
                    activated_generation = EXCLUDED.activated_generation,
                    changed_generation = EXCLUDED.changed_generation, ever_rendered = EXCLUDED.ever_rendered,
                    exported_generation = EXCLUDED.exported_generation,
                    exported_signature = EXCLUDED.exported_signature, failed_generation = EXCLUDED.failed_generation,
                    unexported_published = EXCLUDED.unexported_published, added_at = EXCLUDED.added_at,
                    provisioning_failed_attempt = EXCLUDED.provisioning_failed_attempt,
                    awaiting = EXCLUDED.awaiting, updated_at = now()""",
                (connection, statement) -> bindNode(connection, statement, node));
    }

    /** Records that a file handed to the apply command holds these nodes. */
    public void markRendered(String host, Collection<NodeRef> nodes) {
        if (nodes.isEmpty()) {
            return;
        }
        execute("""
                UPDATE export_node n SET ever_rendered = true
                FROM unnest(?::bigint[], ?::bigint[]) AS t(ve_id, vem_id)
                WHERE n.storage_host = ? AND n.ve_id = t.ve_id AND n.vem_id = t.vem_id AND NOT n.ever_rendered""",
                (connection, statement) -> {
                    bindRefs(statement, 1, nodes);
                    statement.setString(3, host);
                });
    }

    /** Binds nodes as two arrays, VE ids at {@code index} and VEM ids after them, for {@code unnest}. */
    private static void bindRefs(PreparedStatement statement, int index, Collection<NodeRef> nodes)
            throws SQLException {
        Connection connection = statement.getConnection();
        statement.setArray(index, connection.createArrayOf("bigint", nodes.stream().map(NodeRef::veId).toArray()));
        statement.setArray(index + 1, connection.createArrayOf("bigint",
                nodes.stream().map(NodeRef::vemId).toArray()));
    }

    /** Where a node now stands in the applied table. */
    public void saveExported(NodeRow node) {
        execute("""
                UPDATE export_node SET exported_generation = ?, exported_signature = ?, unexported_published = ?,
                    failed_generation = ?, updated_at = now()
                WHERE storage_host = ? AND ve_id = ? AND vem_id = ?""", (connection, statement) -> {
                    statement.setObject(1, node.exportedGeneration, Types.BIGINT);
                    statement.setString(2, node.exportedSignature);
                    statement.setBoolean(3, node.unexportedPublished);
                    statement.setObject(4, node.failedGeneration, Types.BIGINT);
                    statement.setString(5, node.storageHost);
                    statement.setLong(6, node.veId);
                    statement.setLong(7, node.vemId);
                });
    }

    public boolean isImageDeleted(String host, UUID imageId) {
        return !query("SELECT 1 FROM export_deleted_image WHERE storage_host = ? AND image_id = ?", statement -> {
            statement.setString(1, host);
            statement.setObject(2, imageId);
        }, rs -> 1).isEmpty();
    }

    /** Remembers a deleted image; false when it was known already. */
    public boolean rememberDeletedImage(String host, UUID imageId, String rootPath) {
        return execute("INSERT INTO export_deleted_image (storage_host, image_id, root_path) VALUES (?, ?, ?)"
                + " ON CONFLICT DO NOTHING", (connection, statement) -> {
                    statement.setString(1, host);
                    statement.setObject(2, imageId);
                    statement.setString(3, rootPath);
                }) == 1;
    }

    /**
     * An attempt at a generation begins: other instances do not start the same one, and if this
     * one dies before it records an outcome, the next holder of the lock sees RUNNING and redoes it.
     */
    public void attemptStarted(String host, long generation) {
        execute("UPDATE export_state SET last_generation = ?, last_result = 'RUNNING', pending_since = NULL"
                + " WHERE storage_host = ?",
                (connection, statement) -> {
                    statement.setLong(1, generation);
                    statement.setString(2, host);
                });
    }

    /**
     * How long until a retry of the failed last attempt is due, {@code backoffMillis} after it
     * ended by the database's clock (the same for every instance); 0 when due.
     */
    public long retryInMillis(String host, long backoffMillis) {
        return query("""
                SELECT GREATEST(0, CEIL(EXTRACT(EPOCH FROM
                    (last_finished_at + ? * interval '1 millisecond' - now())) * 1000))::bigint
                FROM export_state WHERE storage_host = ?""", statement -> {
                    statement.setLong(1, backoffMillis);
                    statement.setString(2, host);
                }, rs -> rs.getLong(1)).stream().findFirst().orElse(0L);
    }

    /** The outcome of an attempt at {@code generation}. */
    public void attemptFinished(String host, long generation, String result, String message, long durationMillis,
            int entries, boolean succeeded, String heldBack) {
        execute("""
                UPDATE export_state SET last_generation = ?, last_result = ?, last_message = ?, last_duration_ms = ?,
                    last_finished_at = now(), held_back = ?,
                    consecutive_failures = CASE WHEN ? THEN 0 ELSE consecutive_failures + 1 END,
                    applied_generation = CASE WHEN ? THEN ? ELSE applied_generation END,
                    applied_entries = CASE WHEN ? THEN ? ELSE applied_entries END,
                    applied_at = CASE WHEN ? THEN now() ELSE applied_at END
                WHERE storage_host = ?""", (connection, statement) -> {
                    statement.setLong(1, generation);
                    statement.setString(2, result);
                    statement.setString(3, message);
                    statement.setLong(4, durationMillis);
                    statement.setString(5, heldBack);
                    statement.setBoolean(6, succeeded);
                    statement.setBoolean(7, succeeded);
                    statement.setLong(8, generation);
                    statement.setBoolean(9, succeeded);
                    statement.setInt(10, entries);
                    statement.setBoolean(11, succeeded);
                    statement.setString(12, host);
                });
    }

    public void failureReported(String host, String reported) {
        execute("UPDATE export_state SET reported_failure = ? WHERE storage_host = ?", (connection, statement) -> {
            statement.setString(1, reported);
            statement.setString(2, host);
        });
    }

    private Optional<ExportState> queryState(String sql, String host) {
        return query(sql, statement -> statement.setString(1, host), ExportStore::readState).stream().findFirst();
    }

    private List<NodeRow> nodes(String sql, Object... parameters) {
        return query(sql, statement -> {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
        }, ExportStore::readNode);
    }

    private static ExportState readState(ResultSet rs) throws SQLException {
        return new ExportState(rs.getString("storage_host"), rs.getLong("generation"),
                rs.getLong("applied_generation"), instant(rs.getTimestamp("applied_at")), rs.getInt("applied_entries"),
                rs.getLong("last_generation"), rs.getString("last_result"), rs.getString("last_message"),
                rs.getObject("last_duration_ms", Long.class), instant(rs.getTimestamp("last_finished_at")),
                rs.getInt("consecutive_failures"), rs.getString("reported_failure"), rs.getString("held_back"));
    }

    private static NodeRow readNode(ResultSet rs) throws SQLException {
        NodeRow node = new NodeRow(rs.getString("storage_host"), rs.getLong("ve_id"), rs.getLong("vem_id"));
        node.hostname = rs.getString("hostname");
        node.address = rs.getString("address");
        node.imageId = rs.getObject("image_id", UUID.class);
        node.rootPath = rs.getString("root_path");
        node.shared = rs.getBoolean("shared");
        node.privateDirs = strings(rs.getArray("private_dirs"));
        node.sharedSubdirs = strings(rs.getArray("shared_subdirs"));
        node.ramDirs = strings(rs.getArray("ram_dirs"));
        node.addedAttempt = rs.getInt("added_attempt");
        node.provisionedAttempt = rs.getInt("provisioned_attempt");
        node.provisionedImageId = rs.getObject("provisioned_image_id", UUID.class);
        node.removed = rs.getBoolean("removed");
        node.imageDeleted = rs.getBoolean("image_deleted");
        node.elsewhere = rs.getBoolean("elsewhere");
        node.activatedGeneration = rs.getObject("activated_generation", Long.class);
        node.changedGeneration = rs.getLong("changed_generation");
        node.everRendered = rs.getBoolean("ever_rendered");
        node.exportedGeneration = rs.getObject("exported_generation", Long.class);
        node.exportedSignature = rs.getString("exported_signature");
        node.failedGeneration = rs.getObject("failed_generation", Long.class);
        node.unexportedPublished = rs.getBoolean("unexported_published");
        node.addedAt = instant(rs.getTimestamp("added_at"));
        node.provisioningFailedAttempt = rs.getInt("provisioning_failed_attempt");
        return node;
    }

    private static void bindNode(Connection connection, PreparedStatement statement, NodeRow node)
            throws SQLException {
        statement.setString(1, node.storageHost);
        statement.setLong(2, node.veId);
        statement.setLong(3, node.vemId);
        statement.setString(4, node.hostname);
        statement.setString(5, node.address);
        statement.setObject(6, node.imageId);
        statement.setString(7, node.rootPath);
        statement.setBoolean(8, node.shared);
        statement.setArray(9, connection.createArrayOf("text", node.privateDirs.toArray()));
        statement.setArray(10, connection.createArrayOf("text", node.sharedSubdirs.toArray()));
        statement.setArray(11, connection.createArrayOf("text", node.ramDirs.toArray()));
        statement.setInt(12, node.addedAttempt);
        statement.setInt(13, node.provisionedAttempt);
        statement.setObject(14, node.provisionedImageId);
        statement.setBoolean(15, node.removed);
        statement.setBoolean(16, node.imageDeleted);
        statement.setBoolean(17, node.elsewhere);
        statement.setObject(18, node.activatedGeneration, Types.BIGINT);
        statement.setLong(19, node.changedGeneration);
        statement.setBoolean(20, node.everRendered);
        statement.setObject(21, node.exportedGeneration, Types.BIGINT);
        statement.setString(22, node.exportedSignature);
        statement.setObject(23, node.failedGeneration, Types.BIGINT);
        statement.setBoolean(24, node.unexportedPublished);
        statement.setTimestamp(25, node.addedAt == null ? null : Timestamp.from(node.addedAt));
        statement.setInt(26, node.provisioningFailedAttempt);
        statement.setBoolean(27, node.awaiting());
    }

    private static List<String> strings(Array array) throws SQLException {
        return array == null ? List.of() : List.copyOf(Arrays.asList((String[]) array.getArray()));
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }

    private interface Binder {
        void bind(PreparedStatement statement) throws SQLException;
    }

    private interface ConnectionBinder {
        void bind(Connection connection, PreparedStatement statement) throws SQLException;
    }

    private interface Reader<T> {
        T read(ResultSet rs) throws SQLException;
    }

    private <T> List<T> query(String sql, Binder binder, Reader<T> reader) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            binder.bind(statement);
            List<T> rows = new ArrayList<>();
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    rows.add(reader.read(rs));
                }
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException("export table query failed: " + e.getMessage(), e);
        }
    }

    private int execute(String sql, ConnectionBinder binder) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            binder.bind(connection, statement);
            return statement.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("export table update failed: " + e.getMessage(), e);
        }
    }

    private void update(String sql, String host) {
        execute(sql, (connection, statement) -> statement.setString(1, host));
    }
}
