-- A year's figures beside its months (decision 186): for each team and year (the month column holds
-- the year alone, 'YYYY', which sorts before 'YYYY-01', so the monthly ranges do not see these rows) the
-- split 'month' with the month number as its key ('01' … '12') and the splits 'language', 'mode' and
-- 'bearer' over the whole year. A team lead's /language-mediation reads the year's some 60 rows as they
-- are instead of grouping some 540 monthly ones. The triggers of decision 048 are replaced by ones that
-- write each record's four monthly and four yearly figures in the same statement; the rule (billable,
-- with a team, the month it took place in, else was requested) is unchanged.
DROP TRIGGER IF EXISTS "LanguageMediation_figures_insert";
DROP TRIGGER IF EXISTS "LanguageMediation_figures_delete";
DROP TRIGGER IF EXISTS "LanguageMediation_figures_update_old";
DROP TRIGGER IF EXISTS "LanguageMediation_figures_update_new";

INSERT INTO "MediationFigure" ("teamId", "month", "split", "key", "n", "minutes", "cost")
  SELECT "caseTeamId", substr(COALESCE("performedAt", "requestedAt"), 1, 4), 'month', substr(COALESCE("performedAt", "requestedAt"), 6, 2), COUNT(*), SUM(COALESCE("billedMinutes", 0)), SUM(COALESCE("costCents", 0))
    FROM "LanguageMediation" WHERE "caseTeamId" IS NOT NULL AND "status" IN ('DONE', 'CANCELLED_LATE', 'INVOICED') GROUP BY 1, 2, 4
  UNION ALL
  SELECT "caseTeamId", substr(COALESCE("performedAt", "requestedAt"), 1, 4), 'language', "languageCode", COUNT(*), SUM(COALESCE("billedMinutes", 0)), SUM(COALESCE("costCents", 0))
    FROM "LanguageMediation" WHERE "caseTeamId" IS NOT NULL AND "status" IN ('DONE', 'CANCELLED_LATE', 'INVOICED') GROUP BY 1, 2, 4
  UNION ALL
  SELECT "caseTeamId", substr(COALESCE("performedAt", "requestedAt"), 1, 4), 'mode', "mode", COUNT(*), SUM(COALESCE("billedMinutes", 0)), SUM(COALESCE("costCents", 0))
    FROM "LanguageMediation" WHERE "caseTeamId" IS NOT NULL AND "status" IN ('DONE', 'CANCELLED_LATE', 'INVOICED') GROUP BY 1, 2, 4
  UNION ALL
  SELECT "caseTeamId", substr(COALESCE("performedAt", "requestedAt"), 1, 4), 'bearer', COALESCE("costBearer", ''), COUNT(*), SUM(COALESCE("billedMinutes", 0)), SUM(COALESCE("costCents", 0))
    FROM "LanguageMediation" WHERE "caseTeamId" IS NOT NULL AND "status" IN ('DONE', 'CANCELLED_LATE', 'INVOICED') GROUP BY 1, 2, 4;

