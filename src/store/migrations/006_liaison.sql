-- 006_liaison.sql — a mass-organisation liaison sees its own referrals (DESIGN.md roles):
-- the mass organisation the account speaks for, an enum cand_source of core/candidate.h
-- (2 Đoàn Thanh niên … 7 Mặt trận Tổ quốc); NULL for every other role.
ALTER TABLE app_user ADD COLUMN source INTEGER;
