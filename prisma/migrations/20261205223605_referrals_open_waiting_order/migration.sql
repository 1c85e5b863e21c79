-- CreateIndex
CREATE INDEX "Referral_open_waiting_idx" ON "Referral"("caseTeamId", "sentAt", "id", "status", "kind", "partnerId", "caseCounsellorId", "caseShared", "caseId", "urgency", "consentFlaggedAt", "clearingAt", "admittedAt", "closedAt") WHERE status IN ('INQUIRY', 'REGISTERED', 'CLEARING_APPOINTMENT', 'CLEARING_DONE', 'WAITING_LIST', 'ADMITTED');
