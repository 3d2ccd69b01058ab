-- 016_case_due.sql — beside each case's summary, two dates core/ derives from it for the
-- due list: due_on, a lower bound of the case's deadline on any day from its latest date
-- on, whatever the holiday table (core_candidate_due_floor; NULL when it has none: closed,
-- or waiting with no deadline), and latest_on, the latest date of the summary
-- (core_candidate_summary_last). The due list then reads the cases whose bound falls in its
-- window and those whose summary changed after its day (store_case_each_due) instead of
-- every open case of the subtree. Written by the store with the rest of the summary; filled
-- here from C (store.c runs store__case_due_fill after this file, in its transaction),
-- since the deadlines' rules live in core/ only. Their index comes with 017.
ALTER TABLE candidate ADD COLUMN due_on INTEGER;
ALTER TABLE candidate ADD COLUMN latest_on INTEGER;
