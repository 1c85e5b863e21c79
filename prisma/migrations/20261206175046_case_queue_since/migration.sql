-- The start of each queued case's wait, for /team's queue (decision 143): the later of the case's
-- opening and its last completed transfer into its team (the transfer's completion, else its date —
-- what the queue's read computed per case before); NULL when the case is assigned or closed. The
-- index (team, queueSince, opening, id) gives a team's queue in waiting order, so /team reads its
-- longest-waiting cases and stops, instead of ordering up to 500 cases with a transfer look-up each.
-- No code writes the column: the five triggers below keep it on every write path (app, import,
-- generator, retention, raw SQL), each with the same expression. `+t."status"`: the look-up goes by
-- case (Transfer_caseId_at_idx), as the queue's read did, whatever SQLite's statistics say. Each
-- trigger runs only when its write can change the value (WHEN), so an edit of a case's other fields,
-- a reassignment between counsellors or a transfer request costs nothing more.

-- AlterTable
ALTER TABLE "Case" ADD COLUMN "queueSince" DATETIME;

UPDATE "Case" SET "queueSince" = MAX("openedAt", COALESCE((
    SELECT COALESCE(t."completedAt", t."at") FROM "Transfer" t
    WHERE t."caseId" = "Case"."id" AND t."toTeamId" = "Case"."teamId" AND +t."status" = 'DONE' ORDER BY t."at" DESC LIMIT 1), "openedAt"))
  WHERE "counsellorId" IS NULL AND "status" <> 'CLOSED';

-- A new case waits from its opening (or from a transfer already recorded for it); a row written
-- with a value of its own is corrected.
CREATE TRIGGER "Case_queue_insert" AFTER INSERT ON "Case"
WHEN (NEW."counsellorId" IS NULL AND NEW."status" <> 'CLOSED') OR NEW."queueSince" IS NOT NULL
BEGIN
  UPDATE "Case" SET "queueSince" = CASE WHEN "counsellorId" IS NULL AND "status" <> 'CLOSED' THEN MAX("openedAt", COALESCE((
      SELECT COALESCE(t."completedAt", t."at") FROM "Transfer" t
      WHERE t."caseId" = "Case"."id" AND t."toTeamId" = "Case"."teamId" AND +t."status" = 'DONE' ORDER BY t."at" DESC LIMIT 1), "openedAt")) END
    WHERE "id" = NEW."id";
END;

-- Assigned or unassigned (one case or a leaving counsellor's), closed or reopened, moved to another
-- team, re-dated — while unassigned before or after (an assigned case's closure, move or
-- reassignment to a colleague leaves it out of the queue).
CREATE TRIGGER "Case_queue_update" AFTER UPDATE OF "counsellorId", "status", "teamId", "openedAt" ON "Case"
WHEN (OLD."counsellorId" IS NULL OR NEW."counsellorId" IS NULL) AND ((OLD."counsellorId" IS NULL) IS NOT (NEW."counsellorId" IS NULL)
  OR (OLD."status" = 'CLOSED') IS NOT (NEW."status" = 'CLOSED') OR OLD."teamId" IS NOT NEW."teamId" OR OLD."openedAt" IS NOT NEW."openedAt")
BEGIN
  UPDATE "Case" SET "queueSince" = CASE WHEN "counsellorId" IS NULL AND "status" <> 'CLOSED' THEN MAX("openedAt", COALESCE((
      SELECT COALESCE(t."completedAt", t."at") FROM "Transfer" t
      WHERE t."caseId" = "Case"."id" AND t."toTeamId" = "Case"."teamId" AND +t."status" = 'DONE' ORDER BY t."at" DESC LIMIT 1), "openedAt")) END
    WHERE "id" = NEW."id";
END;

-- Only completed transfers count; a request changes nothing until it is confirmed.
CREATE TRIGGER "Transfer_queue_insert" AFTER INSERT ON "Transfer"
WHEN NEW."status" = 'DONE'
BEGIN
  UPDATE "Case" SET "queueSince" = CASE WHEN "counsellorId" IS NULL AND "status" <> 'CLOSED' THEN MAX("openedAt", COALESCE((
      SELECT COALESCE(t."completedAt", t."at") FROM "Transfer" t
      WHERE t."caseId" = "Case"."id" AND t."toTeamId" = "Case"."teamId" AND +t."status" = 'DONE' ORDER BY t."at" DESC LIMIT 1), "openedAt")) END
    WHERE "id" = NEW."caseId";
END;

CREATE TRIGGER "Transfer_queue_update" AFTER UPDATE OF "caseId", "toTeamId", "status", "at", "completedAt" ON "Transfer"
WHEN (OLD."status" = 'DONE' OR NEW."status" = 'DONE') AND (OLD."caseId" IS NOT NEW."caseId" OR OLD."toTeamId" IS NOT NEW."toTeamId"
  OR OLD."status" IS NOT NEW."status" OR OLD."at" IS NOT NEW."at" OR OLD."completedAt" IS NOT NEW."completedAt")
BEGIN
  UPDATE "Case" SET "queueSince" = CASE WHEN "counsellorId" IS NULL AND "status" <> 'CLOSED' THEN MAX("openedAt", COALESCE((
      SELECT COALESCE(t."completedAt", t."at") FROM "Transfer" t
      WHERE t."caseId" = "Case"."id" AND t."toTeamId" = "Case"."teamId" AND +t."status" = 'DONE' ORDER BY t."at" DESC LIMIT 1), "openedAt")) END
    WHERE "id" IN (OLD."caseId", NEW."caseId");
END;

-- A transfer deleted (a correction; a client's erasure deletes its cases' transfers by cascade, the cases with them).
CREATE TRIGGER "Transfer_queue_delete" AFTER DELETE ON "Transfer"
WHEN OLD."status" = 'DONE'
BEGIN
  UPDATE "Case" SET "queueSince" = CASE WHEN "counsellorId" IS NULL AND "status" <> 'CLOSED' THEN MAX("openedAt", COALESCE((
      SELECT COALESCE(t."completedAt", t."at") FROM "Transfer" t
      WHERE t."caseId" = "Case"."id" AND t."toTeamId" = "Case"."teamId" AND +t."status" = 'DONE' ORDER BY t."at" DESC LIMIT 1), "openedAt")) END
    WHERE "id" = OLD."caseId";
END;

-- CreateIndex
CREATE INDEX "Case_teamId_queueSince_openedAt_id_idx" ON "Case"("teamId", "queueSince", "openedAt", "id");

ANALYZE "Case";
