-- The earliest due date of each case's open follow-ups, for the case list's "overdue" filter
-- (decision 049): an index range on (teamId, openFollowUpDue) instead of one look-up per case of the
-- team. No code writes the column; the triggers below keep it on every write path (app, import,
-- generator, retention, raw SQL): "has the case an open follow-up due before t" is exactly
-- "openFollowUpDue < t".

-- AlterTable
ALTER TABLE "Case" ADD COLUMN "openFollowUpDue" DATETIME;

UPDATE "Case" SET "openFollowUpDue" = (
  SELECT MIN(f."dueDate") FROM "FollowUp" f WHERE f."caseId" = "Case"."id" AND f."doneAt" IS NULL
) WHERE "id" IN (SELECT "caseId" FROM "FollowUp" WHERE "doneAt" IS NULL);

CREATE TRIGGER "FollowUp_open_due_insert" AFTER INSERT ON "FollowUp"
WHEN NEW."doneAt" IS NULL
BEGIN
  UPDATE "Case" SET "openFollowUpDue" = (
    SELECT MIN(f."dueDate") FROM "FollowUp" f WHERE f."caseId" = NEW."caseId" AND f."doneAt" IS NULL
  ) WHERE "id" = NEW."caseId";
END;

CREATE TRIGGER "FollowUp_open_due_update" AFTER UPDATE OF "caseId", "doneAt", "dueDate" ON "FollowUp"
WHEN OLD."caseId" IS NOT NEW."caseId" OR OLD."doneAt" IS NOT NEW."doneAt" OR OLD."dueDate" IS NOT NEW."dueDate"
BEGIN
  UPDATE "Case" SET "openFollowUpDue" = (
    SELECT MIN(f."dueDate") FROM "FollowUp" f WHERE f."caseId" = "Case"."id" AND f."doneAt" IS NULL
  ) WHERE "id" IN (OLD."caseId", NEW."caseId");
END;

CREATE TRIGGER "FollowUp_open_due_delete" AFTER DELETE ON "FollowUp"
WHEN OLD."doneAt" IS NULL
BEGIN
  UPDATE "Case" SET "openFollowUpDue" = (
    SELECT MIN(f."dueDate") FROM "FollowUp" f WHERE f."caseId" = OLD."caseId" AND f."doneAt" IS NULL
  ) WHERE "id" = OLD."caseId";
END;

-- CreateIndex
CREATE INDEX "Case_teamId_openFollowUpDue_idx" ON "Case"("teamId", "openFollowUpDue");

ANALYZE "Case";
