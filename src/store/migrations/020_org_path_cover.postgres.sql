-- 020_org_path_cover.postgres.sql — a subtree's orgs from the index alone on PostgreSQL.
-- Every subtree query reads its orgs by the range of their paths (org_path_key), then joins
-- on their ids; PostgreSQL fetched each org from the heap for its id, code and kind: 936
-- orgs of a province on 691 pages of org, twice for its due list (the cases that may be
-- due, the count of open ones) and once for each sum of a summary. With them in the index,
-- and org's visibility map set (autovacuum does it after the import of orgs), the range is
-- an index-only scan of some 14 pages.
CREATE INDEX org_path_cover ON org (path) INCLUDE (id, code, kind, founded, dissolved);
