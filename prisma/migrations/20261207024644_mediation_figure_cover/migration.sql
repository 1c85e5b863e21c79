-- CreateIndex
CREATE INDEX "MediationFigure_cover_idx" ON "MediationFigure"("teamId", "month", "split", "key", "n", "minutes", "cost");
