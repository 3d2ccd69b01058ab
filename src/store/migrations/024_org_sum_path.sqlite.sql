-- 024_org_sum_path.sqlite.sql — each org's totals (org_sum, 022) carry the org's path, so
-- that a subtree's totals are one range of an index (org_sum_path) instead of a probe of
-- org_sum for each org of the range: a commune's summary counts its province for its
-- share, 9,057 orgs at national scale, 26 ms of probes on PostgreSQL
-- (store_report.c: store_count_members). An org's path is set once, right after its row
-- is written and before any member is placed in it (store_org.c); the trigger on org
-- keeps the copy should a path ever change.
ALTER TABLE org_sum ADD COLUMN path TEXT NOT NULL DEFAULT '';
UPDATE org_sum SET path = (SELECT o.path FROM org o WHERE o.id = org_sum.org_id);
CREATE INDEX org_sum_path ON org_sum(path, members, official, women);

DROP TRIGGER org_day_sum_insert;
DROP TRIGGER org_day_sum_update;

CREATE TRIGGER org_day_sum_insert AFTER INSERT ON org_day
BEGIN
	INSERT INTO org_sum(org_id, path, members, official, women)
	SELECT NEW.org_id, o.path, NEW.members, NEW.official, NEW.women FROM org o
	WHERE o.id = NEW.org_id
	ON CONFLICT (org_id) DO UPDATE SET members = members + excluded.members,
		official = official + excluded.official, women = women + excluded.women;
END;

CREATE TRIGGER org_day_sum_update AFTER UPDATE ON org_day
BEGIN
	UPDATE org_sum SET members = members - OLD.members, official = official - OLD.official,
		women = women - OLD.women WHERE org_id = OLD.org_id;
	INSERT INTO org_sum(org_id, path, members, official, women)
	SELECT NEW.org_id, o.path, NEW.members, NEW.official, NEW.women FROM org o
	WHERE o.id = NEW.org_id
	ON CONFLICT (org_id) DO UPDATE SET members = members + excluded.members,
		official = official + excluded.official, women = women + excluded.women;
END;

CREATE TRIGGER org_path_sum AFTER UPDATE OF path ON org
BEGIN
	UPDATE org_sum SET path = NEW.path WHERE org_id = NEW.id;
END;

-- A binary from before this migration writes org_sum without the path (its bulk load's
-- rebuild): the path is filled here, so that while app servers are upgraded one by one
-- (docs/deploy.md, Upgrades) an old one's import keeps the sums right. ptdv's own writes
-- give the path, and the WHEN clause skips them.
CREATE TRIGGER org_sum_path_fill AFTER INSERT ON org_sum WHEN NEW.path = ''
BEGIN
	UPDATE org_sum SET path = (SELECT o.path FROM org o WHERE o.id = NEW.org_id)
	WHERE org_id = NEW.org_id;
END;
