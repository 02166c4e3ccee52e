package io.sharedfs.provisioner.domain;

import io.quarkus.panache.common.Sort;
import io.sharedfs.contracts.node.NodeAdded;
import io.sharedfs.contracts.node.NodeRemoved;
import io.sharedfs.service.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The agent's job queue in its database: consumers record jobs and acknowledge at once; workers
 * claim due jobs, a node's jobs strictly one after the other in the order they were recorded.
 */
@ApplicationScoped
public class JobQueue {

    private static final String CLAIM = """
            SELECT j.id FROM job j
            WHERE j.state = 'PENDING' AND j.next_run_at <= now()
              AND NOT EXISTS (SELECT 1 FROM job e WHERE e.ve_id = j.ve_id AND e.vem_id = j.vem_id
                              AND e.id < j.id AND e.state IN ('PENDING', 'RUNNING'))
              AND NOT EXISTS (SELECT 1 FROM job r WHERE r.ve_id = j.ve_id AND r.vem_id = j.vem_id
                              AND r.state = 'RUNNING')
            ORDER BY j.next_run_at, j.id LIMIT 1
            FOR UPDATE OF j SKIP LOCKED""";

    private final EntityManager entityManager;
    private final Event<JobRecorded> recorded;

    public JobQueue(EntityManager entityManager, Event<JobRecorded> recorded) {
        this.entityManager = entityManager;
        this.recorded = recorded;
    }

    /** Signals idle workers after the recording transaction committed. */
    public record JobRecorded() {
    }

    /** Records the provisioning of a node; the same node and attempt again records nothing. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void provision(NodeAdded added) {
        if (recorded(JobKind.PROVISION, added.veId(), added.vemId(), added.attempt())) {
            return;
        }
        Job.of(JobKind.PROVISION, added.veId(), added.vemId(), added.attempt(), added.image(), JobState.PENDING)
                .persist();
        recorded.fire(new JobRecorded());
    }

    /** Records a purge; it waits until the node's exports are withdrawn. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void purge(NodeRemoved removed) {
        lockNode(removed.veId(), removed.vemId());
        if (recorded(JobKind.PURGE, removed.veId(), removed.vemId(), null)) {
            return;
        }
        boolean unexported = NodeRecord.of(removed.veId(), removed.vemId()).unexported;
        Job.of(JobKind.PURGE, removed.veId(), removed.vemId(), 1, removed.image(),
                unexported ? JobState.PENDING : JobState.WAITING).persist();
        recorded.fire(new JobRecorded());
    }

    /** The node's exports are gone: a waiting purge may run. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void unexported(long veId, long vemId) {
        lockNode(veId, vemId);
        NodeRecord.of(veId, vemId).unexported = true;
        int released = Job.update("state = ?1, updatedAt = ?2 where kind = ?3 and veId = ?4 and vemId = ?5 and state = ?6",
                JobState.PENDING, Instant.now(), JobKind.PURGE, veId, vemId, JobState.WAITING);
        if (released > 0) {
            recorded.fire(new JobRecorded());
        }
    }

    /**
     * Whether the node already has a job of this kind (and attempt, if given). A native statement:
     * Hibernate translates a count query anew on every call, which cost a tenth of the agent's CPU
     * during a stream of adds.
     */
    private boolean recorded(JobKind kind, long veId, long vemId, Integer attempt) {
        var query = entityManager.createNativeQuery("SELECT 1 FROM job WHERE kind = :kind AND ve_id = :ve"
                + " AND vem_id = :vem" + (attempt == null ? "" : " AND attempt = :attempt") + " LIMIT 1")
                .setParameter("kind", kind.name())
                .setParameter("ve", veId)
                .setParameter("vem", vemId);
        if (attempt != null) {
            query.setParameter("attempt", attempt);
        }
        return !query.getResultList().isEmpty();
    }

    /**
     * Serialises {@link #purge} and {@link #unexported} of one node. They come from two topics, consumed side by side:
     * unserialised, each could miss the other's uncommitted change, and the purge would stay WAITING for ever.
     */
    private void lockNode(long veId, long vemId) {
        entityManager.createNativeQuery("SELECT pg_advisory_xact_lock(hashtext(:node))")
                .setParameter("node", "provisioner-node:" + veId + "/" + vemId).getSingleResult();
    }

    /**
     * Takes the next due job, marking it RUNNING. Workers claim side by side: a job another worker is
     * claiming is locked and skipped, and a node's later job is not due while an earlier one is
     * PENDING or RUNNING in this statement's snapshot, so a node never runs two jobs at once.
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public Optional<Job> claim() {
        // A claim need not be on disk before the worker starts: a crash sends RUNNING jobs back to
        // PENDING anyway (recoverInterrupted), and the job's own steps commit synchronously, which
        // flushes this commit with them.
        entityManager.createNativeQuery("SET LOCAL synchronous_commit = off").executeUpdate();
        List<?> ids = entityManager.createNativeQuery(CLAIM).getResultList();
        if (ids.isEmpty()) {
            return Optional.empty();
        }
        Job job = Job.findById(((Number) ids.get(0)).longValue());
        job.state = JobState.RUNNING;
        job.updatedAt = Instant.now();
        return Optional.of(job);
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public Job lock(long id) {
        return entityManager.find(Job.class, id, jakarta.persistence.LockModeType.PESSIMISTIC_WRITE);
    }

    /** Jobs a crash left RUNNING are due again; the steps they record make the re-run safe. */
    @Transactional
    public int recoverInterrupted() {
        return Job.update("state = ?1, updatedAt = ?2 where state = ?3", JobState.PENDING, Instant.now(),
                JobState.RUNNING);
    }

    @Transactional
    public List<Job> list(JobState state, int page, int size) {
        var query = state == null ? Job.<Job>findAll(Sort.by("id").descending())
                : Job.<Job>find("state", Sort.by("id").descending(), state);
        return query.page(page, size).list();
    }

    @Transactional
    public Job get(long id) {
        return Job.<Job>findByIdOptional(id).orElseThrow(() -> ProblemException.notFound("no job with id " + id));
    }

    /** An operator asks for a FAILED job to run again, its tries reset. */
    @Transactional
    public Job retry(long id) {
        Job job = lock(id);
        if (job == null) {
            throw ProblemException.notFound("no job with id " + id);
        }
        if (job.state != JobState.FAILED) {
            throw ProblemException.conflict("state", "failed", "only a FAILED job can be retried; job " + id
                    + " is " + job.state);
        }
        job.state = JobState.PENDING;
        job.tries = 0;
        job.reason = null;
        job.nextRunAt = Instant.now();
        job.updatedAt = job.nextRunAt;
        recorded.fire(new JobRecorded());
        return job;
    }

    /** The latest provisioning job of a node, for finding its image. */
    @Transactional
    public Optional<Job> latestProvision(long veId, long vemId) {
        return Job.<Job>find("kind = ?1 and veId = ?2 and vemId = ?3", Sort.by("attempt").descending(),
                JobKind.PROVISION, veId, vemId).firstResultOptional();
    }

    /** Puts a job back with a backoff after a transient failure. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void later(Job job, String reason, Duration backoff) {
        job.state = JobState.PENDING;
        job.reason = reason;
        job.nextRunAt = Instant.now().plus(backoff);
        job.updatedAt = Instant.now();
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void finish(Job job, JobState state, String reason) {
        job.state = state;
        job.reason = reason;
        job.updatedAt = Instant.now();
    }
}
