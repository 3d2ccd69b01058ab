-- 022_org_sum.postgres.sql — each org's day counters summed over all its days (org_sum):
-- see 022_org_sum.sqlite.sql. Kept from org_day by one row trigger (writes are
-- serialized by the write lock, so no two transactions add to one org's row at once).
CREATE TABLE org_sum (
	org_id BIGINT PRIMARY KEY,
	members BIGINT NOT NULL,
	official BIGINT NOT NULL,
	women BIGINT NOT NULL
);

INSERT INTO org_sum(org_id, members, official, women)
SELECT org_id, sum(members), sum(official), sum(women) FROM org_day GROUP BY org_id;

CREATE FUNCTION org_sum_apply() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF TG_OP <> 'INSERT' THEN
		UPDATE org_sum SET members = members - OLD.members,
			official = official - OLD.official, women = women - OLD.women
		WHERE org_id = OLD.org_id;
	END IF;
	IF TG_OP <> 'DELETE' THEN
		INSERT INTO org_sum(org_id, members, official, women)
		VALUES (NEW.org_id, NEW.members, NEW.official, NEW.women)
		ON CONFLICT (org_id) DO UPDATE SET members = org_sum.members + excluded.members,
			official = org_sum.official + excluded.official,
			women = org_sum.women + excluded.women;
	END IF;
	RETURN NULL;
END
$$;

CREATE TRIGGER org_day_sum AFTER INSERT OR UPDATE OR DELETE ON org_day
	FOR EACH ROW EXECUTE FUNCTION org_sum_apply();
