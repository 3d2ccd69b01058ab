-- 002_pipeline.sql — the admission pipeline: cases and their events, the holiday calendar
-- of working days, and the date a member's recognition was decided.
-- Dates are INTEGER day numbers since 1970-01-01 (util/date.h); instants are Unix seconds.

-- Databases made before this migration may hold the first draft of these two tables.
DROP TABLE IF EXISTS candidate_event;
DROP TABLE IF EXISTS candidate;

-- A person on the road to admission in a cell. The columns after org_id are a projection
-- of the case's events (core/candidate.h struct cand_summary), rebuilt from them in the
-- transaction that adds an event; the events are the truth.
CREATE TABLE candidate (
	id @id,
	person_id INTEGER NOT NULL REFERENCES person(id),
	org_id INTEGER NOT NULL REFERENCES org(id), -- the cell (chi bộ) the case belongs to
	member_id INTEGER REFERENCES member(id),    -- the membership the ceremony created
	stage INTEGER NOT NULL,                     -- furthest stage entered (1–10)
	outcome INTEGER NOT NULL DEFAULT 0,         -- 0 open, 1 official, 2 struck off, 3 left
	closed_on INTEGER,
	source_on INTEGER NOT NULL, -- the day each stage was entered
	helper_on INTEGER,
	course_on INTEGER,
	dossier_on INTEGER,
	cell_on INTEGER,
	committee_on INTEGER,
	decision_on INTEGER,
	ceremony_on INTEGER,
	recognition_on INTEGER,
	cert_on INTEGER,            -- the latest course certificate
	redo_on INTEGER,            -- the oldest of the latest documents that expire (rule 4)
	received_on INTEGER,        -- the decision received
	recog_committee_on INTEGER, -- the base committee's recognition vote
	over60_on INTEGER,          -- the day each kind of exception was recorded
	education_on INTEGER,
	late_ceremony_on INTEGER,
	decision_ext_on INTEGER,
	recognition_ext_on INTEGER
) @strict;
CREATE INDEX candidate_org ON candidate(org_id, closed_on);
CREATE INDEX candidate_person ON candidate(person_id);

-- Every transition of a case, never edited: a correction is a new row that supersedes one.
CREATE TABLE candidate_event (
	id @id,
	candidate_id INTEGER NOT NULL REFERENCES candidate(id),
	kind INTEGER NOT NULL,        -- enum cand_ev
	sub INTEGER NOT NULL DEFAULT 0, -- document, exception, assessment, helper role, source
	effective INTEGER NOT NULL,
	date2 INTEGER,                -- helper until, introducer together since, decision received
	ref_id INTEGER,               -- a member (helper, introducer) or an org (deciding org)
	supersedes INTEGER REFERENCES candidate_event(id),
	recorded_by TEXT NOT NULL,
	recorded_at INTEGER NOT NULL,
	data TEXT NOT NULL DEFAULT '{}' -- JSON: number, text, votes, ref_label
) @strict;
CREATE INDEX candidate_event_candidate ON candidate_event(candidate_id, effective);
-- One correction per event: a second correction supersedes the first.
CREATE UNIQUE INDEX candidate_event_supersedes ON candidate_event(supersedes);

-- When the recognition as an official member was decided: a report as of an earlier day
-- does not yet count the member official, although the official date (the end of probation)
-- is before it. NULL for members recorded without the pipeline.
ALTER TABLE member ADD COLUMN recognized_on INTEGER;

-- The working-day calendar: days off on weekdays (kind 1) and weekend days worked in
-- exchange (kind 2); every other Monday–Friday is a working day. Edited with
-- `ptdv holiday add`. 2020: Labour Code 2012; from 2021: Labour Code 2019, art. 112
-- (Quốc khánh two days); the days are the government's schedules for public servants.
-- 2026 from the announced schedule; the adjacent Quốc khánh days of 2026 and 2027 and
-- the Tết of 2027 are expected, not yet announced.
CREATE TABLE holiday (
	day INTEGER PRIMARY KEY,
	kind INTEGER NOT NULL CHECK (kind IN (1, 2)),
	name TEXT NOT NULL
) @strict;

