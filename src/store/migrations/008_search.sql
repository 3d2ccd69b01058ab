-- 008_search.sql — member search by name without reading the people it does not return
-- (issue 8). Each name word row also carries its person's sort key and folded name, and
-- its key is (word, sort_key, person_id): the LIKE of all the query words is evaluated on
-- the word rows themselves, and the people having one given word come in Vietnamese name
-- order, so the first page of a common name stops after its rows (store_search.c).
--
-- Kept by the store as 007's table was (store_member.c: store_person_insert,
-- store_person_update, store_person_words_rebuild), and filled here from person.
DROP TABLE person_word;
CREATE TABLE person_word (
	word TEXT @ckey NOT NULL,
	sort_key @blob NOT NULL,
	person_id INTEGER NOT NULL,
	name_key TEXT @ckey NOT NULL,
	PRIMARY KEY (word, sort_key, person_id)
) @no_rowid;
CREATE INDEX person_word_person ON person_word(person_id);

WITH RECURSIVE w(person_id, word, rest) AS (
	SELECT id, CAST('' AS TEXT), name_key || ' ' FROM person
	UNION ALL
	SELECT person_id, substr(rest, 1, @strpos(rest, ' ') - 1),
		substr(rest, @strpos(rest, ' ') + 1)
	FROM w WHERE rest <> ''
)
INSERT INTO person_word(word, sort_key, person_id, name_key)
SELECT DISTINCT w.word, p.sort_key, p.id, p.name_key FROM w JOIN person p ON p.id = w.person_id
WHERE w.word <> '' ORDER BY 1, 2, 3;
