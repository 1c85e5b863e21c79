-- CreateIndex
CREATE INDEX "Case_teamId_lastContactAt_id_idx" ON "Case"("teamId", "lastContactAt" DESC, "id");
