-- DropIndex
DROP INDEX "Case_teamId_counsellorId_status_openedAt_id_idx";

-- CreateIndex
CREATE INDEX "Case_teamId_sharedForSubstitution_status_kind_programme_counsellorId_idx" ON "Case"("teamId", "sharedForSubstitution", "status", "kind", "programme", "counsellorId");

-- CreateIndex
CREATE INDEX "Case_teamId_counsellorId_status_openedAt_id_kind_programme_idx" ON "Case"("teamId", "counsellorId", "status", "openedAt", "id", "kind", "programme");
-- Statistics for the new indexes at once, so the planner does not weigh them by its defaults until the
-- next optimize (decision 212).
ANALYZE "Case";
