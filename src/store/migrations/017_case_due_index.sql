-- 017_case_due_index.sql — candidate_org widened with what the due list filters on
-- (016_case_due.sql), built once after 016 filled the columns: the cases of each org of the
-- subtree are read from this one index — whether open on the day (closed_on, source_on), of
-- the source asked (source), in the window (due_on) or changed after the day (latest_on) —
-- and only the rows the list may hold are fetched from the table; the count of open cases
-- reads the index alone. One index rather than one per branch: a province's orgs lie
-- all over the id range, so each index costs a leaf page per org.
DROP INDEX candidate_org;
CREATE INDEX candidate_org ON candidate(org_id, closed_on, source_on, source, due_on, latest_on);
-- The cases changed after a day, whatever their org: PostgreSQL reads the due list's second
-- branch from it when its statistics say few are (none, for today) instead of scanning all
-- of candidate_org on latest_on; SQLite keeps reading that branch per org.
CREATE INDEX candidate_latest ON candidate(latest_on);
