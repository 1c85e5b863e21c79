-- CreateIndex
CREATE INDEX "Transfer_status_at_idx" ON "Transfer"("status", "at");