INSERT INTO holiday(day, kind, name) VALUES
(18262, 1, 'Tết Dương lịch'), -- 2020-01-01 T4
	(18284, 1, 'Tết Nguyên đán Canh Tý'), -- 2020-01-23 T5
	(18285, 1, 'Tết Nguyên đán Canh Tý'), -- 2020-01-24 T6
	(18288, 1, 'Tết Nguyên đán Canh Tý'), -- 2020-01-27 T2
	(18289, 1, 'Tết Nguyên đán Canh Tý'), -- 2020-01-28 T3
	(18290, 1, 'Tết Nguyên đán Canh Tý'), -- 2020-01-29 T4
	(18354, 1, 'Giỗ Tổ Hùng Vương (10/3 âm lịch)'), -- 2020-04-02 T5
	(18382, 1, 'Ngày Giải phóng miền Nam, thống nhất đất nước'), -- 2020-04-30 T5
	(18383, 1, 'Ngày Quốc tế Lao động'), -- 2020-05-01 T6
	(18507, 1, 'Quốc khánh'), -- 2020-09-02 T4
	(18628, 1, 'Tết Dương lịch'), -- 2021-01-01 T6
	(18668, 1, 'Tết Nguyên đán Tân Sửu'), -- 2021-02-10 T4
	(18669, 1, 'Tết Nguyên đán Tân Sửu'), -- 2021-02-11 T5
	(18670, 1, 'Tết Nguyên đán Tân Sửu'), -- 2021-02-12 T6
	(18673, 1, 'Tết Nguyên đán Tân Sửu'), -- 2021-02-15 T2
	(18674, 1, 'Tết Nguyên đán Tân Sửu'), -- 2021-02-16 T3
	(18738, 1, 'Giỗ Tổ Hùng Vương (10/3 âm lịch)'), -- 2021-04-21 T4
	(18747, 1, 'Ngày Giải phóng miền Nam, thống nhất đất nước'), -- 2021-04-30 T6
	(18750, 1, 'Nghỉ bù Ngày Quốc tế Lao động (01/5 là thứ Bảy)'), -- 2021-05-03 T2
	(18872, 1, 'Quốc khánh'), -- 2021-09-02 T5
	(18873, 1, 'Quốc khánh (ngày liền kề)'), -- 2021-09-03 T6
	(18995, 1, 'Nghỉ bù Tết Dương lịch (01/01 là thứ Bảy)'), -- 2022-01-03 T2
	(19023, 1, 'Tết Nguyên đán Nhâm Dần'), -- 2022-01-31 T2
	(19024, 1, 'Tết Nguyên đán Nhâm Dần'), -- 2022-02-01 T3
	(19025, 1, 'Tết Nguyên đán Nhâm Dần'), -- 2022-02-02 T4
	(19026, 1, 'Tết Nguyên đán Nhâm Dần'), -- 2022-02-03 T5
	(19027, 1, 'Tết Nguyên đán Nhâm Dần'), -- 2022-02-04 T6
	(19093, 1, 'Nghỉ bù Giỗ Tổ Hùng Vương (10/4 là Chủ nhật)'), -- 2022-04-11 T2
	(19114, 1, 'Nghỉ bù Ngày Giải phóng miền Nam (30/4 là thứ Bảy)'), -- 2022-05-02 T2
	(19115, 1, 'Nghỉ bù Ngày Quốc tế Lao động (01/5 là Chủ nhật)'), -- 2022-05-03 T3
	(19236, 1, 'Quốc khánh (ngày liền kề)'), -- 2022-09-01 T5
	(19237, 1, 'Quốc khánh'), -- 2022-09-02 T6
	(19359, 1, 'Nghỉ bù Tết Dương lịch (01/01 là Chủ nhật)'), -- 2023-01-02 T2
	(19377, 1, 'Tết Nguyên đán Quý Mão'), -- 2023-01-20 T6
	(19380, 1, 'Tết Nguyên đán Quý Mão'), -- 2023-01-23 T2
	(19381, 1, 'Tết Nguyên đán Quý Mão'), -- 2023-01-24 T3
	(19382, 1, 'Tết Nguyên đán Quý Mão'), -- 2023-01-25 T4
	(19383, 1, 'Tết Nguyên đán Quý Mão'), -- 2023-01-26 T5
	(19478, 1, 'Ngày Quốc tế Lao động'), -- 2023-05-01 T2
	(19479, 1, 'Nghỉ bù Giỗ Tổ Hùng Vương (29/4 là thứ Bảy)'), -- 2023-05-02 T3
	(19480, 1, 'Nghỉ bù Ngày Giải phóng miền Nam (30/4 là Chủ nhật)'), -- 2023-05-03 T4
	(19601, 1, 'Quốc khánh (ngày liền kề)'), -- 2023-09-01 T6
	(19604, 1, 'Nghỉ bù Quốc khánh (02/9 là thứ Bảy)'), -- 2023-09-04 T2
	(19723, 1, 'Tết Dương lịch'), -- 2024-01-01 T2
	(19761, 1, 'Tết Nguyên đán Giáp Thìn'), -- 2024-02-08 T5
	(19762, 1, 'Tết Nguyên đán Giáp Thìn'), -- 2024-02-09 T6
	(19765, 1, 'Tết Nguyên đán Giáp Thìn'), -- 2024-02-12 T2
	(19766, 1, 'Tết Nguyên đán Giáp Thìn'), -- 2024-02-13 T3
	(19767, 1, 'Tết Nguyên đán Giáp Thìn'), -- 2024-02-14 T4
	(19831, 1, 'Giỗ Tổ Hùng Vương (10/3 âm lịch)'), -- 2024-04-18 T5
	(19842, 1, 'Nghỉ hoán đổi (làm bù thứ Bảy 04/5/2024)'), -- 2024-04-29 T2
	(19843, 1, 'Ngày Giải phóng miền Nam, thống nhất đất nước'), -- 2024-04-30 T3
	(19844, 1, 'Ngày Quốc tế Lao động'), -- 2024-05-01 T4
	(19847, 2, 'Làm bù cho ngày nghỉ 29/4/2024'), -- 2024-05-04 T7
	(19968, 1, 'Quốc khánh'), -- 2024-09-02 T2
	(19969, 1, 'Quốc khánh (ngày liền kề)'), -- 2024-09-03 T3
	(20089, 1, 'Tết Dương lịch'), -- 2025-01-01 T4
	(20115, 1, 'Tết Nguyên đán Ất Tỵ'), -- 2025-01-27 T2
	(20116, 1, 'Tết Nguyên đán Ất Tỵ'), -- 2025-01-28 T3
	(20117, 1, 'Tết Nguyên đán Ất Tỵ'), -- 2025-01-29 T4
	(20118, 1, 'Tết Nguyên đán Ất Tỵ'), -- 2025-01-30 T5
	(20119, 1, 'Tết Nguyên đán Ất Tỵ'), -- 2025-01-31 T6
	(20185, 1, 'Giỗ Tổ Hùng Vương (10/3 âm lịch)'), -- 2025-04-07 T2
	(20204, 2, 'Làm bù cho ngày nghỉ 02/5/2025'), -- 2025-04-26 T7
	(20208, 1, 'Ngày Giải phóng miền Nam, thống nhất đất nước'), -- 2025-04-30 T4
	(20209, 1, 'Ngày Quốc tế Lao động'), -- 2025-05-01 T5
	(20210, 1, 'Nghỉ hoán đổi (làm bù thứ Bảy 26/4/2025)'), -- 2025-05-02 T6
	(20332, 1, 'Quốc khánh (ngày liền kề)'), -- 2025-09-01 T2
	(20333, 1, 'Quốc khánh'), -- 2025-09-02 T3
	(20454, 1, 'Tết Dương lịch'), -- 2026-01-01 T5
	(20500, 1, 'Tết Nguyên đán Bính Ngọ'), -- 2026-02-16 T2
	(20501, 1, 'Tết Nguyên đán Bính Ngọ'), -- 2026-02-17 T3
	(20502, 1, 'Tết Nguyên đán Bính Ngọ'), -- 2026-02-18 T4
	(20503, 1, 'Tết Nguyên đán Bính Ngọ'), -- 2026-02-19 T5
	(20504, 1, 'Tết Nguyên đán Bính Ngọ'), -- 2026-02-20 T6
	(20570, 1, 'Nghỉ bù Giỗ Tổ Hùng Vương (26/4 là Chủ nhật)'), -- 2026-04-27 T2
	(20573, 1, 'Ngày Giải phóng miền Nam, thống nhất đất nước'), -- 2026-04-30 T5
	(20574, 1, 'Ngày Quốc tế Lao động'), -- 2026-05-01 T6
	(20697, 1, 'Quốc khánh (ngày liền kề, dự kiến)'), -- 2026-09-01 T3
	(20698, 1, 'Quốc khánh'), -- 2026-09-02 T4
	(20819, 1, 'Tết Dương lịch'), -- 2027-01-01 T6
	(20853, 1, 'Tết Nguyên đán Đinh Mùi (dự kiến)'), -- 2027-02-04 T5
	(20854, 1, 'Tết Nguyên đán Đinh Mùi (dự kiến)'), -- 2027-02-05 T6
	(20857, 1, 'Tết Nguyên đán Đinh Mùi (dự kiến)'), -- 2027-02-08 T2
	(20858, 1, 'Tết Nguyên đán Đinh Mùi (dự kiến)'), -- 2027-02-09 T3
	(20859, 1, 'Tết Nguyên đán Đinh Mùi (dự kiến)'), -- 2027-02-10 T4
	(20924, 1, 'Giỗ Tổ Hùng Vương (10/3 âm lịch)'), -- 2027-04-16 T6
	(20938, 1, 'Ngày Giải phóng miền Nam, thống nhất đất nước'), -- 2027-04-30 T6
	(20941, 1, 'Nghỉ bù Ngày Quốc tế Lao động (01/5 là thứ Bảy)'), -- 2027-05-03 T2
	(21063, 1, 'Quốc khánh'), -- 2027-09-02 T5
	(21064, 1, 'Quốc khánh (ngày liền kề, dự kiến)');  -- 2027-09-03 T6
