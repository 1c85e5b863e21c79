-- CreateIndex
CREATE INDEX "Case_id_teamId_counsellorId_idx" ON "Case"("id", "teamId", "counsellorId");

-- CreateIndex
CREATE INDEX "Case_teamId_status_kind_counsellorId_idx" ON "Case"("teamId", "status", "kind", "counsellorId");

-- CreateIndex
CREATE INDEX "Referral_status_caseId_idx" ON "Referral"("status", "caseId");
