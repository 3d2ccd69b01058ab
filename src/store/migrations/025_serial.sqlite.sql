-- 025_serial.sqlite.sql — nothing on SQLite: the PostgreSQL twin defines the function of
-- the macro @serial, which plans a statement without parallel workers; SQLite has none.
SELECT 1;
