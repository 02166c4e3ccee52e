-- What the batch test consumer processed (the other consumer of the same records writes test_processed).
CREATE TABLE test_batch_processed (
    processing_seq  BIGSERIAL PRIMARY KEY,
    event_id        TEXT NOT NULL,
    ve_id           BIGINT NOT NULL,
    vem_id          BIGINT NOT NULL
);
