-- The mediation figures' update triggers (decisions 048, 186) fire only when a counted column's value changes.
-- SQLite runs an "AFTER UPDATE OF col" trigger whenever the statement's SET names the column, changed or not:
-- "Case_copies_to_referrals_and_mediations" sets "caseTeamId" on every mediation of a case whose counsellor or
-- sharing flag changes, so each of them subtracted its eight figures and added them back (an assignment of a case
-- with 41 mediations: 3.4 ms of SQLite, 1.3 ms without the pairs). Both triggers carry the same condition, so a
-- row either moves its figures (old out, new in) or leaves them; nothing that changes a figure is skipped.

DROP TRIGGER "LanguageMediation_figures_update_old";

CREATE TRIGGER "LanguageMediation_figures_update_old" AFTER UPDATE OF "status", "performedAt", "requestedAt", "languageCode", "mode", "costBearer", "billedMinutes", "costCents", "caseTeamId" ON "LanguageMediation"
WHEN OLD."caseTeamId" IS NOT NULL AND OLD."status" IN ('DONE', 'CANCELLED_LATE', 'INVOICED')
  AND (OLD."status" IS NOT NEW."status" OR OLD."performedAt" IS NOT NEW."performedAt"
    OR OLD."requestedAt" IS NOT NEW."requestedAt" OR OLD."languageCode" IS NOT NEW."languageCode"
    OR OLD."mode" IS NOT NEW."mode" OR OLD."costBearer" IS NOT NEW."costBearer"
    OR OLD."billedMinutes" IS NOT NEW."billedMinutes" OR OLD."costCents" IS NOT NEW."costCents"
    OR OLD."caseTeamId" IS NOT NEW."caseTeamId")
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

DROP TRIGGER "LanguageMediation_figures_update_new";

CREATE TRIGGER "LanguageMediation_figures_update_new" AFTER UPDATE OF "status", "performedAt", "requestedAt", "languageCode", "mode", "costBearer", "billedMinutes", "costCents", "caseTeamId" ON "LanguageMediation"
WHEN NEW."caseTeamId" IS NOT NULL AND NEW."status" IN ('DONE', 'CANCELLED_LATE', 'INVOICED')
  AND (OLD."status" IS NOT NEW."status" OR OLD."performedAt" IS NOT NEW."performedAt"
    OR OLD."requestedAt" IS NOT NEW."requestedAt" OR OLD."languageCode" IS NOT NEW."languageCode"
    OR OLD."mode" IS NOT NEW."mode" OR OLD."costBearer" IS NOT NEW."costBearer"
    OR OLD."billedMinutes" IS NOT NEW."billedMinutes" OR OLD."costCents" IS NOT NEW."costCents"
    OR OLD."caseTeamId" IS NOT NEW."caseTeamId")
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
