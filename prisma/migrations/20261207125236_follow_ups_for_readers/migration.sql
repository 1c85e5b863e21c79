-- Decision 203: an open follow-up of a case that is not closed is assigned either to an active person of the case's
-- team who may read the case (its counsellor, a team lead, or, when the case is shared for substitution, a
-- counsellor of the team) or, only when the case has no counsellor, to nobody. Earlier data broke it (a contact's
-- follow-up left with its author after a transfer, a reminder for a colleague on an unshared case, sharing switched
-- off, a team lead made counsellor, a person made administrator or deactivated outside the handover): those
-- follow-ups go to the case's counsellor when the counsellor may hold them, else to nobody. A follow-up nobody holds
-- on a case whose counsellor may hold it goes to the counsellor (the start page showed it to them, /team did not
-- count it). A case whose counsellor has left or moved outside the app keeps its follow-ups unassigned until its
-- reassignment. And a follow-up still open on a closed case (data from before decision 030 closed them with the
-- case) is closed at the case's closing instant: /team counts open follow-ups by assignee without looking at the
-- case, the start page never shows those. Data only: no schema change (db:new-migration finds none), no audit event
-- (the app writes those).

UPDATE "FollowUp" SET "assigneeId" = (
    SELECT CASE WHEN cu."active" = 1 AND cu."teamId" = c."teamId" AND cu."role" IN ('COUNSELLOR', 'TEAM_LEAD') THEN c."counsellorId" END
    FROM "Case" c
      LEFT JOIN "User" cu ON cu."id" = c."counsellorId"
    WHERE c."id" = "FollowUp"."caseId")
WHERE "doneAt" IS NULL
  AND EXISTS (SELECT 1 FROM "Case" c WHERE c."id" = "FollowUp"."caseId" AND c."status" <> 'CLOSED')
  AND CASE WHEN "assigneeId" IS NULL
    THEN EXISTS (SELECT 1 FROM "Case" c JOIN "User" cu ON cu."id" = c."counsellorId"
      WHERE c."id" = "FollowUp"."caseId" AND cu."active" = 1 AND cu."teamId" = c."teamId" AND cu."role" IN ('COUNSELLOR', 'TEAM_LEAD'))
    ELSE NOT EXISTS (SELECT 1 FROM "Case" c JOIN "User" u ON u."id" = "FollowUp"."assigneeId"
      WHERE c."id" = "FollowUp"."caseId" AND u."active" = 1 AND u."teamId" = c."teamId" AND u."role" IN ('COUNSELLOR', 'TEAM_LEAD')
        AND (u."id" = c."counsellorId" OR u."role" = 'TEAM_LEAD' OR c."sharedForSubstitution" = 1))
  END;

UPDATE "FollowUp" SET "doneAt" = (SELECT COALESCE(c."closedAt", c."updatedAt") FROM "Case" c WHERE c."id" = "FollowUp"."caseId")
WHERE "doneAt" IS NULL
  AND EXISTS (SELECT 1 FROM "Case" c WHERE c."id" = "FollowUp"."caseId" AND c."status" = 'CLOSED');
