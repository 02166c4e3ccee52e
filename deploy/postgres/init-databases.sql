-- One database and one owner per service: no service can read another's tables.
CREATE USER image_service WITH PASSWORD 'image_service';
CREATE DATABASE sharedfs_image OWNER image_service;
CREATE USER ve_service WITH PASSWORD 've_service';
CREATE DATABASE sharedfs_ve OWNER ve_service;
CREATE USER node_provisioner WITH PASSWORD 'node_provisioner';
CREATE DATABASE sharedfs_provisioner OWNER node_provisioner;
CREATE USER nfs_exporter WITH PASSWORD 'nfs_exporter';
CREATE DATABASE sharedfs_exporter OWNER nfs_exporter;
