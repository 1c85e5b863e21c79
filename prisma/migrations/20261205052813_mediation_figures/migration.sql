-- CreateTable
CREATE TABLE "MediationFigure" (
    "teamId" TEXT NOT NULL,
    "month" TEXT NOT NULL,
    "split" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "n" INTEGER NOT NULL,
    "minutes" INTEGER NOT NULL,
    "cost" INTEGER NOT NULL,

    PRIMARY KEY ("teamId", "month", "split", "key")
);


-- The /language-mediation overview's figures per team, month and split (decision 048): the billable
-- assignments (BILLABLE_STATUSES of app/domain/mediation-lifecycle.ts) by the month in which they
-- took place, else were requested (UTC, as stored), and the case's team as copied onto each record
-- (caseTeamId, kept by the triggers of 20261204235030_referral_mediation_case_copies; a case that
-- changes team updates that copy, which moves its figures here). A record counts while it is
-- billable and has a team: each write takes the old record's figures off and puts the new one's on.
-- No code writes the table.
INSERT INTO "MediationFigure" ("teamId", "month", "split", "key", "n", "minutes", "cost")
  SELECT "caseTeamId", substr(COALESCE("performedAt", "requestedAt"), 1, 7), 'month', '', COUNT(*), SUM(COALESCE("billedMinutes", 0)), SUM(COALESCE("costCents", 0))
    FROM "LanguageMediation" WHERE "caseTeamId" IS NOT NULL AND "status" IN ('DONE', 'CANCELLED_LATE', 'INVOICED') GROUP BY 1, 2, 4
  UNION ALL
  SELECT "caseTeamId", substr(COALESCE("performedAt", "requestedAt"), 1, 7), 'language', "languageCode", COUNT(*), SUM(COALESCE("billedMinutes", 0)), SUM(COALESCE("costCents", 0))
    FROM "LanguageMediation" WHERE "caseTeamId" IS NOT NULL AND "status" IN ('DONE', 'CANCELLED_LATE', 'INVOICED') GROUP BY 1, 2, 4
  UNION ALL
  SELECT "caseTeamId", substr(COALESCE("performedAt", "requestedAt"), 1, 7), 'mode', "mode", COUNT(*), SUM(COALESCE("billedMinutes", 0)), SUM(COALESCE("costCents", 0))
    FROM "LanguageMediation" WHERE "caseTeamId" IS NOT NULL AND "status" IN ('DONE', 'CANCELLED_LATE', 'INVOICED') GROUP BY 1, 2, 4
  UNION ALL
  SELECT "caseTeamId", substr(COALESCE("performedAt", "requestedAt"), 1, 7), 'bearer', COALESCE("costBearer", ''), COUNT(*), SUM(COALESCE("billedMinutes", 0)), SUM(COALESCE("costCents", 0))
    FROM "LanguageMediation" WHERE "caseTeamId" IS NOT NULL AND "status" IN ('DONE', 'CANCELLED_LATE', 'INVOICED') GROUP BY 1, 2, 4;

CREATE TRIGGER "LanguageMediation_figures_insert" AFTER INSERT ON "LanguageMediation"
WHEN NEW."caseTeamId" IS NOT NULL AND NEW."status" IN ('DONE', 'CANCELLED_LATE', 'INVOICED')
BEGIN
  INSERT INTO "MediationFigure" ("teamId", "month", "split", "key", "n", "minutes", "cost") VALUES
    (NEW."caseTeamId", substr(COALESCE(NEW."performedAt", NEW."requestedAt"), 1, 7), 'month', '', 1, COALESCE(NEW."billedMinutes", 0), COALESCE(NEW."costCents", 0)),
    (NEW."caseTeamId", substr(COALESCE(NEW."performedAt", NEW."requestedAt"), 1, 7), 'language', NEW."languageCode", 1, COALESCE(NEW."billedMinutes", 0), COALESCE(NEW."costCents", 0)),
    (NEW."caseTeamId", substr(COALESCE(NEW."performedAt", NEW."requestedAt"), 1, 7), 'mode', NEW."mode", 1, COALESCE(NEW."billedMinutes", 0), COALESCE(NEW."costCents", 0)),
    (NEW."caseTeamId", substr(COALESCE(NEW."performedAt", NEW."requestedAt"), 1, 7), 'bearer', COALESCE(NEW."costBearer", ''), 1, COALESCE(NEW."billedMinutes", 0), COALESCE(NEW."costCents", 0))
  ON CONFLICT ("teamId", "month", "split", "key") DO UPDATE SET
    "n" = "n" + excluded."n", "minutes" = "minutes" + excluded."minutes", "cost" = "cost" + excluded."cost";
END;