CREATE TRIGGER "LanguageMediation_figures_insert" AFTER INSERT ON "LanguageMediation"
WHEN NEW."caseTeamId" IS NOT NULL AND NEW."status" IN ('DONE', 'CANCELLED_LATE', 'INVOICED')
BEGIN
  INSERT INTO "MediationFigure" ("teamId", "month", "split", "key", "n", "minutes", "cost") VALUES
    (NEW."caseTeamId", substr(COALESCE(NEW."performedAt", NEW."requestedAt"), 1, 7), 'month', '', 1, COALESCE(NEW."billedMinutes", 0), COALESCE(NEW."costCents", 0)),
    (NEW."caseTeamId", substr(COALESCE(NEW."performedAt", NEW."requestedAt"), 1, 7), 'language', NEW."languageCode", 1, COALESCE(NEW."billedMinutes", 0), COALESCE(NEW."costCents", 0)),
    (NEW."caseTeamId", substr(COALESCE(NEW."performedAt", NEW."requestedAt"), 1, 7), 'mode', NEW."mode", 1, COALESCE(NEW."billedMinutes", 0), COALESCE(NEW."costCents", 0)),
    (NEW."caseTeamId", substr(COALESCE(NEW."performedAt", NEW."requestedAt"), 1, 7), 'bearer', COALESCE(NEW."costBearer", ''), 1, COALESCE(NEW."billedMinutes", 0), COALESCE(NEW."costCents", 0)),
    (NEW."caseTeamId", substr(COALESCE(NEW."performedAt", NEW."requestedAt"), 1, 4), 'month', substr(COALESCE(NEW."performedAt", NEW."requestedAt"), 6, 2), 1, COALESCE(NEW."billedMinutes", 0), COALESCE(NEW."costCents", 0)),
    (NEW."caseTeamId", substr(COALESCE(NEW."performedAt", NEW."requestedAt"), 1, 4), 'language', NEW."languageCode", 1, COALESCE(NEW."billedMinutes", 0), COALESCE(NEW."costCents", 0)),
    (NEW."caseTeamId", substr(COALESCE(NEW."performedAt", NEW."requestedAt"), 1, 4), 'mode', NEW."mode", 1, COALESCE(NEW."billedMinutes", 0), COALESCE(NEW."costCents", 0)),
    (NEW."caseTeamId", substr(COALESCE(NEW."performedAt", NEW."requestedAt"), 1, 4), 'bearer', COALESCE(NEW."costBearer", ''), 1, COALESCE(NEW."billedMinutes", 0), COALESCE(NEW."costCents", 0))
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
    (OLD."caseTeamId", substr(COALESCE(OLD."performedAt", OLD."requestedAt"), 1, 7), 'bearer', COALESCE(OLD."costBearer", ''), -1, -COALESCE(OLD."billedMinutes", 0), -COALESCE(OLD."costCents", 0)),
    (OLD."caseTeamId", substr(COALESCE(OLD."performedAt", OLD."requestedAt"), 1, 4), 'month', substr(COALESCE(OLD."performedAt", OLD."requestedAt"), 6, 2), -1, -COALESCE(OLD."billedMinutes", 0), -COALESCE(OLD."costCents", 0)),
    (OLD."caseTeamId", substr(COALESCE(OLD."performedAt", OLD."requestedAt"), 1, 4), 'language', OLD."languageCode", -1, -COALESCE(OLD."billedMinutes", 0), -COALESCE(OLD."costCents", 0)),
    (OLD."caseTeamId", substr(COALESCE(OLD."performedAt", OLD."requestedAt"), 1, 4), 'mode', OLD."mode", -1, -COALESCE(OLD."billedMinutes", 0), -COALESCE(OLD."costCents", 0)),
    (OLD."caseTeamId", substr(COALESCE(OLD."performedAt", OLD."requestedAt"), 1, 4), 'bearer', COALESCE(OLD."costBearer", ''), -1, -COALESCE(OLD."billedMinutes", 0), -COALESCE(OLD."costCents", 0))
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
    (OLD."caseTeamId", substr(COALESCE(OLD."performedAt", OLD."requestedAt"), 1, 7), 'bearer', COALESCE(OLD."costBearer", ''), -1, -COALESCE(OLD."billedMinutes", 0), -COALESCE(OLD."costCents", 0)),
    (OLD."caseTeamId", substr(COALESCE(OLD."performedAt", OLD."requestedAt"), 1, 4), 'month', substr(COALESCE(OLD."performedAt", OLD."requestedAt"), 6, 2), -1, -COALESCE(OLD."billedMinutes", 0), -COALESCE(OLD."costCents", 0)),
    (OLD."caseTeamId", substr(COALESCE(OLD."performedAt", OLD."requestedAt"), 1, 4), 'language', OLD."languageCode", -1, -COALESCE(OLD."billedMinutes", 0), -COALESCE(OLD."costCents", 0)),
    (OLD."caseTeamId", substr(COALESCE(OLD."performedAt", OLD."requestedAt"), 1, 4), 'mode', OLD."mode", -1, -COALESCE(OLD."billedMinutes", 0), -COALESCE(OLD."costCents", 0)),
    (OLD."caseTeamId", substr(COALESCE(OLD."performedAt", OLD."requestedAt"), 1, 4), 'bearer', COALESCE(OLD."costBearer", ''), -1, -COALESCE(OLD."billedMinutes", 0), -COALESCE(OLD."costCents", 0))
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
    (NEW."caseTeamId", substr(COALESCE(NEW."performedAt", NEW."requestedAt"), 1, 7), 'bearer', COALESCE(NEW."costBearer", ''), 1, COALESCE(NEW."billedMinutes", 0), COALESCE(NEW."costCents", 0)),
    (NEW."caseTeamId", substr(COALESCE(NEW."performedAt", NEW."requestedAt"), 1, 4), 'month', substr(COALESCE(NEW."performedAt", NEW."requestedAt"), 6, 2), 1, COALESCE(NEW."billedMinutes", 0), COALESCE(NEW."costCents", 0)),
    (NEW."caseTeamId", substr(COALESCE(NEW."performedAt", NEW."requestedAt"), 1, 4), 'language', NEW."languageCode", 1, COALESCE(NEW."billedMinutes", 0), COALESCE(NEW."costCents", 0)),
    (NEW."caseTeamId", substr(COALESCE(NEW."performedAt", NEW."requestedAt"), 1, 4), 'mode', NEW."mode", 1, COALESCE(NEW."billedMinutes", 0), COALESCE(NEW."costCents", 0)),
    (NEW."caseTeamId", substr(COALESCE(NEW."performedAt", NEW."requestedAt"), 1, 4), 'bearer', COALESCE(NEW."costBearer", ''), 1, COALESCE(NEW."billedMinutes", 0), COALESCE(NEW."costCents", 0))
  ON CONFLICT ("teamId", "month", "split", "key") DO UPDATE SET
    "n" = "n" + excluded."n", "minutes" = "minutes" + excluded."minutes", "cost" = "cost" + excluded."cost";
END;
