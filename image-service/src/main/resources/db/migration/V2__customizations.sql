-- Files of an image customized per VE, per node or for all nodes (issue #9), with what the storage
-- host answered. Node lists hold "<veId>/<vemId>" entries.
CREATE TABLE customization (
    id                        UUID PRIMARY KEY,
    -- History goes with the image: an image with live customizations cannot be deleted.
    image_id                  UUID NOT NULL REFERENCES image (id) ON DELETE CASCADE,
    path                      TEXT NOT NULL,
    scope                     TEXT NOT NULL,
    link_target               TEXT NOT NULL,
    apply_to_existing_nodes   BOOLEAN NOT NULL,
    status                    TEXT NOT NULL,
    reason                    TEXT,
    ve_copies                 BIGINT[] NOT NULL DEFAULT '{}',
    node_copies               TEXT[] NOT NULL DEFAULT '{}',
    linked_nodes              TEXT[] NOT NULL DEFAULT '{}',
    kept_local_changes        TEXT[] NOT NULL DEFAULT '{}',
    restored_nodes            TEXT[] NOT NULL DEFAULT '{}',
    requested_at              TIMESTAMPTZ NOT NULL,
    updated_at                TIMESTAMPTZ NOT NULL,
    version                   BIGINT NOT NULL
);

-- At most one live customization per file of an image; FAILED and REVERTED ones are history.
CREATE UNIQUE INDEX customization_one_live_per_path ON customization (image_id, path)
    WHERE status NOT IN ('FAILED', 'REVERTED');
CREATE INDEX customization_image_newest ON customization (image_id, requested_at DESC, id);
