-- CreateIndex
CREATE INDEX "Contact_statistics_idx" ON "Contact"("caseId", "date", "mode", "setting", "durationMinutes", "interpreting", "id");
