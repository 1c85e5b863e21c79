-- CreateIndex
CREATE INDEX "LanguageMediation_status_requestedAt_idx" ON "LanguageMediation"("status", "requestedAt");
