-- AlterTable
ALTER TABLE "LanguageMediation" ADD COLUMN "caseCounsellorId" TEXT;
ALTER TABLE "LanguageMediation" ADD COLUMN "caseShared" BOOLEAN;
ALTER TABLE "LanguageMediation" ADD COLUMN "caseTeamId" TEXT;

-- AlterTable
ALTER TABLE "Referral" ADD COLUMN "caseCounsellorId" TEXT;
ALTER TABLE "Referral" ADD COLUMN "caseShared" BOOLEAN;
ALTER TABLE "Referral" ADD COLUMN "caseTeamId" TEXT;

-- The case's team, counsellor and substitution flag on each referral and language mediation, for the
-- /referrals and /language-mediation overviews (need-to-know filters on exactly these three case
-- columns). Triggers keep the copies on every write path: a new or moved record takes its case's
-- values, and a case that changes team, counsellor or flag passes them on. No code writes them.
UPDATE "Referral" SET ("caseTeamId", "caseCounsellorId", "caseShared") =
  (SELECT c."teamId", c."counsellorId", c."sharedForSubstitution" FROM "Case" c WHERE c."id" = "Referral"."caseId");
UPDATE "LanguageMediation" SET ("caseTeamId", "caseCounsellorId", "caseShared") =
  (SELECT c."teamId", c."counsellorId", c."sharedForSubstitution" FROM "Case" c WHERE c."id" = "LanguageMediation"."caseId");

CREATE TRIGGER "Referral_case_copies_insert" AFTER INSERT ON "Referral"
BEGIN
  UPDATE "Referral" SET ("caseTeamId", "caseCounsellorId", "caseShared") =
    (SELECT c."teamId", c."counsellorId", c."sharedForSubstitution" FROM "Case" c WHERE c."id" = NEW."caseId")
  WHERE "id" = NEW."id";
END;

CREATE TRIGGER "Referral_case_copies_moved" AFTER UPDATE OF "caseId" ON "Referral"
BEGIN
  UPDATE "Referral" SET ("caseTeamId", "caseCounsellorId", "caseShared") =
    (SELECT c."teamId", c."counsellorId", c."sharedForSubstitution" FROM "Case" c WHERE c."id" = NEW."caseId")
  WHERE "id" = NEW."id";
END;

CREATE TRIGGER "LanguageMediation_case_copies_insert" AFTER INSERT ON "LanguageMediation"
BEGIN
  UPDATE "LanguageMediation" SET ("caseTeamId", "caseCounsellorId", "caseShared") =
    (SELECT c."teamId", c."counsellorId", c."sharedForSubstitution" FROM "Case" c WHERE c."id" = NEW."caseId")
  WHERE "id" = NEW."id";
END;

CREATE TRIGGER "LanguageMediation_case_copies_moved" AFTER UPDATE OF "caseId" ON "LanguageMediation"
BEGIN
  UPDATE "LanguageMediation" SET ("caseTeamId", "caseCounsellorId", "caseShared") =
    (SELECT c."teamId", c."counsellorId", c."sharedForSubstitution" FROM "Case" c WHERE c."id" = NEW."caseId")
  WHERE "id" = NEW."id";
END;

CREATE TRIGGER "Case_copies_to_referrals_and_mediations" AFTER UPDATE OF "teamId", "counsellorId", "sharedForSubstitution" ON "Case"
WHEN OLD."teamId" IS NOT NEW."teamId" OR OLD."counsellorId" IS NOT NEW."counsellorId"
  OR OLD."sharedForSubstitution" IS NOT NEW."sharedForSubstitution"
BEGIN
  UPDATE "Referral" SET "caseTeamId" = NEW."teamId", "caseCounsellorId" = NEW."counsellorId",
    "caseShared" = NEW."sharedForSubstitution" WHERE "caseId" = NEW."id";
  UPDATE "LanguageMediation" SET "caseTeamId" = NEW."teamId", "caseCounsellorId" = NEW."counsellorId",
    "caseShared" = NEW."sharedForSubstitution" WHERE "caseId" = NEW."id";
END;

-- CreateIndex
CREATE INDEX "LanguageMediation_overview_idx" ON "LanguageMediation"("caseTeamId", "status", "performedAt", "requestedAt", "languageCode", "mode", "costBearer", "billedMinutes", "costCents", "caseCounsellorId", "caseShared");

-- CreateIndex
CREATE INDEX "LanguageMediation_caseTeamId_requestedAt_idx" ON "LanguageMediation"("caseTeamId", "requestedAt");

-- CreateIndex
CREATE INDEX "Referral_overview_idx" ON "Referral"("caseTeamId", "status", "sentAt", "kind", "partnerId", "consentFlaggedAt", "caseCounsellorId", "caseShared", "id");

ANALYZE "Referral";
ANALYZE "LanguageMediation";
