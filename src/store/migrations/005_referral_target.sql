-- 005_referral_target.sql — referral targets (issue 5, "Targets"): how many outstanding
-- members each mass organisation (enum cand_source 2..7: Đoàn Thanh niên, Hội LHPN, Công
-- đoàn, Hội Nông dân, Hội CCB, MTTQ; not the cell) should refer to the party in a year, per
-- committee. The referrals report sums them over a subtree.
CREATE TABLE referral_target (
	org_id INTEGER NOT NULL REFERENCES org(id),
	year INTEGER NOT NULL,
	source INTEGER NOT NULL CHECK (source BETWEEN 2 AND 7),
	target INTEGER NOT NULL CHECK (target >= 0),
	PRIMARY KEY (org_id, year, source)
) @strict;
