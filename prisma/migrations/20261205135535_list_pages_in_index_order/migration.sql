-- The case list's filtered pages, "my cases", "overdue" and the open language-mediation requests read
-- in index order from the index alone (issue 19, session 10; docs/performance.md).
-- DropIndex
DROP INDEX "Case_teamId_counsellorId_status_idx";

-- DropIndex
DROP INDEX "Case_teamId_status_programme_idx";

-- DropIndex
DROP INDEX "Case_teamId_openedAt_id_idx";

-- CreateIndex
CREATE INDEX "Case_teamId_openedAt_id_openFollowUpDue_idx" ON "Case"("teamId", "openedAt", "id", "openFollowUpDue");

-- CreateIndex
CREATE INDEX "Case_teamId_status_programme_openedAt_id_idx" ON "Case"("teamId", "status", "programme", "openedAt", "id");

-- CreateIndex
CREATE INDEX "Case_teamId_counsellorId_status_openedAt_id_idx" ON "Case"("teamId", "counsellorId", "status", "openedAt", "id");

-- CreateIndex
CREATE INDEX "LanguageMediation_caseTeamId_status_requestedAt_id_idx" ON "LanguageMediation"("caseTeamId", "status", "requestedAt", "id");

-- Statistics for the new indexes (as in 20261205111956): without them the planner may keep to the
-- old plans.
ANALYZE "Case";
ANALYZE "LanguageMediation";
