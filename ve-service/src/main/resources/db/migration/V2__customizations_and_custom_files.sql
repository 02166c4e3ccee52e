-- The customizations image-service asked for, from sharedfs.images: an upload is accepted only for
-- a live customization of its path with the matching scope.
CREATE TABLE image_customization (
    customization_id  UUID PRIMARY KEY,
    image_id          UUID NOT NULL,
    path              TEXT NOT NULL,
    scope             TEXT NOT NULL,
    -- LIVE; REVERTED once a revert was requested; SUPERSEDED once a newer customization of the same
    -- path was requested (image-service allows that only after this one failed or was reverted).
    status            TEXT NOT NULL,
    requested_at      TIMESTAMPTZ NOT NULL,
    ended_at          TIMESTAMPTZ
);
CREATE INDEX image_customization_path ON image_customization (image_id, path);

-- The last uploaded content of each customized file of a VE (vem_id 0) or of one node.
CREATE TABLE custom_file (
    ve_id              BIGINT NOT NULL,
    vem_id             BIGINT NOT NULL,
    path               TEXT NOT NULL,
    revision           BIGINT NOT NULL,
    sha256             TEXT NOT NULL,
    content            BYTEA NOT NULL,
    size               INT NOT NULL,
    uploaded_at        TIMESTAMPTZ NOT NULL,
    -- What the storage host reported: the revision it wrote (0: none yet) ...
    written_revision   BIGINT NOT NULL DEFAULT 0,
    written_at         TIMESTAMPTZ,
    storage_host       TEXT,
    server_path        TEXT,
    -- ... and the latest revision it failed to write, with its reason.
    failed_revision    BIGINT NOT NULL DEFAULT 0,
    write_error        TEXT,
    failed_at          TIMESTAMPTZ,
    PRIMARY KEY (ve_id, vem_id, path)
);
