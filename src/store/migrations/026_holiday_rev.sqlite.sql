-- 026_holiday_rev.sqlite.sql — the holiday calendar's revision: one number that moves
-- whenever a row of `holiday` is written, in the writing transaction. An app server keeps
-- the calendar it has read (with its table of working days) per revision and reads the
-- rows again only when the number has moved (app__calendar, app_pipeline.c), on this
-- server or any other sharing the database. It starts at a random value and moves by a
-- random step: a database created again under the same name, or a write rolled back and
-- another made after it, does not meet a calendar kept for the one before.
CREATE TABLE holiday_rev (
	n INTEGER NOT NULL
) @strict;

INSERT INTO holiday_rev(n) VALUES (abs(random() % 4294967296));

CREATE TRIGGER holiday_rev_insert AFTER INSERT ON holiday
BEGIN
	UPDATE holiday_rev SET n = n + 1 + abs(random() % 1000000000);
END;

CREATE TRIGGER holiday_rev_update AFTER UPDATE ON holiday
BEGIN
	UPDATE holiday_rev SET n = n + 1 + abs(random() % 1000000000);
END;

CREATE TRIGGER holiday_rev_delete AFTER DELETE ON holiday
BEGIN
	UPDATE holiday_rev SET n = n + 1 + abs(random() % 1000000000);
END;
