-- 015_word_count.sql — how many people have each name word (person_word's rows per word),
-- so that a member search drives from the query word fewest names begin with, exactly,
-- whatever the scale (store_search.c). Counting a word's rows in person_word took up to
-- 20,000 index entries per query word, and at national scale nearly every word has more:
-- they all tied, and the longest drove the search (a middle name of 1.6 million rows
-- instead of a given name of 97,000).
--
-- Derived from person_word and kept by the store beside it (store_member.c: a person
-- inserted or renamed, a bulk load, store_person_words_rebuild; a copy counts the rows it
-- wrote, store_copy.c). A word no name has any more keeps its row with n = 0.
CREATE TABLE word_count (
	word TEXT @ckey NOT NULL PRIMARY KEY,
	n INTEGER NOT NULL
) @no_rowid;

INSERT INTO word_count(word, n) SELECT word, count(*) FROM person_word GROUP BY word ORDER BY word;
