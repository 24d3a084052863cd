-- The columns of Nova's services table that its Service object (1.22) carries and NovaSim's lacked: the service's
-- version (Zed's compute is 64) and when its report_count last went up (db.service_update sets it).
ALTER TABLE services ADD COLUMN version INTEGER DEFAULT 0 NOT NULL;
ALTER TABLE services ADD COLUMN last_seen_up TIMESTAMP;
