-- 001_init.sql — the foundation schema.
-- Dates are INTEGER day numbers since 1970-01-01 (util/date.h); instants are Unix seconds.
-- Macros (@id, @strict, @blob, @ckey) are expanded by each engine file in store/; on
-- PostgreSQL the type INTEGER becomes BIGINT, so every integer holds 64 bits as on SQLite.
-- Nothing is deleted: organisations are dissolved, memberships exited, placements ended.
-- Indexes of person, member and placement are named (not inline constraints) so a bulk
-- load can drop and rebuild them (store_bulk_begin/end).

CREATE TABLE org (
	id @id,
	code TEXT NOT NULL UNIQUE,
	name TEXT NOT NULL,
	kind INTEGER NOT NULL CHECK (kind BETWEEN 1 AND 5),
	parent_id INTEGER REFERENCES org(id),
	path TEXT @ckey NOT NULL UNIQUE, -- materialized path of ids: '/1/5/23/'
	founded INTEGER,
	dissolved INTEGER
) @strict;
CREATE INDEX org_parent ON org(parent_id);

-- Member totals recorded for a superior that is not (wholly) in this database.
CREATE TABLE org_total (
	org_id INTEGER NOT NULL REFERENCES org(id),
	as_of INTEGER NOT NULL,
	members INTEGER NOT NULL CHECK (members >= 0),
	PRIMARY KEY (org_id, as_of)
) @strict;

CREATE TABLE person (
	id @id,
	full_name TEXT NOT NULL,
	name_key TEXT NOT NULL,      -- accent- and case-folded name (util/vn.h vn_fold)
	sort_key @blob NOT NULL,     -- Vietnamese name order (vn_name_sort_key)
	gender INTEGER NOT NULL CHECK (gender IN (1, 2)),
	birth_date INTEGER,
	citizen_id TEXT,
	ethnicity TEXT,
	religion TEXT,
	education INTEGER NOT NULL DEFAULT 0,
	occupation INTEGER NOT NULL DEFAULT 0,
	youth_union INTEGER NOT NULL DEFAULT -1
) @strict;
CREATE UNIQUE INDEX person_citizen_id ON person(citizen_id);
CREATE INDEX person_name_key ON person(name_key);

CREATE TABLE member (
	id @id,
	person_id INTEGER NOT NULL REFERENCES person(id),
	admit_org_id INTEGER NOT NULL REFERENCES org(id), -- org placed in at the ceremony
	admitted_on INTEGER NOT NULL, -- decision date, else ceremony date (counting rule)
	decision_date INTEGER,
	ceremony_date INTEGER NOT NULL,
	official_date INTEGER,
	card_no TEXT,
	exit_date INTEGER,
	exit_reason TEXT
) @strict;
CREATE UNIQUE INDEX member_card_no ON member(card_no);
CREATE INDEX member_person ON member(person_id);
CREATE INDEX member_admitted ON member(admitted_on);

-- Where a member belongs, over time: one row per stay in an org.
CREATE TABLE placement (
	id @id,
	member_id INTEGER NOT NULL REFERENCES member(id),
	org_id INTEGER NOT NULL REFERENCES org(id),
	start_date INTEGER NOT NULL,
	end_date INTEGER -- exclusive; NULL = still there
) @strict;
CREATE INDEX placement_member ON placement(member_id);
CREATE INDEX placement_org ON placement(org_id, start_date);

CREATE TABLE term (
	id @id,
	org_id INTEGER NOT NULL REFERENCES org(id),
	name TEXT NOT NULL,
	start_date INTEGER NOT NULL,
	end_date INTEGER,
	target INTEGER CHECK (target >= 0),
	UNIQUE (org_id, start_date)
) @strict;

CREATE TABLE target (
	org_id INTEGER NOT NULL REFERENCES org(id),
	year INTEGER NOT NULL,
	registered INTEGER CHECK (registered >= 0),
	assigned INTEGER CHECK (assigned >= 0),
	women INTEGER CHECK (women >= 0),
	PRIMARY KEY (org_id, year)
) @strict;

CREATE TABLE app_user (
	id @id,
	login TEXT NOT NULL UNIQUE,
	full_name TEXT NOT NULL,
	role INTEGER NOT NULL,
	org_id INTEGER REFERENCES org(id),
	pass_hash TEXT NOT NULL,
	disabled INTEGER NOT NULL DEFAULT 0,
	created_at INTEGER NOT NULL
) @strict;

-- Every write and every export, with who, when and what changed.
CREATE TABLE audit (
	id @id,
	at INTEGER NOT NULL,
	actor TEXT NOT NULL,
	action TEXT NOT NULL,
	entity TEXT NOT NULL,
	entity_key TEXT,
	before TEXT, -- JSON or NULL
	after TEXT   -- JSON or NULL
) @strict;
CREATE INDEX audit_at ON audit(at);
