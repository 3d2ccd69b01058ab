-- 019_word_stay.sql — member search at national scale (store_search.c): each name word row
-- also says on which days its person is a member placed somewhere, and where, so that the
-- search's count and walk decide most rows from the word rows alone instead of probing
-- member and placement for each (random pages of two tables of millions of rows).
--
--   stay_from, stay_to  the days [stay_from, stay_to) (stay_to NULL: still) on which the
--                       person has exactly one membership and placement in force, and none
--                       outside; [0, 0) when never. NULL stay_from: the person's stays
--                       overlap or leave a gap (a readmission): the search probes them.
--   stay_org, org_from  the org of the last stay and its first day: on a day D in
--                       [org_from, stay_to) the person is there.
--
-- Derived from member and placement and kept by the store on every write of either
-- (store_member.c: store__person_stay after each write, WORDS_STAYS_OF with a bulk load's
-- words, store__person_stays_refresh for the people a bulk load gave memberships, a
-- subtree's copy, an anonymized copy), filled after this file by store.c's stays_fill. A
-- row whose stay columns are NULL (as an INSERT that names none writes it) is always
-- probed, never wrong.
ALTER TABLE person_word ADD COLUMN stay_from INTEGER;
ALTER TABLE person_word ADD COLUMN stay_to INTEGER;
ALTER TABLE person_word ADD COLUMN stay_org INTEGER;
ALTER TABLE person_word ADD COLUMN org_from INTEGER;
