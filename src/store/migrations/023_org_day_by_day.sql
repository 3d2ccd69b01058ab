-- 023_org_day_by_day.sql — the day counters by day: a count as of a day of the last month
-- (a dashboard's, a report's as of today) reads the few rows after the day in one range
-- of this index, instead of probing org_day once for each org of the subtree (272,000 for
-- the nation at national scale, and every province's summary counts the nation for its
-- share): store_report.c, store_count_members.
CREATE INDEX org_day_day ON org_day(day, org_id);
