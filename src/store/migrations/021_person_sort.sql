-- 021_person_sort.sql — people in list order (Vietnamese name order, ties by id): the
-- member list without a name over a large subtree walks them through this index and keeps
-- those who are members in the subtree on the day, stopping at the page's end, instead of
-- reading and sorting every placement of the subtree (store_search.c: page_by_people).
-- A bulk load of people drops it and builds it again at its end (store.c: bulk_index).
CREATE INDEX person_sort ON person(sort_key, id);
