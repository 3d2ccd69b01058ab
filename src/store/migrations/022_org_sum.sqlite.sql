-- 022_org_sum.sqlite.sql — each org's day counters summed over all its days (org_sum),
-- so that a count as of a recent day reads the few rows after it instead of every row
-- before it: members on day D = org_sum - the rows of org_day with day > D
-- (store_report.c: store_count_members). The nation's count as of today summed all
-- 19.6 million rows of org_day at national scale (5 s warm, 15 s beside other work), and
-- every province's summary paid it again for its share of the nation.
--
-- Kept from org_day itself by the triggers below, so every way org_day changes (the
-- counter triggers of 010, a bulk load's rebuild: store__org_days_rebuild, which runs with
-- these triggers dropped and fills org_sum again in the same pass) keeps it.
CREATE TABLE org_sum (
	org_id INTEGER PRIMARY KEY,
	members INTEGER NOT NULL,
	official INTEGER NOT NULL,
	women INTEGER NOT NULL
);

INSERT INTO org_sum(org_id, members, official, women)
SELECT org_id, sum(members), sum(official), sum(women) FROM org_day GROUP BY org_id;

CREATE TRIGGER org_day_sum_insert AFTER INSERT ON org_day
BEGIN
	INSERT INTO org_sum(org_id, members, official, women)
	VALUES (NEW.org_id, NEW.members, NEW.official, NEW.women)
	ON CONFLICT (org_id) DO UPDATE SET members = members + excluded.members,
		official = official + excluded.official, women = women + excluded.women;
END;

CREATE TRIGGER org_day_sum_update AFTER UPDATE ON org_day
BEGIN
	UPDATE org_sum SET members = members - OLD.members, official = official - OLD.official,
		women = women - OLD.women WHERE org_id = OLD.org_id;
	INSERT INTO org_sum(org_id, members, official, women)
	VALUES (NEW.org_id, NEW.members, NEW.official, NEW.women)
	ON CONFLICT (org_id) DO UPDATE SET members = members + excluded.members,
		official = official + excluded.official, women = women + excluded.women;
END;

CREATE TRIGGER org_day_sum_delete AFTER DELETE ON org_day
BEGIN
	UPDATE org_sum SET members = members - OLD.members, official = official - OLD.official,
		women = women - OLD.women WHERE org_id = OLD.org_id;
END;
