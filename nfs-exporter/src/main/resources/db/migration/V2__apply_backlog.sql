-- What the apply worker needs to know to choose when to apply (see ApplyPolicy): how long the oldest
-- unapplied change has waited, and how many nodes await their tree.

-- When the oldest change not yet handed to an apply attempt was made; null when there is none.
ALTER TABLE export_state ADD COLUMN pending_since TIMESTAMPTZ;
-- When the newest node whose tree was reported (provisioned or failed) was added: nodes added well
-- before it and still awaiting their tree are stuck, not queued.
ALTER TABLE export_state ADD COLUMN reported_added_at TIMESTAMPTZ;

-- When the node's current attempt was added here (its latest NodeAdded).
ALTER TABLE export_node ADD COLUMN added_at TIMESTAMPTZ;
-- The last attempt node-provisioner reported failed (NodeProvisioningFailed); 0 when none.
ALTER TABLE export_node ADD COLUMN provisioning_failed_attempt INT NOT NULL DEFAULT 0;
-- Known from NodeAdded, not withdrawn, and its current attempt's tree not reported yet.
ALTER TABLE export_node ADD COLUMN awaiting BOOLEAN NOT NULL DEFAULT false;

-- Rows from before this migration: none counts as awaiting (added_at unknown), which only makes the
-- worker apply sooner.
CREATE INDEX export_node_awaiting ON export_node (storage_host, added_at) WHERE awaiting;
