-- CreateIndex
CREATE INDEX "FollowUp_contactId_doneAt_idx" ON "FollowUp"("contactId", "doneAt");
