-- CreateIndex
CREATE INDEX "Case_teamId_openedAt_id_idx" ON "Case"("teamId", "openedAt", "id");

-- CreateIndex
CREATE INDEX "Case_teamId_sharedForSubstitution_counsellorId_idx" ON "Case"("teamId", "sharedForSubstitution", "counsellorId");
