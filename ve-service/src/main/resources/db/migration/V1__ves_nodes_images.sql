-- Images as image-service's events describe them (event-carried state).
CREATE TABLE image_projection (
    image_id        UUID PRIMARY KEY,
    name            TEXT NOT NULL,
    root_path       TEXT NOT NULL,
    storage_host    TEXT NOT NULL,
    shared          BOOLEAN NOT NULL,
    private_dirs    TEXT[] NOT NULL,
    shared_subdirs  TEXT[] NOT NULL,
    ram_dirs        TEXT[] NOT NULL,
    status          TEXT,
    status_reason   TEXT,
    version         BIGINT NOT NULL,
    deleted         BOOLEAN NOT NULL DEFAULT FALSE
);

CREATE SEQUENCE ve_id_seq START WITH 1;

CREATE TABLE ve (
    id            BIGINT PRIMARY KEY,
    name          TEXT NOT NULL UNIQUE,
    image_id      UUID NOT NULL,
    multi_server  BOOLEAN NOT NULL,
    description   TEXT,
    -- VEM ids are allocated from here and never reused.
    last_vem_id   BIGINT NOT NULL DEFAULT 0,
    version       BIGINT NOT NULL,
    created_at    TIMESTAMPTZ NOT NULL,
    updated_at    TIMESTAMPTZ NOT NULL
);
CREATE INDEX ve_image ON ve (image_id);

CREATE TABLE node (
    ve_id                       BIGINT NOT NULL REFERENCES ve (id),
    vem_id                      BIGINT NOT NULL,
    hostname                    TEXT NOT NULL,
    address                     TEXT NOT NULL,
    mac                         TEXT,
    attempt                     INT NOT NULL,
    state                       TEXT NOT NULL,
    state_reason                TEXT,
    state_since                 TIMESTAMPTZ NOT NULL,
    -- Facts from the agents' events; the state is derived from them, whatever their order.
    provisioned_attempt         INT NOT NULL DEFAULT 0,
    failed_attempt              INT NOT NULL DEFAULT 0,
    failed_reason               TEXT,
    exported_generation         BIGINT NOT NULL DEFAULT 0,
    export_failed_generation    BIGINT NOT NULL DEFAULT 0,
    export_failed_reason        TEXT,
    export_failures_retried     BIGINT NOT NULL DEFAULT 0,
    remove_requested            BOOLEAN NOT NULL DEFAULT FALSE,
    purge_requested             BOOLEAN NOT NULL DEFAULT FALSE,
    unexported                  BOOLEAN NOT NULL DEFAULT FALSE,
    purged                      BOOLEAN NOT NULL DEFAULT FALSE,
    tree_path                   TEXT,
    tree_files                  BIGINT,
    tree_bytes                  BIGINT,
    tree_skipped                TEXT,
    created_at                  TIMESTAMPTZ NOT NULL,
    updated_at                  TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (ve_id, vem_id)
);
-- One live node per address in the whole system.
CREATE UNIQUE INDEX node_live_address ON node (address) WHERE state <> 'REMOVED';

CREATE TABLE node_state_history (
    id          BIGSERIAL PRIMARY KEY,
    ve_id       BIGINT NOT NULL,
    vem_id      BIGINT NOT NULL,
    from_state  TEXT,
    to_state    TEXT NOT NULL,
    reason      TEXT,
    entered_at  TIMESTAMPTZ NOT NULL
);
CREATE INDEX node_state_history_node ON node_state_history (ve_id, vem_id, id);

CREATE TABLE node_hook_result (
    ve_id        BIGINT NOT NULL,
    vem_id       BIGINT NOT NULL,
    attempt      INT NOT NULL,
    outcome      TEXT NOT NULL,
    exit_code    INT,
    detail       TEXT,
    duration_ms  BIGINT NOT NULL,
    output_tail  TEXT,
    truncated    BOOLEAN NOT NULL,
    reported_at  TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (ve_id, vem_id, attempt)
);

-- Upstream commands already handled, by command id: a repeated command does nothing.
CREATE TABLE handled_command (
    command_id   TEXT PRIMARY KEY,
    type         TEXT NOT NULL,
    ve_id        BIGINT,
    vem_id       BIGINT,
    rejected     BOOLEAN NOT NULL,
    reason       TEXT,
    handled_at   TIMESTAMPTZ NOT NULL
);
