-- A queued case waits from the latest of its opening, its last completed transfer into its team and its last
-- return to the team's queue (decision 245, changing 143's rule): `requeuedAt`, the moment the case lost its
-- counsellor while open in the same team (an unassignment, a bulk hand-back, a leaving counsellor's work handed to
-- the queue, a raw write) or was reopened without one. A move to another team clears it (the case waits there
-- from its transfer); a new row starts without one. No code writes it: the Case triggers of decision 143 keep it
-- with `queueSince`, and all five triggers' one expression now takes it as a third start of the wait.
--
-- The moment is the write's own: the row's new `updatedAt` when the write sets it (the ORM does on every update,
-- in the app's clock, which tests may set), else SQLite's clock; both written in Prisma's text form
-- (`2026-12-07T23:10:00.123+00:00`, strftime normalises any form SQLite reads), so that it compares as text with
-- the opening and the transfer dates as every other date of the app does.
--
-- An UPDATE's SET reads the old row, so the update trigger writes the new `requeuedAt` and `queueSince` from the
-- same expression of it (written twice). Its WHEN is decision 143's: a hand-back (counsellor to none) and a
-- reopening of an unassigned case already passed it; one more case runs it: an assigned case with a return moved to
-- another team, whose return is cleared (it would not count while the case is assigned, but the column says what the
-- rule says). No other write that skipped the trigger before runs it now.

-- AlterTable
ALTER TABLE "Case" ADD COLUMN "requeuedAt" DATETIME;

-- The existing rows: the database has no moment of a hand-back, but the app has written one `Assignment` row to
-- nobody for each (same transaction as the case's write; a transfer's own row, note 'transfer', is a move, not a
-- return), and one `CaseStatusChange` from CLOSED for each reopening. A queued case's return is the later of its
-- last such hand-back and its last reopening, if that is later than its last assignment to a person and its last
-- completed transfer into its team (an earlier one was followed by a counsellor or happened in another team).
-- Assumed: a queued case returned by a write without these rows (raw SQL, an import) has no return and waits
-- from its opening or transfer, as before; a reopening while assigned that was followed by an unassignment without
-- an Assignment row counts from the reopening. Assigned and closed cases get none (a return is set when they
-- next come back to the queue).
UPDATE "Case" SET "requeuedAt" = (
    SELECT r."at" FROM (
      SELECT MAX(x) AS "at" FROM (
        SELECT strftime('%Y-%m-%dT%H:%M:%f+00:00', a."at") AS x FROM "Assignment" a
          WHERE a."caseId" = "Case"."id" AND a."toUserId" IS NULL AND a."fromUserId" IS NOT NULL AND a."note" IS NOT 'transfer'
        UNION ALL
        SELECT strftime('%Y-%m-%dT%H:%M:%f+00:00', s."at") FROM "CaseStatusChange" s
          WHERE s."caseId" = "Case"."id" AND s."fromStatus" = 'CLOSED' AND s."toStatus" <> 'CLOSED')) r
    WHERE r."at" IS NOT NULL
      AND r."at" > COALESCE((SELECT MAX(strftime('%Y-%m-%dT%H:%M:%f+00:00', a."at")) FROM "Assignment" a
        WHERE a."caseId" = "Case"."id" AND a."toUserId" IS NOT NULL), '')
      AND r."at" > COALESCE((SELECT MAX(strftime('%Y-%m-%dT%H:%M:%f+00:00', COALESCE(t."completedAt", t."at"))) FROM "Transfer" t
        WHERE t."caseId" = "Case"."id" AND t."toTeamId" = "Case"."teamId" AND t."status" = 'DONE'), ''))
  WHERE "counsellorId" IS NULL AND "status" <> 'CLOSED';

UPDATE "Case" SET "queueSince" = CASE WHEN "counsellorId" IS NULL AND "status" <> 'CLOSED' THEN MAX("openedAt", COALESCE((
      SELECT COALESCE(t."completedAt", t."at") FROM "Transfer" t
      WHERE t."caseId" = "Case"."id" AND t."toTeamId" = "Case"."teamId" AND +t."status" = 'DONE' ORDER BY t."at" DESC LIMIT 1), "openedAt"),
      COALESCE("requeuedAt", "openedAt")) END
  WHERE "requeuedAt" IS NOT NULL;

DROP TRIGGER "Case_queue_insert";
DROP TRIGGER "Case_queue_update";
DROP TRIGGER "Transfer_queue_insert";
DROP TRIGGER "Transfer_queue_update";
DROP TRIGGER "Transfer_queue_delete";

-- A new case waits from its opening (or from a transfer already recorded for it); a row written with a wait or a
-- return of its own is corrected.
CREATE TRIGGER "Case_queue_insert" AFTER INSERT ON "Case"
WHEN (NEW."counsellorId" IS NULL AND NEW."status" <> 'CLOSED') OR NEW."queueSince" IS NOT NULL OR NEW."requeuedAt" IS NOT NULL
BEGIN
  UPDATE "Case" SET "requeuedAt" = NULL, "queueSince" = CASE WHEN "counsellorId" IS NULL AND "status" <> 'CLOSED' THEN MAX("openedAt", COALESCE((
      SELECT COALESCE(t."completedAt", t."at") FROM "Transfer" t
      WHERE t."caseId" = "Case"."id" AND t."toTeamId" = "Case"."teamId" AND +t."status" = 'DONE' ORDER BY t."at" DESC LIMIT 1), "openedAt"),
      COALESCE(NULL, "openedAt")) END
    WHERE "id" = NEW."id";
END;

-- Assigned or unassigned (one case or a leaving counsellor's), closed or reopened, moved to another team,
-- re-dated — while unassigned before or after (an assigned case's closure, move or reassignment to a colleague
-- leaves it out of the queue). Losing the counsellor while open, or reopened without one, in the same team: a
-- return to the queue at the write's moment; a move to another team: no return.
CREATE TRIGGER "Case_queue_update" AFTER UPDATE OF "counsellorId", "status", "teamId", "openedAt" ON "Case"
WHEN (OLD."counsellorId" IS NULL OR NEW."counsellorId" IS NULL) AND ((OLD."counsellorId" IS NULL) IS NOT (NEW."counsellorId" IS NULL)
  OR (OLD."status" = 'CLOSED') IS NOT (NEW."status" = 'CLOSED') OR OLD."teamId" IS NOT NEW."teamId" OR OLD."openedAt" IS NOT NEW."openedAt")
  OR (OLD."teamId" IS NOT NEW."teamId" AND OLD."requeuedAt" IS NOT NULL)
BEGIN
  UPDATE "Case" SET "requeuedAt" = CASE WHEN OLD."teamId" IS NOT NEW."teamId" THEN NULL
    WHEN NEW."counsellorId" IS NULL AND NEW."status" <> 'CLOSED' AND (OLD."counsellorId" IS NOT NULL OR OLD."status" = 'CLOSED') THEN CASE WHEN NEW."updatedAt" IS NOT OLD."updatedAt" THEN strftime('%Y-%m-%dT%H:%M:%f+00:00', NEW."updatedAt")
    ELSE strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now') END
    ELSE "requeuedAt" END,
    "queueSince" = CASE WHEN "counsellorId" IS NULL AND "status" <> 'CLOSED' THEN MAX("openedAt", COALESCE((
      SELECT COALESCE(t."completedAt", t."at") FROM "Transfer" t
      WHERE t."caseId" = "Case"."id" AND t."toTeamId" = "Case"."teamId" AND +t."status" = 'DONE' ORDER BY t."at" DESC LIMIT 1), "openedAt"),
      COALESCE((CASE WHEN OLD."teamId" IS NOT NEW."teamId" THEN NULL
    WHEN NEW."counsellorId" IS NULL AND NEW."status" <> 'CLOSED' AND (OLD."counsellorId" IS NOT NULL OR OLD."status" = 'CLOSED') THEN CASE WHEN NEW."updatedAt" IS NOT OLD."updatedAt" THEN strftime('%Y-%m-%dT%H:%M:%f+00:00', NEW."updatedAt")
    ELSE strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now') END
    ELSE "requeuedAt" END), "openedAt")) END
    WHERE "id" = NEW."id";
END;

-- Only completed transfers count; a request changes nothing until it is confirmed.
CREATE TRIGGER "Transfer_queue_insert" AFTER INSERT ON "Transfer"
WHEN NEW."status" = 'DONE'
BEGIN
  UPDATE "Case" SET "queueSince" = CASE WHEN "counsellorId" IS NULL AND "status" <> 'CLOSED' THEN MAX("openedAt", COALESCE((
      SELECT COALESCE(t."completedAt", t."at") FROM "Transfer" t
      WHERE t."caseId" = "Case"."id" AND t."toTeamId" = "Case"."teamId" AND +t."status" = 'DONE' ORDER BY t."at" DESC LIMIT 1), "openedAt"),
      COALESCE("requeuedAt", "openedAt")) END
    WHERE "id" = NEW."caseId";
END;

CREATE TRIGGER "Transfer_queue_update" AFTER UPDATE OF "caseId", "toTeamId", "status", "at", "completedAt" ON "Transfer"
WHEN (OLD."status" = 'DONE' OR NEW."status" = 'DONE') AND (OLD."caseId" IS NOT NEW."caseId" OR OLD."toTeamId" IS NOT NEW."toTeamId"
  OR OLD."status" IS NOT NEW."status" OR OLD."at" IS NOT NEW."at" OR OLD."completedAt" IS NOT NEW."completedAt")
BEGIN
  UPDATE "Case" SET "queueSince" = CASE WHEN "counsellorId" IS NULL AND "status" <> 'CLOSED' THEN MAX("openedAt", COALESCE((
      SELECT COALESCE(t."completedAt", t."at") FROM "Transfer" t
      WHERE t."caseId" = "Case"."id" AND t."toTeamId" = "Case"."teamId" AND +t."status" = 'DONE' ORDER BY t."at" DESC LIMIT 1), "openedAt"),
      COALESCE("requeuedAt", "openedAt")) END
    WHERE "id" IN (OLD."caseId", NEW."caseId");
END;

-- A transfer deleted (a correction; a client's erasure deletes its cases' transfers by cascade, the cases with them).
CREATE TRIGGER "Transfer_queue_delete" AFTER DELETE ON "Transfer"
WHEN OLD."status" = 'DONE'
BEGIN
  UPDATE "Case" SET "queueSince" = CASE WHEN "counsellorId" IS NULL AND "status" <> 'CLOSED' THEN MAX("openedAt", COALESCE((
      SELECT COALESCE(t."completedAt", t."at") FROM "Transfer" t
      WHERE t."caseId" = "Case"."id" AND t."toTeamId" = "Case"."teamId" AND +t."status" = 'DONE' ORDER BY t."at" DESC LIMIT 1), "openedAt"),
      COALESCE("requeuedAt", "openedAt")) END
    WHERE "id" = OLD."caseId";
END;
