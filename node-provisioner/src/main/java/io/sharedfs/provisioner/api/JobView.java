package io.sharedfs.provisioner.api;

import io.sharedfs.provisioner.domain.Job;
import io.sharedfs.provisioner.domain.JobKind;
import io.sharedfs.provisioner.domain.JobState;
import java.time.Instant;
import java.util.UUID;

/** A job as the API shows it. */
public record JobView(long id, JobKind kind, long veId, long vemId, int attempt, UUID imageId, String rootPath,
        JobState state, int tries, String reason, Instant nextRunAt, Instant createdAt, Instant updatedAt) {

    static JobView of(Job job) {
        return new JobView(job.id, job.kind, job.veId, job.vemId, job.attempt, job.imageId, job.rootPath, job.state,
                job.tries, job.reason, job.nextRunAt, job.createdAt, job.updatedAt);
    }
}
