CREATE TABLE image (
    id                      UUID PRIMARY KEY,
    name                    TEXT NOT NULL UNIQUE,
    root_path               TEXT NOT NULL,
    storage_host            TEXT NOT NULL,
    shared                  BOOLEAN NOT NULL,
    private_dirs            TEXT[] NOT NULL,
    shared_subdirs          TEXT[] NOT NULL,
    ram_dirs                TEXT[] NOT NULL,
    description             TEXT,
    status                  TEXT NOT NULL,
    status_reason           TEXT,
    -- The version whose layout answer is awaited; older answers are stale.
    layout_request_version  BIGINT NOT NULL,
    version                 BIGINT NOT NULL,
    created_at              TIMESTAMPTZ NOT NULL,
    updated_at              TIMESTAMPTZ NOT NULL,
    UNIQUE (storage_host, root_path)
);
CREATE INDEX image_storage_host ON image (storage_host);

-- Which VE uses which image, from VeCreated / VeUpdated / VeDeleted.
CREATE TABLE ve_usage (
    ve_id     BIGINT PRIMARY KEY,
    ve_name   TEXT,
    image_id  UUID NOT NULL
);
CREATE INDEX ve_usage_image ON ve_usage (image_id);

-- Live nodes per VE and image, from NodeAdded and NodeStateChanged(REMOVED).
CREATE TABLE node_usage (
    ve_id     BIGINT NOT NULL,
    vem_id    BIGINT NOT NULL,
    image_id  UUID NOT NULL,
    removed   BOOLEAN NOT NULL DEFAULT FALSE,
    PRIMARY KEY (ve_id, vem_id)
);
CREATE INDEX node_usage_image ON node_usage (image_id) WHERE NOT removed;
