-- 011_case_source.sql — the source of each case (who referred the person: enum cand_source)
-- beside its other summary columns, so that the case lists and the due list read it from
-- the case instead of looking for the source event still in force case by case. Written by
-- the store with the rest of the summary (core_candidate_summarize); filled here from the
-- events as the lists used to read it.
ALTER TABLE candidate ADD COLUMN source INTEGER NOT NULL DEFAULT 1;
UPDATE candidate SET source = coalesce((SELECT CASE WHEN e.sub BETWEEN 2 AND 7 THEN e.sub
	ELSE 1 END FROM candidate_event e
	WHERE e.candidate_id = candidate.id AND e.kind = 1
	AND NOT EXISTS (SELECT 1 FROM candidate_event x WHERE x.supersedes = e.id)
	ORDER BY e.id DESC LIMIT 1), 1);
