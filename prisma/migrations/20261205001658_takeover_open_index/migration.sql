-- CreateIndex
CREATE INDEX "TakeoverRequest_status_at_idx" ON "TakeoverRequest"("status", "at");
