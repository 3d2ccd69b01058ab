-- 013_candidate_member.sql — cases by the membership their ceremony created, so that a
-- case row of an import linked to a member already in the database (and the member's page)
-- finds that member's case by an index instead of reading every case.
CREATE INDEX candidate_member ON candidate(member_id);
