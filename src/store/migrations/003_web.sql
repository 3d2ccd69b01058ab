-- 003_web.sql — sessions and login throttling live in the database, so that any app
-- server behind a proxy can serve any request.

CREATE TABLE session (
	token_hash TEXT NOT NULL PRIMARY KEY, -- BLAKE2b of the cookie's token, hex
	user_id INTEGER NOT NULL REFERENCES app_user(id),
	csrf TEXT NOT NULL,
	created_at INTEGER NOT NULL,
	last_seen INTEGER NOT NULL,
	ended_at INTEGER
) @strict;
CREATE INDEX session_by_user ON session(user_id); -- session_user is reserved in PostgreSQL

CREATE TABLE login_attempt (
	id @id,
	at INTEGER NOT NULL,
	login TEXT NOT NULL,
	address TEXT NOT NULL,
	ok INTEGER NOT NULL
) @strict;
CREATE INDEX login_attempt_login ON login_attempt(login, at);
CREATE INDEX login_attempt_address ON login_attempt(address, at);

-- Tokens for scripts using the JSON API (Authorization: Bearer ...); only the hash is kept.
CREATE TABLE api_token (
	token_hash TEXT NOT NULL PRIMARY KEY,
	user_id INTEGER NOT NULL REFERENCES app_user(id),
	label TEXT NOT NULL,
	created_at INTEGER NOT NULL,
	revoked_at INTEGER
) @strict;
CREATE INDEX api_token_user ON api_token(user_id);

-- The scope (org path) the actor worked in, so an admin of a subtree reads the audit log
-- of that subtree only. NULL for the command line (the operator: whole database).
ALTER TABLE audit ADD COLUMN scope TEXT @ckey;
CREATE INDEX audit_scope ON audit(scope, id);
