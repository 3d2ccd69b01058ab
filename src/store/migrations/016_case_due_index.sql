-- 016_case_due_index.sql — the indexes of the due list's two branches (015_case_due.sql),
-- built once over the filled columns rather than kept up to date while 015 filled them;
-- and candidate_org made to cover the count of a subtree's open cases on a day (the due
-- list's heading: store_case_count_open), which then reads no case row.
CREATE INDEX candidate_due ON candidate(org_id, due_on);
CREATE INDEX candidate_latest ON candidate(org_id, latest_on);
DROP INDEX candidate_org;
CREATE INDEX candidate_org ON candidate(org_id, closed_on, source_on, source);
