-- Issue 14, decisions 029 and 030. Data only; no table changes.

-- Decision 029: an absence stores its first and its last day as calendar days (UTC midnight of the
-- day, both inclusive). Until now the first day was midnight in the server's zone (00:00Z on a UTC
-- server, 23:00Z or 22:00Z of the day before on a Berlin server) and the last day that day's last
-- millisecond in the server's zone (23:59:59.999Z, or 22:59/21:59Z). Two hours later, the first is
-- on its day in every case; the last is on its day as it is. Stored in Prisma's format.
UPDATE "Absence" SET
  "startsOn" = date("startsOn", '+2 hours') || 'T00:00:00.000+00:00',
  "endsOn" = date("endsOn") || 'T00:00:00.000+00:00';

-- Decision 030: closing a case closes its open follow-ups. Cases closed before this rule get
-- theirs closed at the moment the case was closed, so they leave start pages and the workload.
UPDATE "FollowUp" SET "doneAt" = (SELECT c."closedAt" FROM "Case" c WHERE c."id" = "FollowUp"."caseId")
WHERE "doneAt" IS NULL
  AND EXISTS (SELECT 1 FROM "Case" c WHERE c."id" = "FollowUp"."caseId" AND c."status" = 'CLOSED' AND c."closedAt" IS NOT NULL);

-- Decision 030: the first contact moves an "offen" case to "aktiv". Cases still open with contacts
-- become active, with the change in their history at the first contact (not before the opening; by nobody:
-- the system).
INSERT INTO "CaseStatusChange" ("id", "caseId", "fromStatus", "toStatus", "closureReasonId", "at", "byUserId")
SELECT 'm' || lower(hex(randomblob(12))), c."id", 'OPEN', 'ACTIVE', NULL,
       max(c."openedAt", (SELECT min(k."date") FROM "Contact" k WHERE k."caseId" = c."id")), NULL
FROM "Case" c
WHERE c."status" = 'OPEN' AND EXISTS (SELECT 1 FROM "Contact" k WHERE k."caseId" = c."id");

UPDATE "Case" SET "status" = 'ACTIVE', "version" = "version" + 1
WHERE "status" = 'OPEN' AND EXISTS (SELECT 1 FROM "Contact" k WHERE k."caseId" = "Case"."id");
