-- 009_counters.sql — per-organisation day counters, so that the summaries of a subtree on
-- any day read a few rows per organisation instead of every placement, member and person.
--
-- org_day holds, per organisation and day, how the counts of the summary change that day:
-- members placed there (members), of whom official (official) and women (women), and the
-- admissions made there (admitted, admitted_women: member.admitted_on at admit_org_id).
-- The count of a subtree on day D is the sum of its organisations' rows with day <= D;
-- the admissions of a period, the sum of the rows in it. The counting rules are the ones
-- of store_report.c's queries, written once, in the view member_day below: a placement
-- counts on D when start <= D < end and ceremony <= D < exit (its span [s, e)); it counts
-- as official from max(s, official date, recognition day) on.
--
-- The rows are derived: the triggers of 010_counter_triggers (one file per engine) keep
-- them in the transaction of every write to placement, member and person; a bulk load
-- drops those triggers and rebuilds the table at its end (store_bulk_end); a copy leaves
-- the table to the destination's triggers (store_copy.c).
CREATE TABLE org_day (
	org_id INTEGER NOT NULL,
	day INTEGER NOT NULL,
	members INTEGER NOT NULL,
	official INTEGER NOT NULL,
	women INTEGER NOT NULL,
	admitted INTEGER NOT NULL,
	admitted_women INTEGER NOT NULL,
	PRIMARY KEY (org_id, day)
) @no_rowid;

-- Each placement's span: s its first day counted, e the day after its last (NULL: still
-- counted), o the first day its member is official (NULL: not official).
CREATE VIEW placement_span AS
SELECT pl.id AS placement_id, pl.member_id, pl.org_id,
	CASE WHEN ps.gender = 2 THEN 1 ELSE 0 END AS woman,
	CASE WHEN pl.start_date > m.ceremony_date THEN pl.start_date ELSE m.ceremony_date END AS s,
	CASE WHEN m.exit_date IS NULL OR pl.end_date < m.exit_date THEN pl.end_date
		ELSE m.exit_date END AS e,
	CASE WHEN m.official_date IS NULL THEN NULL
		WHEN m.recognized_on > m.official_date THEN m.recognized_on
		ELSE m.official_date END AS o
FROM placement pl JOIN member m ON m.id = pl.member_id JOIN person ps ON ps.id = m.person_id;

-- The changes every placement and membership makes to the counters (placement_id is NULL
-- on an admission's row).
CREATE VIEW member_day AS
SELECT placement_id, member_id, org_id, s AS day, 1 AS members, 0 AS official,
	woman AS women, 0 AS admitted, 0 AS admitted_women
FROM placement_span WHERE e IS NULL OR s < e
UNION ALL
SELECT placement_id, member_id, org_id, e, -1, 0, -woman, 0, 0
FROM placement_span WHERE s < e
UNION ALL
SELECT placement_id, member_id, org_id, CASE WHEN o > s THEN o ELSE s END, 0, 1, 0, 0, 0
FROM placement_span WHERE o IS NOT NULL AND (e IS NULL OR (o < e AND s < e))
UNION ALL
SELECT placement_id, member_id, org_id, e, 0, -1, 0, 0, 0
FROM placement_span WHERE o IS NOT NULL AND o < e AND s < e
UNION ALL
SELECT NULL, m.id, m.admit_org_id, m.admitted_on, 0, 0, 0, 1,
	CASE WHEN ps.gender = 2 THEN 1 ELSE 0 END
FROM member m JOIN person ps ON ps.id = m.person_id;

INSERT INTO org_day(org_id, day, members, official, women, admitted, admitted_women)
SELECT org_id, day, sum(members), sum(official), sum(women), sum(admitted), sum(admitted_women)
FROM member_day GROUP BY org_id, day;