CREATE TRIGGER "LanguageMediation_figures_delete" AFTER DELETE ON "LanguageMediation"
WHEN OLD."caseTeamId" IS NOT NULL AND OLD."status" IN ('DONE', 'CANCELLED_LATE', 'INVOICED')
BEGIN
  INSERT INTO "MediationFigure" ("teamId", "month", "split", "key", "n", "minutes", "cost") VALUES
    (OLD."caseTeamId", substr(COALESCE(OLD."performedAt", OLD."requestedAt"), 1, 7), 'month', '', -1, -COALESCE(OLD."billedMinutes", 0), -COALESCE(OLD."costCents", 0)),
    (OLD."caseTeamId", substr(COALESCE(OLD."performedAt", OLD."requestedAt"), 1, 7), 'language', OLD."languageCode", -1, -COALESCE(OLD."billedMinutes", 0), -COALESCE(OLD."costCents", 0)),
    (OLD."caseTeamId", substr(COALESCE(OLD."performedAt", OLD."requestedAt"), 1, 7), 'mode', OLD."mode", -1, -COALESCE(OLD."billedMinutes", 0), -COALESCE(OLD."costCents", 0)),
    (OLD."caseTeamId", substr(COALESCE(OLD."performedAt", OLD."requestedAt"), 1, 7), 'bearer', COALESCE(OLD."costBearer", ''), -1, -COALESCE(OLD."billedMinutes", 0), -COALESCE(OLD."costCents", 0))
  ON CONFLICT ("teamId", "month", "split", "key") DO UPDATE SET
    "n" = "n" + excluded."n", "minutes" = "minutes" + excluded."minutes", "cost" = "cost" + excluded."cost";
END;

CREATE TRIGGER "LanguageMediation_figures_update_old" AFTER UPDATE OF "status", "performedAt", "requestedAt", "languageCode", "mode", "costBearer", "billedMinutes", "costCents", "caseTeamId" ON "LanguageMediation"
WHEN OLD."caseTeamId" IS NOT NULL AND OLD."status" IN ('DONE', 'CANCELLED_LATE', 'INVOICED')
BEGIN
  INSERT INTO "MediationFigure" ("teamId", "month", "split", "key", "n", "minutes", "cost") VALUES
    (OLD."caseTeamId", substr(COALESCE(OLD."performedAt", OLD."requestedAt"), 1, 7), 'month', '', -1, -COALESCE(OLD."billedMinutes", 0), -COALESCE(OLD."costCents", 0)),
    (OLD."caseTeamId", substr(COALESCE(OLD."performedAt", OLD."requestedAt"), 1, 7), 'language', OLD."languageCode", -1, -COALESCE(OLD."billedMinutes", 0), -COALESCE(OLD."costCents", 0)),
    (OLD."caseTeamId", substr(COALESCE(OLD."performedAt", OLD."requestedAt"), 1, 7), 'mode', OLD."mode", -1, -COALESCE(OLD."billedMinutes", 0), -COALESCE(OLD."costCents", 0)),
    (OLD."caseTeamId", substr(COALESCE(OLD."performedAt", OLD."requestedAt"), 1, 7), 'bearer', COALESCE(OLD."costBearer", ''), -1, -COALESCE(OLD."billedMinutes", 0), -COALESCE(OLD."costCents", 0))
  ON CONFLICT ("teamId", "month", "split", "key") DO UPDATE SET
    "n" = "n" + excluded."n", "minutes" = "minutes" + excluded."minutes", "cost" = "cost" + excluded."cost";
END;

CREATE TRIGGER "LanguageMediation_figures_update_new" AFTER UPDATE OF "status", "performedAt", "requestedAt", "languageCode", "mode", "costBearer", "billedMinutes", "costCents", "caseTeamId" ON "LanguageMediation"
WHEN NEW."caseTeamId" IS NOT NULL AND NEW."status" IN ('DONE', 'CANCELLED_LATE', 'INVOICED')
BEGIN
  INSERT INTO "MediationFigure" ("teamId", "month", "split", "key", "n", "minutes", "cost") VALUES
    (NEW."caseTeamId", substr(COALESCE(NEW."performedAt", NEW."requestedAt"), 1, 7), 'month', '', 1, COALESCE(NEW."billedMinutes", 0), COALESCE(NEW."costCents", 0)),
    (NEW."caseTeamId", substr(COALESCE(NEW."performedAt", NEW."requestedAt"), 1, 7), 'language', NEW."languageCode", 1, COALESCE(NEW."billedMinutes", 0), COALESCE(NEW."costCents", 0)),
    (NEW."caseTeamId", substr(COALESCE(NEW."performedAt", NEW."requestedAt"), 1, 7), 'mode', NEW."mode", 1, COALESCE(NEW."billedMinutes", 0), COALESCE(NEW."costCents", 0)),
    (NEW."caseTeamId", substr(COALESCE(NEW."performedAt", NEW."requestedAt"), 1, 7), 'bearer', COALESCE(NEW."costBearer", ''), 1, COALESCE(NEW."billedMinutes", 0), COALESCE(NEW."costCents", 0))
  ON CONFLICT ("teamId", "month", "split", "key") DO UPDATE SET
    "n" = "n" + excluded."n", "minutes" = "minutes" + excluded."minutes", "cost" = "cost" + excluded."cost";
END;
