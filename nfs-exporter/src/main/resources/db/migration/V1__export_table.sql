-- The desired export table, kept from events; one database may serve several storage hosts,
-- so every row names its host.

-- One row per storage host: the generation of the desired table and how applying it went.
-- Every change to the desired table takes this row's lock and bumps the generation, so the apply
-- worker, which reads under the same lock, always sees a whole generation.
CREATE TABLE export_state (
    storage_host          TEXT PRIMARY KEY,
    generation            BIGINT NOT NULL DEFAULT 0,
    -- The last generation the apply command accepted, and when.
    applied_generation    BIGINT NOT NULL DEFAULT 0,
    applied_at            TIMESTAMPTZ,
    applied_entries       INT NOT NULL DEFAULT 0,
    -- The last attempt, whatever its outcome: APPLIED, SKIPPED, FAILED or REFUSED.
    last_generation       BIGINT NOT NULL DEFAULT -1,
    last_result           TEXT,
    last_message          TEXT,
    last_duration_ms      BIGINT,
    last_finished_at      TIMESTAMPTZ,
    consecutive_failures  INT NOT NULL DEFAULT 0,
    -- Generation and message of the last ExportsApplyFailed published, so a retry that fails the
    -- same way is not published again.
    reported_failure      TEXT,
    -- Nodes ready to export that wait, one "VE/VEM reason" per line.
    held_back             TEXT NOT NULL DEFAULT ''
);

-- Images deleted from the registry: their nodes leave the table, also ones whose events come late.
CREATE TABLE export_deleted_image (
    storage_host  TEXT NOT NULL,
    image_id      UUID NOT NULL,
    root_path     TEXT,
    deleted_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (storage_host, image_id)
);

-- Every node of this storage host the exporter has heard of.
CREATE TABLE export_node (
    storage_host          TEXT NOT NULL,
    ve_id                 BIGINT NOT NULL,
    vem_id                BIGINT NOT NULL,
    -- From the latest NodeAdded (null until one arrives).
    hostname              TEXT,
    address               TEXT,
    image_id              UUID,
    root_path             TEXT,
    shared                BOOLEAN NOT NULL DEFAULT false,
    private_dirs          TEXT[] NOT NULL DEFAULT '{}',
    shared_subdirs        TEXT[] NOT NULL DEFAULT '{}',
    ram_dirs              TEXT[] NOT NULL DEFAULT '{}',
    added_attempt         INT NOT NULL DEFAULT 0,
    -- From NodeProvisioned: a node is ready once provisioned for the image it now runs.
    provisioned_attempt   INT NOT NULL DEFAULT 0,
    provisioned_image_id  UUID,
    -- Why the node is out of the table: removed (for good), its image deleted, or its latest
    -- NodeAdded names another storage host.
    removed               BOOLEAN NOT NULL DEFAULT false,
    image_deleted         BOOLEAN NOT NULL DEFAULT false,
    elsewhere             BOOLEAN NOT NULL DEFAULT false,
    -- The generation in which it first became ready to export: the older node keeps a contested address.
    activated_generation  BIGINT,
    -- The last generation that changed this node's part of the table.
    changed_generation    BIGINT NOT NULL DEFAULT 0,
    -- Whether a file handed to the apply command ever held it (then only a successful apply
    -- without it may report it unexported).
    ever_rendered         BOOLEAN NOT NULL DEFAULT false,
    -- The applied table includes it since this generation, with lines of this digest; null when not.
    exported_generation   BIGINT,
    exported_signature    TEXT,
    -- The last generation whose ExportsApplyFailed named it: the next applied table reports it
    -- exported again even if its lines did not change.
    failed_generation     BIGINT,
    unexported_published  BOOLEAN NOT NULL DEFAULT false,
    updated_at            TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (storage_host, ve_id, vem_id)
);

CREATE INDEX export_node_image ON export_node (storage_host, image_id);
