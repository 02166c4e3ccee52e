package io.sharedfs.ve.domain;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import io.sharedfs.contracts.node.NodeState;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** One entry of a node's state history. */
@Entity
@Table(name = "node_state_history")
public class NodeStateEntry extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "ve_id")
    public long veId;

    @Column(name = "vem_id")
    public long vemId;

    @Enumerated(EnumType.STRING)
    @Column(name = "from_state")
    public NodeState fromState;

    @Enumerated(EnumType.STRING)
    @Column(name = "to_state")
    public NodeState toState;

    public String reason;

    @Column(name = "entered_at")
    public Instant enteredAt;
}
