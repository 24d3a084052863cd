-- Server lists page by page at thousands of instances: newest first, after a marker, in one index range each.
-- A project's servers (the usual list) and everyone's (all_tenants), in (created_at, uuid) order, read backwards.
CREATE INDEX instances_project_created_idx ON instances (project_id, deleted, created_at, uuid);
CREATE INDEX instances_created_idx ON instances (created_at, uuid);
-- changes-since filters on updated_at.
CREATE INDEX instances_updated_idx ON instances (updated_at);
-- The latest fault of each server on a page of /servers/detail.
CREATE INDEX instance_faults_instance_idx ON instance_faults (instance_uuid, id);
