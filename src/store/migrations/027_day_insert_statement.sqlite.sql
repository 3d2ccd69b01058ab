-- 027_day_insert_statement.sqlite.sql — nothing on SQLite, which has no statement
-- triggers: the PostgreSQL twin adds the day counters of inserted memberships and
-- placements once per statement instead of once per row.
SELECT 1;
