-- What the node itself last reported of its boot (through its storage host's nfs-exporter), and when it
-- last came up. Observations only: the lifecycle state does not depend on them.
ALTER TABLE node ADD COLUMN boot_stage TEXT;
ALTER TABLE node ADD COLUMN boot_reported_at TIMESTAMPTZ;
ALTER TABLE node ADD COLUMN boot_error TEXT;
ALTER TABLE node ADD COLUMN booted_at TIMESTAMPTZ;
