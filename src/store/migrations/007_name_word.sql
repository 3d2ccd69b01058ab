-- 007_name_word.sql — the words of every person's folded name (person.name_key), so that a
-- member search by name starts from the people having a word that begins with the rarest
-- query word (store_search.c) instead of walking every member of the subtree.
--
-- One row per distinct word of a name; derived from person.name_key and kept by the store
-- (store_member.c: store_person_insert, store_person_update; store_person_words_rebuild
-- after a bulk load and an anonymized copy). No foreign key: the rows are written only
-- next to their person, and a bulk rebuild need not check 17 million of them one by one.
-- The words are split in SQL, the same on both engines (@strpos: instr / strpos), and the
-- people already in the database are backfilled here.
CREATE TABLE person_word (
	word TEXT @ckey NOT NULL,
	person_id INTEGER NOT NULL,
	PRIMARY KEY (word, person_id)
) @no_rowid;
CREATE INDEX person_word_person ON person_word(person_id);

WITH RECURSIVE w(person_id, word, rest) AS (
	SELECT id, CAST('' AS TEXT), name_key || ' ' FROM person
	UNION ALL
	SELECT person_id, substr(rest, 1, @strpos(rest, ' ') - 1),
		substr(rest, @strpos(rest, ' ') + 1)
	FROM w WHERE rest <> ''
)
INSERT INTO person_word(word, person_id)
SELECT DISTINCT word, person_id FROM w WHERE word <> '' ORDER BY word, person_id;
