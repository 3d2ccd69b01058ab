-- 018_org_day_cover.postgres.sql — the counters' sums from the index alone on PostgreSQL.
-- SQLite keeps org_day in its key's order (WITHOUT ROWID), so the rows of an org up to a
-- day are one range of the table; PostgreSQL keeps rows in a heap beside org_day_pkey and
-- fetched each summed row from there: 62,863 rows, 222 ms of a commune's summary at 10%
-- (its superior's sum, for the share). With the counts in the index, and the visibility
-- map set (a bulk load ends in VACUUM, store_commit), the sum is an index-only scan.
CREATE INDEX org_day_cover ON org_day (org_id, day)
	INCLUDE (members, official, women, admitted, admitted_women);
