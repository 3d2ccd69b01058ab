-- 024_org_sum_path.sqlite.sql — each org's totals (org_sum, 022) carry the org's path, so
-- that a subtree's totals are one range of an index (org_sum_path) instead of a probe of
-- org_sum for each org of the range: a commune's summary counts its province for its
-- share, 9,057 orgs at national scale, 26 ms of probes on PostgreSQL
-- (store_report.c: store_count_members).
ALTER TABLE org_sum ADD COLUMN path TEXT NOT NULL DEFAULT '';
UPDATE org_sum SET path = (SELECT o.path FROM org o WHERE o.id = org_sum.org_id);
CREATE INDEX org_sum_path ON org_sum(path, members, official, women);

-- An org's first row of org_sum is written by 022's triggers on org_day (and by binaries
-- from before this migration) without the path: it is filled here, once per org (an
-- upsert that updates the row does not fire it). A bulk load's rebuild gives the path
-- itself (store__org_days_rebuild), and the WHEN clause skips its rows.
CREATE TRIGGER org_sum_path_fill AFTER INSERT ON org_sum WHEN NEW.path = ''
BEGIN
	UPDATE org_sum SET path = (SELECT o.path FROM org o WHERE o.id = NEW.org_id)
	WHERE org_id = NEW.org_id;
END;

-- An org's path is set once, right after its row is written and before any member is
-- placed in it (store_org.c); this keeps the copy should a path ever change.
CREATE TRIGGER org_path_sum AFTER UPDATE OF path ON org
BEGIN
	UPDATE org_sum SET path = NEW.path WHERE org_id = NEW.id;
END;
