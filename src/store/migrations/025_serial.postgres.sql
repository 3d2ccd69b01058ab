-- 025_serial.postgres.sql — a condition that is always true and tells PostgreSQL to plan
-- the statement without parallel workers (the macro @serial, db_pg.c). A statement that
-- calls a function marked PARALLEL UNSAFE is never planned in parallel; this one is
-- inlined to true, so it costs nothing at run time. The member search's walks read a
-- few hundred index entries, but their estimates (a LIMIT over a word's rows, a LIKE's
-- selectivity) passed the parallel thresholds: starting two workers took 5 of the 8 ms of
-- a walk that runs in 1 ms alone (bench/BENCHMARKS.md, session 10). Reports that sum
-- millions of rows keep their workers.
CREATE FUNCTION ptdv_serial() RETURNS boolean LANGUAGE sql STABLE PARALLEL UNSAFE
	AS 'SELECT true';
