-- Customizations of this host's images, recorded when CustomizationRequested (or its revert) arrives;
-- the customization worker does the disk work from here, each step recorded, so a kill at any point
-- is followed by a re-run that converges and publishes once.
CREATE TABLE customization (
    customization_id   UUID PRIMARY KEY,
    image_id           UUID NOT NULL,
    root_path          TEXT NOT NULL,
    path               TEXT NOT NULL,
    scope              TEXT NOT NULL,
    apply_to_existing  BOOLEAN NOT NULL,
    private_dirs       TEXT[] NOT NULL,
    shared_subdirs     TEXT[] NOT NULL,
    ram_dirs           TEXT[] NOT NULL,
    -- PENDING; APPLYING (original kept: trees built from now on get their copies); APPLIED; FAILED;
    -- REVERT_PENDING; REVERTING (nodes built from now on lose the link); REVERTED
    state              TEXT NOT NULL,
    -- a revert asked for before the apply finished: it follows the apply
    revert_requested   BOOLEAN NOT NULL DEFAULT FALSE,
    -- nodes ("ve/vem") seen holding the link when the revert started, so a re-run still reports them
    revert_plan        TEXT[] NOT NULL DEFAULT '{}',
    applied_at         TIMESTAMPTZ,
    -- the last outcome published (JSON of the event), and why the last try or step failed
    result             TEXT,
    reason             TEXT,
    tries              INT NOT NULL DEFAULT 0,
    next_run_at        TIMESTAMPTZ NOT NULL,
    created_at         TIMESTAMPTZ NOT NULL,
    updated_at         TIMESTAMPTZ NOT NULL
);
CREATE INDEX customization_due ON customization (next_run_at)
    WHERE state IN ('PENDING', 'APPLYING', 'REVERT_PENDING', 'REVERTING');
CREATE INDEX customization_image ON customization (image_id);

-- Uploaded content of customized files, per VE (vem_id 0) or node: the last revision received, and
-- the one written. A node's file waits here (PENDING) until its tree is built.
CREATE TABLE custom_file (
    ve_id             BIGINT NOT NULL,
    vem_id            BIGINT NOT NULL,
    path              TEXT NOT NULL,
    image_id          UUID NOT NULL,
    root_path         TEXT NOT NULL,
    revision          BIGINT NOT NULL,
    sha256            TEXT NOT NULL,
    content           BYTEA NOT NULL,
    -- PENDING (node tree not built yet), WRITTEN, FAILED (see reason)
    state             TEXT NOT NULL,
    written_revision  BIGINT NOT NULL DEFAULT 0,
    server_path       TEXT,
    reason            TEXT,
    updated_at        TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (ve_id, vem_id, path)
);
CREATE INDEX custom_file_pending ON custom_file (ve_id, vem_id) WHERE state = 'PENDING';
