-- 024_org_sum_path.postgres.sql — each org's totals carry its path: see
-- 024_org_sum_path.sqlite.sql.
ALTER TABLE org_sum ADD COLUMN path TEXT COLLATE "C";
UPDATE org_sum t SET path = o.path FROM org o WHERE o.id = t.org_id;
ALTER TABLE org_sum ALTER COLUMN path SET NOT NULL;
CREATE INDEX org_sum_path ON org_sum (path) INCLUDE (members, official, women);

CREATE OR REPLACE FUNCTION org_sum_apply() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF TG_OP <> 'INSERT' THEN
		UPDATE org_sum SET members = members - OLD.members,
			official = official - OLD.official, women = women - OLD.women
		WHERE org_id = OLD.org_id;
	END IF;
	IF TG_OP <> 'DELETE' THEN
		INSERT INTO org_sum(org_id, path, members, official, women)
		SELECT NEW.org_id, o.path, NEW.members, NEW.official, NEW.women FROM org o
		WHERE o.id = NEW.org_id
		ON CONFLICT (org_id) DO UPDATE SET members = org_sum.members + excluded.members,
			official = org_sum.official + excluded.official,
			women = org_sum.women + excluded.women;
	END IF;
	RETURN NULL;
END
$$;

CREATE FUNCTION org_path_sum() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	UPDATE org_sum SET path = NEW.path WHERE org_id = NEW.id;
	RETURN NULL;
END
$$;

CREATE TRIGGER org_path_sum AFTER UPDATE OF path ON org
	FOR EACH ROW EXECUTE FUNCTION org_path_sum();

-- A binary from before this migration writes org_sum without the path: see the SQLite
-- twin. Filled before the row is checked against NOT NULL.
CREATE FUNCTION org_sum_path_fill() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	NEW.path := (SELECT o.path FROM org o WHERE o.id = NEW.org_id);
	RETURN NEW;
END
$$;

CREATE TRIGGER org_sum_path_fill BEFORE INSERT ON org_sum
	FOR EACH ROW WHEN (NEW.path IS NULL) EXECUTE FUNCTION org_sum_path_fill();
