-- 014_word_person.sql — person_word without its index by person: the one statement that
-- used it (a person's old name words, deleted when the name changes) now finds them by the
-- table's own key, from the old name (store_person_update). A bulk load of people no
-- longer builds it: 2.9 s of the 10% national members import.
DROP INDEX person_word_person;
