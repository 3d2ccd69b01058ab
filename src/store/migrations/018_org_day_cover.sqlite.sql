-- 018_org_day_cover.sqlite.sql — nothing on SQLite: org_day is a WITHOUT ROWID table, kept
-- in the order of its key with every column, which is what the PostgreSQL twin's covering
-- index gives there.
SELECT 1;
