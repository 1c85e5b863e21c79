-- CreateIndex
CREATE INDEX "Referral_open_flagged_idx" ON "Referral"("caseTeamId", "status") WHERE consentFlaggedAt IS NOT NULL AND status IN ('INQUIRY', 'REGISTERED', 'CLEARING_APPOINTMENT', 'CLEARING_DONE', 'WAITING_LIST', 'ADMITTED');
