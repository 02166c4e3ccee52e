-- Images on this storage host, from image events: which roots to look after.
CREATE TABLE image_on_host (
    image_id   UUID PRIMARY KEY,
    name       TEXT NOT NULL,
    root_path  TEXT NOT NULL,
    shared     BOOLEAN NOT NULL,
    version    BIGINT NOT NULL,
    deleted    BOOLEAN NOT NULL DEFAULT FALSE
);

-- Work recorded from events and run by the workers, one node's jobs in order.
CREATE TABLE job (
    id              BIGSERIAL PRIMARY KEY,
    kind            TEXT NOT NULL,
    ve_id           BIGINT NOT NULL,
    vem_id          BIGINT NOT NULL,
    attempt         INT NOT NULL,
    image_id        UUID NOT NULL,
    root_path       TEXT NOT NULL,
    shared          BOOLEAN NOT NULL,
    private_dirs    TEXT[] NOT NULL,
    shared_subdirs  TEXT[] NOT NULL,
    ram_dirs        TEXT[] NOT NULL,
    state           TEXT NOT NULL,
    tries           INT NOT NULL DEFAULT 0,
    next_run_at     TIMESTAMPTZ NOT NULL,
    reason          TEXT,
    created_at      TIMESTAMPTZ NOT NULL,
    updated_at      TIMESTAMPTZ NOT NULL,
    UNIQUE (kind, ve_id, vem_id, attempt)
);
CREATE INDEX job_due ON job (next_run_at, id) WHERE state = 'PENDING';
CREATE INDEX job_node ON job (ve_id, vem_id, id);

-- What is known to have been done for a node, so a re-run never redoes it.
CREATE TABLE node_record (
    ve_id                  BIGINT NOT NULL,
    vem_id                 BIGINT NOT NULL,
    root_path              TEXT,
    tree_path              TEXT,
    tree_reported_attempt  INT NOT NULL DEFAULT 0,
    -- NONE, RUNNING (started, no result: interrupted if still so), SUCCEEDED, FAILED
    hook_state             TEXT NOT NULL DEFAULT 'NONE',
    hook_attempt           INT NOT NULL DEFAULT 0,
    hook_runs              INT NOT NULL DEFAULT 0,
    unexported             BOOLEAN NOT NULL DEFAULT FALSE,
    purged                 BOOLEAN NOT NULL DEFAULT FALSE,
    PRIMARY KEY (ve_id, vem_id)
);
