-- What the test consumer processed, in processing order.
CREATE TABLE test_processed (
    processing_seq  BIGSERIAL PRIMARY KEY,
    event_id        TEXT NOT NULL,
    ve_id           BIGINT NOT NULL,
    vem_id          BIGINT NOT NULL
);

-- A per-VE counter updated in the same transaction as the outbox write.
CREATE TABLE test_counter (
    ve_id  BIGINT PRIMARY KEY,
    n      BIGINT NOT NULL
);
