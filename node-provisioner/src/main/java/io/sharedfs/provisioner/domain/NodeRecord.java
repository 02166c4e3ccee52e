package io.sharedfs.provisioner.domain;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

/** What has been done for one node, so that no step is done twice whatever is redelivered. */
@Entity
@Table(name = "node_record")
@IdClass(NodeRecord.Key.class)
public class NodeRecord extends PanacheEntityBase {

    /** Hook states: started and not finished is how an interrupted run looks after a restart. */
    public static final String HOOK_NONE = "NONE";
    public static final String HOOK_RUNNING = "RUNNING";
    public static final String HOOK_SUCCEEDED = "SUCCEEDED";
    public static final String HOOK_FAILED = "FAILED";

    @Id
    @Column(name = "ve_id")
    public long veId;

    @Id
    @Column(name = "vem_id")
    public long vemId;

    @Column(name = "root_path")
    public String rootPath;

    @Column(name = "tree_path")
    public String treePath;

    @Column(name = "tree_reported_attempt")
    public int treeReportedAttempt;

    @Column(name = "hook_state")
    public String hookState = HOOK_NONE;

    @Column(name = "hook_attempt")
    public int hookAttempt;

    @Column(name = "hook_runs")
    public int hookRuns;

    public boolean unexported;

    public boolean purged;

    /** The id of a node record. */
    public record Key(long veId, long vemId) implements java.io.Serializable {

        public Key() {
            this(0, 0);
        }
    }

    /** The record of a node, created empty on first use. */
    static NodeRecord of(long veId, long vemId) {
        NodeRecord record = findById(new Key(veId, vemId));
        if (record == null) {
            record = new NodeRecord();
            record.veId = veId;
            record.vemId = vemId;
            record.persist();
        }
        return record;
    }
}
