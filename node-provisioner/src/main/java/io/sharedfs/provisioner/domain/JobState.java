package io.sharedfs.provisioner.domain;

/** Where a job is. */
public enum JobState {
    /** A purge waiting for the node's exports to be withdrawn. */
    WAITING,
    /** Due to run (now or after a backoff). */
    PENDING,
    RUNNING,
    DONE,
    /** Gave up: a rule was broken or transient errors outlasted the retries; see the reason. */
    FAILED
}
