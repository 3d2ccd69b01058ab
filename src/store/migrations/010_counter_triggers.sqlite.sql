-- 010_counter_triggers.sqlite.sql — the triggers that keep org_day (009_counters.sql) in
-- the transaction of every write to placement, member and person, on SQLite. Each write
-- takes away what the rows it changes counted before (BEFORE) and adds what they count
-- after (AFTER), both read from the view member_day. The PostgreSQL twin of this file is
-- 010_counter_triggers.postgres.sql.

CREATE TRIGGER placement_day_insert AFTER INSERT ON placement
BEGIN
	INSERT INTO org_day(org_id, day, members, official, women, admitted, admitted_women)
	SELECT org_id, day, sum(members), sum(official), sum(women), sum(admitted),
		sum(admitted_women)
	FROM member_day WHERE placement_id = NEW.id GROUP BY org_id, day
	ON CONFLICT (org_id, day) DO UPDATE SET members = org_day.members + excluded.members,
		official = org_day.official + excluded.official, women = org_day.women + excluded.women,
		admitted = org_day.admitted + excluded.admitted,
		admitted_women = org_day.admitted_women + excluded.admitted_women;
END;

CREATE TRIGGER placement_day_update_old BEFORE UPDATE ON placement
BEGIN
	INSERT INTO org_day(org_id, day, members, official, women, admitted, admitted_women)
	SELECT org_id, day, -sum(members), -sum(official), -sum(women), -sum(admitted),
		-sum(admitted_women)
	FROM member_day WHERE placement_id = OLD.id GROUP BY org_id, day
	ON CONFLICT (org_id, day) DO UPDATE SET members = org_day.members + excluded.members,
		official = org_day.official + excluded.official, women = org_day.women + excluded.women,
		admitted = org_day.admitted + excluded.admitted,
		admitted_women = org_day.admitted_women + excluded.admitted_women;
END;

CREATE TRIGGER placement_day_update_new AFTER UPDATE ON placement
BEGIN
	INSERT INTO org_day(org_id, day, members, official, women, admitted, admitted_women)
	SELECT org_id, day, sum(members), sum(official), sum(women), sum(admitted),
		sum(admitted_women)
	FROM member_day WHERE placement_id = NEW.id GROUP BY org_id, day
	ON CONFLICT (org_id, day) DO UPDATE SET members = org_day.members + excluded.members,
		official = org_day.official + excluded.official, women = org_day.women + excluded.women,
		admitted = org_day.admitted + excluded.admitted,
		admitted_women = org_day.admitted_women + excluded.admitted_women;
END;

CREATE TRIGGER placement_day_delete BEFORE DELETE ON placement
BEGIN
	INSERT INTO org_day(org_id, day, members, official, women, admitted, admitted_women)
	SELECT org_id, day, -sum(members), -sum(official), -sum(women), -sum(admitted),
		-sum(admitted_women)
	FROM member_day WHERE placement_id = OLD.id GROUP BY org_id, day
	ON CONFLICT (org_id, day) DO UPDATE SET members = org_day.members + excluded.members,
		official = org_day.official + excluded.official, women = org_day.women + excluded.women,
		admitted = org_day.admitted + excluded.admitted,
		admitted_women = org_day.admitted_women + excluded.admitted_women;
END;

CREATE TRIGGER member_day_insert AFTER INSERT ON member
BEGIN
	INSERT INTO org_day(org_id, day, members, official, women, admitted, admitted_women)
	SELECT org_id, day, sum(members), sum(official), sum(women), sum(admitted),
		sum(admitted_women)
	FROM member_day WHERE member_id = NEW.id GROUP BY org_id, day
	ON CONFLICT (org_id, day) DO UPDATE SET members = org_day.members + excluded.members,
		official = org_day.official + excluded.official, women = org_day.women + excluded.women,
		admitted = org_day.admitted + excluded.admitted,
		admitted_women = org_day.admitted_women + excluded.admitted_women;
END;

CREATE TRIGGER member_day_update_old BEFORE UPDATE OF person_id, admit_org_id, admitted_on, ceremony_date, official_date, exit_date,
	recognized_on ON member
BEGIN
	INSERT INTO org_day(org_id, day, members, official, women, admitted, admitted_women)
	SELECT org_id, day, -sum(members), -sum(official), -sum(women), -sum(admitted),
		-sum(admitted_women)
	FROM member_day WHERE member_id = OLD.id GROUP BY org_id, day
	ON CONFLICT (org_id, day) DO UPDATE SET members = org_day.members + excluded.members,
		official = org_day.official + excluded.official, women = org_day.women + excluded.women,
		admitted = org_day.admitted + excluded.admitted,
		admitted_women = org_day.admitted_women + excluded.admitted_women;
END;

CREATE TRIGGER member_day_update_new AFTER UPDATE OF person_id, admit_org_id, admitted_on, ceremony_date, official_date, exit_date,
	recognized_on ON member
BEGIN
	INSERT INTO org_day(org_id, day, members, official, women, admitted, admitted_women)
	SELECT org_id, day, sum(members), sum(official), sum(women), sum(admitted),
		sum(admitted_women)
	FROM member_day WHERE member_id = NEW.id GROUP BY org_id, day
	ON CONFLICT (org_id, day) DO UPDATE SET members = org_day.members + excluded.members,
		official = org_day.official + excluded.official, women = org_day.women + excluded.women,
		admitted = org_day.admitted + excluded.admitted,
		admitted_women = org_day.admitted_women + excluded.admitted_women;
END;

CREATE TRIGGER member_day_delete BEFORE DELETE ON member
BEGIN
	INSERT INTO org_day(org_id, day, members, official, women, admitted, admitted_women)
	SELECT org_id, day, -sum(members), -sum(official), -sum(women), -sum(admitted),
		-sum(admitted_women)
	FROM member_day WHERE member_id = OLD.id GROUP BY org_id, day
	ON CONFLICT (org_id, day) DO UPDATE SET members = org_day.members + excluded.members,
		official = org_day.official + excluded.official, women = org_day.women + excluded.women,
		admitted = org_day.admitted + excluded.admitted,
		admitted_women = org_day.admitted_women + excluded.admitted_women;
END;

CREATE TRIGGER person_day_update_old BEFORE UPDATE OF gender ON person
BEGIN
	INSERT INTO org_day(org_id, day, members, official, women, admitted, admitted_women)
	SELECT org_id, day, -sum(members), -sum(official), -sum(women), -sum(admitted),
		-sum(admitted_women)
	FROM member_day WHERE member_id IN (SELECT id FROM member WHERE person_id = OLD.id) GROUP BY org_id, day
	ON CONFLICT (org_id, day) DO UPDATE SET members = org_day.members + excluded.members,
		official = org_day.official + excluded.official, women = org_day.women + excluded.women,
		admitted = org_day.admitted + excluded.admitted,
		admitted_women = org_day.admitted_women + excluded.admitted_women;
END;

CREATE TRIGGER person_day_update_new AFTER UPDATE OF gender ON person
BEGIN
	INSERT INTO org_day(org_id, day, members, official, women, admitted, admitted_women)
	SELECT org_id, day, sum(members), sum(official), sum(women), sum(admitted),
		sum(admitted_women)
	FROM member_day WHERE member_id IN (SELECT id FROM member WHERE person_id = NEW.id) GROUP BY org_id, day
	ON CONFLICT (org_id, day) DO UPDATE SET members = org_day.members + excluded.members,
		official = org_day.official + excluded.official, women = org_day.women + excluded.women,
		admitted = org_day.admitted + excluded.admitted,
		admitted_women = org_day.admitted_women + excluded.admitted_women;
END;
