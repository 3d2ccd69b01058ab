-- 010_counter_triggers.postgres.sql — the triggers that keep org_day (009_counters.sql) in
-- the transaction of every write to placement, member and person, on PostgreSQL: the twin
-- of 010_counter_triggers.sqlite.sql. One function serves them all: a BEFORE trigger takes
-- away what the row counted before the write, an AFTER trigger adds what it counts after,
-- both read from the view member_day.
CREATE FUNCTION org_day_apply() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
	factor integer := 1;
	row_id bigint;
BEGIN
	IF TG_WHEN = 'BEFORE' THEN
		factor := -1;
		row_id := OLD.id;
	ELSE
		row_id := NEW.id;
	END IF;
	IF TG_TABLE_NAME = 'placement' THEN
		INSERT INTO org_day(org_id, day, members, official, women, admitted, admitted_women)
		SELECT d.org_id, d.day, factor * sum(d.members), factor * sum(d.official),
			factor * sum(d.women), factor * sum(d.admitted), factor * sum(d.admitted_women)
		FROM member_day d WHERE d.placement_id = row_id GROUP BY d.org_id, d.day
		ON CONFLICT (org_id, day) DO UPDATE SET members = org_day.members + excluded.members,
			official = org_day.official + excluded.official,
			women = org_day.women + excluded.women,
			admitted = org_day.admitted + excluded.admitted,
			admitted_women = org_day.admitted_women + excluded.admitted_women;
	ELSIF TG_TABLE_NAME = 'member' THEN
		INSERT INTO org_day(org_id, day, members, official, women, admitted, admitted_women)
		SELECT d.org_id, d.day, factor * sum(d.members), factor * sum(d.official),
			factor * sum(d.women), factor * sum(d.admitted), factor * sum(d.admitted_women)
		FROM member_day d WHERE d.member_id = row_id GROUP BY d.org_id, d.day
		ON CONFLICT (org_id, day) DO UPDATE SET members = org_day.members + excluded.members,
			official = org_day.official + excluded.official,
			women = org_day.women + excluded.women,
			admitted = org_day.admitted + excluded.admitted,
			admitted_women = org_day.admitted_women + excluded.admitted_women;
	ELSE
		INSERT INTO org_day(org_id, day, members, official, women, admitted, admitted_women)
		SELECT d.org_id, d.day, factor * sum(d.members), factor * sum(d.official),
			factor * sum(d.women), factor * sum(d.admitted), factor * sum(d.admitted_women)
		FROM member_day d WHERE d.member_id IN (SELECT m.id FROM member m WHERE m.person_id = row_id) GROUP BY d.org_id, d.day
		ON CONFLICT (org_id, day) DO UPDATE SET members = org_day.members + excluded.members,
			official = org_day.official + excluded.official,
			women = org_day.women + excluded.women,
			admitted = org_day.admitted + excluded.admitted,
			admitted_women = org_day.admitted_women + excluded.admitted_women;
	END IF;
	IF TG_OP = 'DELETE' THEN
		RETURN OLD;
	END IF;
	RETURN NEW;
END
$$;
CREATE TRIGGER placement_day_insert AFTER INSERT ON placement FOR EACH ROW EXECUTE FUNCTION org_day_apply();
CREATE TRIGGER placement_day_update_old BEFORE UPDATE ON placement FOR EACH ROW EXECUTE FUNCTION org_day_apply();
CREATE TRIGGER placement_day_update_new AFTER UPDATE ON placement FOR EACH ROW EXECUTE FUNCTION org_day_apply();
CREATE TRIGGER placement_day_delete BEFORE DELETE ON placement FOR EACH ROW EXECUTE FUNCTION org_day_apply();
CREATE TRIGGER member_day_insert AFTER INSERT ON member FOR EACH ROW EXECUTE FUNCTION org_day_apply();
CREATE TRIGGER member_day_update_old BEFORE UPDATE OF person_id, admit_org_id, admitted_on, ceremony_date, official_date, exit_date,
	recognized_on ON member FOR EACH ROW EXECUTE FUNCTION org_day_apply();
CREATE TRIGGER member_day_update_new AFTER UPDATE OF person_id, admit_org_id, admitted_on, ceremony_date, official_date, exit_date,
	recognized_on ON member FOR EACH ROW EXECUTE FUNCTION org_day_apply();
CREATE TRIGGER member_day_delete BEFORE DELETE ON member FOR EACH ROW EXECUTE FUNCTION org_day_apply();
CREATE TRIGGER person_day_update_old BEFORE UPDATE OF gender ON person FOR EACH ROW EXECUTE FUNCTION org_day_apply();
CREATE TRIGGER person_day_update_new AFTER UPDATE OF gender ON person FOR EACH ROW EXECUTE FUNCTION org_day_apply();
