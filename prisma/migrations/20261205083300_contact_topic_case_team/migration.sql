-- The team of each contact topic's case, for the team lead's topic filter of the case list
-- (decision 045): the team's cases with a contact on a topic are one range of the index
-- (caseTeamId, topicId, caseId) instead of a look-up in ContactTopic for each of the team's cases.
-- No code writes the column; the triggers below keep it on every write path (app, import,
-- generator, transfer, retention, raw SQL).

-- AlterTable
ALTER TABLE "ContactTopic" ADD COLUMN "caseTeamId" TEXT;

UPDATE "ContactTopic" SET "caseTeamId" = (
  SELECT c."teamId" FROM "Contact" ct JOIN "Case" c ON c."id" = ct."caseId" WHERE ct."id" = "ContactTopic"."contactId"
);

-- A new topic of a contact: the team of the contact's case (read through the contact, not the
-- caseId copy, whose trigger may run after this one).
CREATE TRIGGER "ContactTopic_caseTeamId_insert" AFTER INSERT ON "ContactTopic"
BEGIN
  UPDATE "ContactTopic" SET "caseTeamId" = (
    SELECT c."teamId" FROM "Contact" ct JOIN "Case" c ON c."id" = ct."caseId" WHERE ct."id" = NEW."contactId"
  )
  WHERE "contactId" = NEW."contactId" AND "topicId" = NEW."topicId";
END;

CREATE TRIGGER "ContactTopic_caseTeamId_contact_moved" AFTER UPDATE OF "caseId" ON "Contact"
WHEN OLD."caseId" IS NOT NEW."caseId"
BEGIN
  UPDATE "ContactTopic" SET "caseTeamId" = (SELECT "teamId" FROM "Case" WHERE "id" = NEW."caseId") WHERE "contactId" = NEW."id";
END;

-- A transfer: the case's contact topics move with it (the index (caseId, topicId) finds them).
CREATE TRIGGER "ContactTopic_caseTeamId_case_moved" AFTER UPDATE OF "teamId" ON "Case"
WHEN OLD."teamId" IS NOT NEW."teamId"
BEGIN
  UPDATE "ContactTopic" SET "caseTeamId" = NEW."teamId" WHERE "caseId" = NEW."id";
END;

-- CreateIndex
CREATE INDEX "ContactTopic_caseTeamId_topicId_caseId_idx" ON "ContactTopic"("caseTeamId", "topicId", "caseId");

ANALYZE "ContactTopic";
