-- CreateIndex
CREATE INDEX "Case_teamId_status_programme_idx" ON "Case"("teamId", "status", "programme");

-- CreateIndex
CREATE INDEX "Case_teamId_counsellorId_status_idx" ON "Case"("teamId", "counsellorId", "status");
