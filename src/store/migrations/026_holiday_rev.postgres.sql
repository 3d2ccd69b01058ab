-- 026_holiday_rev.postgres.sql — the holiday calendar's revision: see
-- 026_holiday_rev.sqlite.sql. One statement trigger moves it once per statement that
-- writes `holiday` (a TRUNCATE too).
CREATE TABLE holiday_rev (
	n BIGINT NOT NULL
);

INSERT INTO holiday_rev(n) VALUES (floor(random() * 4294967296)::bigint);

CREATE FUNCTION holiday_rev_bump() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	UPDATE holiday_rev SET n = n + 1 + floor(random() * 1000000000)::bigint;
	RETURN NULL;
END
$$;

CREATE TRIGGER holiday_rev_bump AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON holiday
	FOR EACH STATEMENT EXECUTE FUNCTION holiday_rev_bump();
