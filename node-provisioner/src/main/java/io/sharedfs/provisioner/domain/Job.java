package io.sharedfs.provisioner.domain;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import io.sharedfs.contracts.node.ImageRef;
import io.sharedfs.provisioner.fs.TreeBuilder;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** A unit of work for one node, recorded from an event and run by a worker. */
@Entity
@Table(name = "job")
public class Job extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Enumerated(EnumType.STRING)
    public JobKind kind;

    @Column(name = "ve_id")
    public long veId;

    @Column(name = "vem_id")
    public long vemId;

    public int attempt;

    @Column(name = "image_id")
    public UUID imageId;

    @Column(name = "root_path")
    public String rootPath;

    public boolean shared;

    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(name = "private_dirs")
    public List<String> privateDirs;

    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(name = "shared_subdirs")
    public List<String> sharedSubdirs;

    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(name = "ram_dirs")
    public List<String> ramDirs;

    @Enumerated(EnumType.STRING)
    public JobState state;

    public int tries;

    @Column(name = "next_run_at")
    public Instant nextRunAt;

    public String reason;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "updated_at")
    public Instant updatedAt;

    static Job of(JobKind kind, long veId, long vemId, int attempt, ImageRef image, JobState state) {
        Job job = new Job();
        job.kind = kind;
        job.veId = veId;
        job.vemId = vemId;
        job.attempt = attempt;
        job.imageId = image.imageId();
        job.rootPath = image.rootPath();
        job.shared = image.shared();
        job.privateDirs = image.privateDirs();
        job.sharedSubdirs = image.sharedSubdirs();
        job.ramDirs = image.ramDirs();
        job.state = state;
        job.createdAt = Instant.now();
        job.updatedAt = job.createdAt;
        job.nextRunAt = job.createdAt;
        return job;
    }

    public TreeBuilder.Layout layout() {
        return new TreeBuilder.Layout(privateDirs, sharedSubdirs, ramDirs);
    }
}
