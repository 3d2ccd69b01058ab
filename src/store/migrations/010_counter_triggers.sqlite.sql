-- 010_counter_triggers.sqlite.sql — the triggers that keep org_day (009_counters.sql) in
-- the transaction of every write to placement, member and person, on SQLite. Each write
-- takes away what the rows it changes counted before (BEFORE) and adds what they count
-- after (AFTER), both read from the view member_day, through the view org_day_add, whose
-- one trigger adds a row of changes to the counters. The PostgreSQL twin of this file is
-- 010_counter_triggers.postgres.sql.
CREATE VIEW org_day_add AS
SELECT org_id, day, members, official, women, admitted, admitted_women FROM org_day;

CREATE TRIGGER org_day_add_row INSTEAD OF INSERT ON org_day_add
BEGIN
	INSERT INTO org_day(org_id, day, members, official, women, admitted, admitted_women)
	VALUES (NEW.org_id, NEW.day, NEW.members, NEW.official, NEW.women, NEW.admitted,
		NEW.admitted_women)
	ON CONFLICT (org_id, day) DO UPDATE SET members = members + excluded.members,
		official = official + excluded.official, women = women + excluded.women,
		admitted = admitted + excluded.admitted,
		admitted_women = admitted_women + excluded.admitted_women;
END;

CREATE TRIGGER placement_day_insert AFTER INSERT ON placement
BEGIN
	INSERT INTO org_day_add SELECT org_id, day, members, official, women, admitted, admitted_women
	FROM member_day WHERE placement_id = NEW.id;
END;

CREATE TRIGGER placement_day_update_old BEFORE UPDATE ON placement
BEGIN
	INSERT INTO org_day_add SELECT org_id, day, -members, -official, -women, -admitted, -admitted_women
	FROM member_day WHERE placement_id = OLD.id;
END;

CREATE TRIGGER placement_day_update_new AFTER UPDATE ON placement
BEGIN
	INSERT INTO org_day_add SELECT org_id, day, members, official, women, admitted, admitted_women
	FROM member_day WHERE placement_id = NEW.id;
END;

CREATE TRIGGER placement_day_delete BEFORE DELETE ON placement
BEGIN
	INSERT INTO org_day_add SELECT org_id, day, -members, -official, -women, -admitted, -admitted_women
	FROM member_day WHERE placement_id = OLD.id;
END;

CREATE TRIGGER member_day_insert AFTER INSERT ON member
BEGIN
	INSERT INTO org_day_add SELECT org_id, day, members, official, women, admitted, admitted_women
	FROM member_day WHERE member_id = NEW.id;
END;

CREATE TRIGGER member_day_update_old BEFORE UPDATE OF person_id, admit_org_id, admitted_on, ceremony_date, official_date, exit_date,
	recognized_on ON member
BEGIN
	INSERT INTO org_day_add SELECT org_id, day, -members, -official, -women, -admitted, -admitted_women
	FROM member_day WHERE member_id = OLD.id;
END;

CREATE TRIGGER member_day_update_new AFTER UPDATE OF person_id, admit_org_id, admitted_on, ceremony_date, official_date, exit_date,
	recognized_on ON member
BEGIN
	INSERT INTO org_day_add SELECT org_id, day, members, official, women, admitted, admitted_women
	FROM member_day WHERE member_id = NEW.id;
END;

CREATE TRIGGER member_day_delete BEFORE DELETE ON member
BEGIN
	INSERT INTO org_day_add SELECT org_id, day, -members, -official, -women, -admitted, -admitted_women
	FROM member_day WHERE member_id = OLD.id;
END;

CREATE TRIGGER person_day_update_old BEFORE UPDATE OF gender ON person
BEGIN
	INSERT INTO org_day_add SELECT org_id, day, -members, -official, -women, -admitted, -admitted_women
	FROM member_day WHERE member_id IN (SELECT id FROM member WHERE person_id = OLD.id);
END;

CREATE TRIGGER person_day_update_new AFTER UPDATE OF gender ON person
BEGIN
	INSERT INTO org_day_add SELECT org_id, day, members, official, women, admitted, admitted_women
	FROM member_day WHERE member_id IN (SELECT id FROM member WHERE person_id = NEW.id);
END;
