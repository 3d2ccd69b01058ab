-- 024_org_sum_path.postgres.sql — each org's totals carry its path: see
-- 024_org_sum_path.sqlite.sql. The column may be NULL only until the AFTER INSERT trigger
-- below fills it, in the same statement: 022's trigger function writes an org's first
-- row without it, and a BEFORE trigger would run on every upsert, not only on the rows
-- inserted.
ALTER TABLE org_sum ADD COLUMN path TEXT COLLATE "C";
UPDATE org_sum t SET path = o.path FROM org o WHERE o.id = t.org_id;
CREATE INDEX org_sum_path ON org_sum (path) INCLUDE (members, official, women);

CREATE FUNCTION org_sum_path_fill() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	UPDATE org_sum SET path = o.path FROM org o WHERE o.id = NEW.org_id
		AND org_sum.org_id = NEW.org_id;
	RETURN NULL;
END
$$;

CREATE TRIGGER org_sum_path_fill AFTER INSERT ON org_sum
	FOR EACH ROW WHEN (NEW.path IS NULL) EXECUTE FUNCTION org_sum_path_fill();

CREATE FUNCTION org_path_sum() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	UPDATE org_sum SET path = NEW.path WHERE org_id = NEW.id;
	RETURN NULL;
END
$$;

CREATE TRIGGER org_path_sum AFTER UPDATE OF path ON org
	FOR EACH ROW EXECUTE FUNCTION org_path_sum();
