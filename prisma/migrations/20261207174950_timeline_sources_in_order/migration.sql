-- AlterTable
ALTER TABLE "MediationTransition" ADD COLUMN "caseId" TEXT;

-- The request's case on each of its transitions, for the case file's timeline (decision 229): the
-- case's newest transitions from one index range, in order, instead of every transition of every
-- request of the case and a sort. Triggers keep the copy on every write path: a new transition or one
-- moved to another request takes its request's case, and a request moved to another case passes it
-- on. No code writes it.
UPDATE "MediationTransition" SET "caseId" =
  (SELECT m."caseId" FROM "LanguageMediation" m WHERE m."id" = "MediationTransition"."mediationId");

CREATE TRIGGER "MediationTransition_caseId_insert" AFTER INSERT ON "MediationTransition"
BEGIN
  UPDATE "MediationTransition" SET "caseId" = (SELECT m."caseId" FROM "LanguageMediation" m WHERE m."id" = NEW."mediationId")
  WHERE "id" = NEW."id";
END;

CREATE TRIGGER "MediationTransition_caseId_moved" AFTER UPDATE OF "mediationId", "caseId" ON "MediationTransition"
WHEN NEW."caseId" IS NOT (SELECT m."caseId" FROM "LanguageMediation" m WHERE m."id" = NEW."mediationId")
BEGIN
  UPDATE "MediationTransition" SET "caseId" = (SELECT m."caseId" FROM "LanguageMediation" m WHERE m."id" = NEW."mediationId")
  WHERE "id" = NEW."id";
END;

CREATE TRIGGER "LanguageMediation_caseId_to_transitions" AFTER UPDATE OF "caseId" ON "LanguageMediation"
WHEN OLD."caseId" IS NOT NEW."caseId"
BEGIN
  UPDATE "MediationTransition" SET "caseId" = NEW."caseId" WHERE "mediationId" = NEW."id";
END;

-- CreateIndex
CREATE INDEX "MediationTransition_caseId_at_id_idx" ON "MediationTransition"("caseId", "at", "id");

-- The case file's timeline reads a case's newest contacts in its order (date, then id, newest first)
-- from the index alone, with no sort of the day's contacts by id (decision 230). It replaces the
-- index by (caseId, date), whose every use it serves the same way.
DROP INDEX "Contact_caseId_date_idx";
CREATE INDEX "Contact_caseId_date_id_idx" ON "Contact"("caseId", "date", "id");

-- Statistics for the new indexes at once, so the planner does not weigh them by its defaults until the
-- next optimize (decision 212).
ANALYZE "MediationTransition";
ANALYZE "Contact";
