-- CreateIndex
CREATE INDEX "Referral_open_visible_idx" ON "Referral"("caseTeamId", "caseShared", "caseCounsellorId", "status", "sentAt", "kind", "partnerId", "consentFlaggedAt") WHERE status IN ('INQUIRY', 'REGISTERED', 'CLEARING_APPOINTMENT', 'CLEARING_DONE', 'WAITING_LIST', 'ADMITTED');
