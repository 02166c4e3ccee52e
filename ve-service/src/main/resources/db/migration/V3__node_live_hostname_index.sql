-- The add check looks a live node up by hostname within its VE; without this it read every node of the VE.
CREATE INDEX node_live_hostname ON node (ve_id, hostname) WHERE state <> 'REMOVED';
