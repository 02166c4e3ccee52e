package io.sharedfs.ve.domain;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import io.sharedfs.contracts.provisioning.HookOutcome;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.time.Instant;

/** The result of a VE's init_vem hook for one attempt at provisioning a node. */
@Entity
@Table(name = "node_hook_result")
@IdClass(HookResult.Key.class)
public class HookResult extends PanacheEntityBase {

    @Id
    @Column(name = "ve_id")
    public long veId;

    @Id
    @Column(name = "vem_id")
    public long vemId;

    @Id
    public int attempt;

    @Enumerated(EnumType.STRING)
    public HookOutcome outcome;

    @Column(name = "exit_code")
    public Integer exitCode;

    public String detail;

    @Column(name = "duration_ms")
    public long durationMs;

    @Column(name = "output_tail")
    public String outputTail;

    public boolean truncated;

    @Column(name = "reported_at")
    public Instant reportedAt;

    /** The id of a hook result. */
    public record Key(long veId, long vemId, int attempt) implements java.io.Serializable {

        public Key() {
            this(0, 0, 0);
        }
    }
}
