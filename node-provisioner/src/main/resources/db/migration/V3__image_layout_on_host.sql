-- What this agent knows of each image's layout from image events, so a node event's copy of it can be
-- checked before anything is written: a Kafka record is no proof that image-service wrote it.
-- NULL for images recorded before this column existed (their node events are checked against the rules only).
ALTER TABLE image_on_host ADD COLUMN storage_host TEXT;
ALTER TABLE image_on_host ADD COLUMN private_dirs TEXT[];
ALTER TABLE image_on_host ADD COLUMN shared_subdirs TEXT[];
ALTER TABLE image_on_host ADD COLUMN ram_dirs TEXT[];
-- Whether the image was last seen not shared, so its move to shared distrusts what its one node left in /private.
ALTER TABLE image_on_host ADD COLUMN quarantined_private TEXT;
