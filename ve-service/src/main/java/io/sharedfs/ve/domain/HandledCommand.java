package io.sharedfs.ve.domain;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** An upstream command already handled; the same command id again does nothing. */
@Entity
@Table(name = "handled_command")
public class HandledCommand extends PanacheEntityBase {

    @Id
    @Column(name = "command_id")
    public String commandId;

    public String type;

    @Column(name = "ve_id")
    public Long veId;

    @Column(name = "vem_id")
    public Long vemId;

    public boolean rejected;

    public String reason;

    @Column(name = "handled_at")
    public Instant handledAt;
}
