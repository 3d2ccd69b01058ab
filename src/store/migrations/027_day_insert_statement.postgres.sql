-- 027_day_insert_statement.postgres.sql — the day counters of inserted memberships and
-- placements added once per statement rather than once per row. A statement inserts
-- several rows at once (a load of cases: ~8 per statement); the row triggers of
-- 010_counter_triggers.postgres.sql ran org_day_apply's INSERT over the view member_day for
-- each of them, 137 µs a row at 10% national scale (bench/BENCHMARKS.md, session 11). The
-- statement trigger reads the rows the statement inserted (its transition table) and adds
-- what they count in one INSERT, grouped by org and day as before. Both kinds of trigger
-- run after the statement's rows are all in place, so the counters come out the same.
-- The view is read for one row at a time (LATERAL, kept from being flattened by OFFSET
-- 0), so its rows are found by the row's id as the row trigger's were: joined to the
-- transition table as a whole, PostgreSQL computed the view for every placement in the
-- database (3.1 s a statement at 10% national scale, against 0.5 ms).
-- Updates and deletes keep their row triggers: a BEFORE trigger must read what a row
-- counted before it changed, which a statement trigger cannot.
CREATE FUNCTION org_day_insert_rows() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF TG_TABLE_NAME = 'placement' THEN
		INSERT INTO org_day(org_id, day, members, official, women, admitted, admitted_women)
		SELECT d.org_id, d.day, sum(d.members), sum(d.official), sum(d.women),
			sum(d.admitted), sum(d.admitted_women)
		FROM new_rows n CROSS JOIN LATERAL (SELECT * FROM member_day v
			WHERE v.placement_id = n.id OFFSET 0) d
		GROUP BY d.org_id, d.day
		ON CONFLICT (org_id, day) DO UPDATE SET members = org_day.members + excluded.members,
			official = org_day.official + excluded.official,
			women = org_day.women + excluded.women,
			admitted = org_day.admitted + excluded.admitted,
			admitted_women = org_day.admitted_women + excluded.admitted_women;
	ELSE
		INSERT INTO org_day(org_id, day, members, official, women, admitted, admitted_women)
		SELECT d.org_id, d.day, sum(d.members), sum(d.official), sum(d.women),
			sum(d.admitted), sum(d.admitted_women)
		FROM new_rows n CROSS JOIN LATERAL (SELECT * FROM member_day v
			WHERE v.member_id = n.id OFFSET 0) d
		GROUP BY d.org_id, d.day
		ON CONFLICT (org_id, day) DO UPDATE SET members = org_day.members + excluded.members,
			official = org_day.official + excluded.official,
			women = org_day.women + excluded.women,
			admitted = org_day.admitted + excluded.admitted,
			admitted_women = org_day.admitted_women + excluded.admitted_women;
	END IF;
	RETURN NULL;
END
$$;

DROP TRIGGER placement_day_insert ON placement;
DROP TRIGGER member_day_insert ON member;
CREATE TRIGGER placement_day_insert AFTER INSERT ON placement REFERENCING NEW TABLE AS new_rows
	FOR EACH STATEMENT EXECUTE FUNCTION org_day_insert_rows();
CREATE TRIGGER member_day_insert AFTER INSERT ON member REFERENCING NEW TABLE AS new_rows
	FOR EACH STATEMENT EXECUTE FUNCTION org_day_insert_rows();
