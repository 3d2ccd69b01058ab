-- 012_search_cover.sql — member search (issue 8): the indexes by which the search goes
-- from a name word's person to its memberships and from a membership to its placements
-- also hold what the day filter reads (ceremony and exit dates; start and end dates and
-- the org), and the row's id, so checking a candidate reads index entries only, not each
-- member and placement row (store_search.c). Same names, so the bulk loader keeps them
-- during a load as before (store.c: bulk_index): their keys still only grow there.
DROP INDEX member_person;
CREATE INDEX member_person ON member(person_id, ceremony_date, exit_date, id);
DROP INDEX placement_member;
CREATE INDEX placement_member ON placement(member_id, start_date, end_date, org_id, id);
