-- Messaging tables shared by every service (each in its own database).
-- Versions 0.x are reserved for this module; services number their own migrations from 1.

-- One row per record key; updating it serialises the transactions that publish under the
-- same key, so for one key the outbox id order is the commit order.
CREATE TABLE sharedfs_outbox_key (
    record_key  TEXT PRIMARY KEY,
    last_seq    BIGINT NOT NULL
);

CREATE TABLE sharedfs_outbox (
    id          BIGSERIAL PRIMARY KEY,
    event_id    UUID NOT NULL UNIQUE,
    topic       TEXT NOT NULL,
    record_key  TEXT NOT NULL,
    key_seq     BIGINT NOT NULL,
    ce_type     TEXT NOT NULL,
    ce_source   TEXT NOT NULL,
    ce_subject  TEXT NOT NULL,
    ce_time     TIMESTAMPTZ NOT NULL,
    payload     TEXT NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    sent_at     TIMESTAMPTZ,
    UNIQUE (record_key, key_seq)
);

-- The relay reads only what is still to be sent.
CREATE INDEX sharedfs_outbox_unsent ON sharedfs_outbox (id) WHERE sent_at IS NULL;
CREATE INDEX sharedfs_outbox_sent_at ON sharedfs_outbox (sent_at) WHERE sent_at IS NOT NULL;

CREATE TABLE sharedfs_inbox (
    consumer      TEXT NOT NULL,
    event_id      TEXT NOT NULL,
    topic         TEXT NOT NULL,
    processed_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (consumer, event_id)
);
CREATE INDEX sharedfs_inbox_processed_at ON sharedfs_inbox (processed_at);
