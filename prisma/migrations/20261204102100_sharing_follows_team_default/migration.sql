-- Decision 015: sharing for substitution is a team default that is off unless the team's lead turns
-- it on, and a transfer resets a case to the receiving team's default. Data only; no table changes.

-- Team defaults. Until now the demo seed switched the default on for every EAE team without anyone
-- deciding it. It stays on only where the team settings were saved on /team/settings (only a team
-- lead of that team can, and it is audited as 'team.settings'); everywhere else it is turned off.
UPDATE "Team" SET "defaultSharedForSubstitution" = 0
WHERE "defaultSharedForSubstitution" = 1
  AND NOT EXISTS (
    SELECT 1 FROM "AuditEvent" a
    WHERE a."action" = 'team.settings' AND a."entity" = 'team' AND a."entityId" = "Team"."id" AND a."outcome" = 'SUCCESS');

-- Transferred cases take the default of the team that holds them now: the sending team's sharing
-- must not travel with the case. Kept only where someone of the holding team changed the case's
-- sharing on its master-data form after the last transfer ('case.update' naming the field): that
-- was a decision of the receiving team.
UPDATE "Case" SET "sharedForSubstitution" = (SELECT t."defaultSharedForSubstitution" FROM "Team" t WHERE t."id" = "Case"."teamId")
WHERE EXISTS (
    SELECT 1 FROM "Transfer" tr WHERE tr."caseId" = "Case"."id" AND tr."status" = 'DONE' AND tr."toTeamId" = "Case"."teamId")
  AND NOT EXISTS (
    SELECT 1 FROM "AuditEvent" a
    WHERE a."caseId" = "Case"."id" AND a."action" = 'case.update' AND a."outcome" = 'SUCCESS'
      AND a."details" LIKE '%"sharedForSubstitution"%'
      AND a."at" > (
        SELECT max(coalesce(tr."completedAt", tr."at")) FROM "Transfer" tr
        WHERE tr."caseId" = "Case"."id" AND tr."status" = 'DONE'));

-- Cases that were never transferred keep their flag: it was shown, ticked or not, on the form that
-- opened the case in the team that holds it, and can be changed there on the master data. Confidential
-- notes are no longer readable through sharing (decision 015), whatever the flag says.
