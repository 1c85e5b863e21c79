-- CreateIndex
CREATE INDEX "Referral_open_partner_idx" ON "Referral"("caseTeamId", "partnerId", "status") WHERE status IN ('INQUIRY', 'REGISTERED', 'CLEARING_APPOINTMENT', 'CLEARING_DONE', 'WAITING_LIST', 'ADMITTED');
