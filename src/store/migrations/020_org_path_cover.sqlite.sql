-- 020_org_path_cover.sqlite.sql — nothing on SQLite: the PostgreSQL twin lets a subtree's
-- orgs be read from the index alone; SQLite finds each org of the range by its rowid in
-- the same B-tree pass, in process, and its figures do not need it.
SELECT 1;
