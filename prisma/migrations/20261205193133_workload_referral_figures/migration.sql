-- The open referrals of the team lead's workload table on `/team` (decision 072, as decision 058 for
-- the cases and contacts): each counsellor's referrals by team and status, counted by the case's team
-- and counsellor as copied onto the referral (migration 20261204235030_referral_mediation_case_copies).
-- Kept by triggers on every write of "Referral" — a new referral, a status change, a deletion (also by
-- the cascade of a deleted case or client), and the copies' update when the case changes team or
-- counsellor — so no code writes this table and no write path can forget it. A row whose count falls
-- to 0 is deleted: a counsellor without referrals has no row, as the counting statement it replaces
-- returns none. WITHOUT ROWID: the rows are stored in key order, a team's rows are one short range.
--
-- A new referral gets its copies from the case by the copies' AFTER INSERT trigger, an UPDATE of
-- "caseTeamId" and "caseCounsellorId": it is counted by the update trigger below. The insert trigger
-- counts the copies a row is inserted with (none, as no code writes them; a row inserted with copies
-- is counted by it, and the copies' update then moves the count if the case's values differ).

-- CreateTable
CREATE TABLE "CounsellorReferralCount" (
    "teamId" TEXT NOT NULL,
    "counsellorId" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "n" INTEGER NOT NULL,

    PRIMARY KEY ("teamId", "counsellorId", "status")
) WITHOUT ROWID;

INSERT INTO "CounsellorReferralCount" ("teamId", "counsellorId", "status", "n")
  SELECT "caseTeamId", "caseCounsellorId", "status", COUNT(*) FROM "Referral"
  WHERE "caseTeamId" IS NOT NULL AND "caseCounsellorId" IS NOT NULL GROUP BY "caseTeamId", "caseCounsellorId", "status";

CREATE TRIGGER "Referral_workload_insert" AFTER INSERT ON "Referral"
WHEN NEW."caseTeamId" IS NOT NULL AND NEW."caseCounsellorId" IS NOT NULL
BEGIN
  INSERT INTO "CounsellorReferralCount" ("teamId", "counsellorId", "status", "n")
    VALUES (NEW."caseTeamId", NEW."caseCounsellorId", NEW."status", 1)
    ON CONFLICT ("teamId", "counsellorId", "status") DO UPDATE SET "n" = "n" + 1;
END;

CREATE TRIGGER "Referral_workload_delete" AFTER DELETE ON "Referral"
WHEN OLD."caseTeamId" IS NOT NULL AND OLD."caseCounsellorId" IS NOT NULL
BEGIN
  UPDATE "CounsellorReferralCount" SET "n" = "n" - 1
    WHERE "teamId" = OLD."caseTeamId" AND "counsellorId" = OLD."caseCounsellorId" AND "status" = OLD."status";
  DELETE FROM "CounsellorReferralCount"
    WHERE "teamId" = OLD."caseTeamId" AND "counsellorId" = OLD."caseCounsellorId" AND "status" = OLD."status" AND "n" <= 0;
END;

-- Its status changed; its case assigned, reassigned, unassigned or transferred (the copies follow the
-- case); the copies set after an insert; moved to another case.
CREATE TRIGGER "Referral_workload_update" AFTER UPDATE OF "caseTeamId", "caseCounsellorId", "status" ON "Referral"
WHEN OLD."caseTeamId" IS NOT NEW."caseTeamId" OR OLD."caseCounsellorId" IS NOT NEW."caseCounsellorId"
  OR OLD."status" IS NOT NEW."status"
BEGIN
  UPDATE "CounsellorReferralCount" SET "n" = "n" - 1
    WHERE "teamId" = OLD."caseTeamId" AND "counsellorId" = OLD."caseCounsellorId" AND "status" = OLD."status";
  DELETE FROM "CounsellorReferralCount"
    WHERE "teamId" = OLD."caseTeamId" AND "counsellorId" = OLD."caseCounsellorId" AND "status" = OLD."status" AND "n" <= 0;
  INSERT INTO "CounsellorReferralCount" ("teamId", "counsellorId", "status", "n")
    SELECT NEW."caseTeamId", NEW."caseCounsellorId", NEW."status", 1 WHERE NEW."caseTeamId" IS NOT NULL AND NEW."caseCounsellorId" IS NOT NULL
    ON CONFLICT ("teamId", "counsellorId", "status") DO UPDATE SET "n" = "n" + 1;
END;
