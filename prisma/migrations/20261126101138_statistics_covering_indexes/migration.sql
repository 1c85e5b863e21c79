-- CreateIndex
CREATE INDEX "Case_statistics_idx" ON "Case"("openedAt", "closedAt", "teamId", "id");

-- CreateIndex
CREATE INDEX "ProgrammePeriod_statistics_idx" ON "ProgrammePeriod"("caseId", "validFrom", "programme");

-- CreateIndex
CREATE INDEX "ReferralTransition_statistics_idx" ON "ReferralTransition"("referralId", "at", "toStatus");

-- CreateIndex
CREATE INDEX "ResidenceStatusEntry_statistics_idx" ON "ResidenceStatusEntry"("clientId", "validFrom", "statusId");

-- Statistics for the new indexes, so that the planner uses them from the first query on.
ANALYZE "Case";
ANALYZE "ProgrammePeriod";
ANALYZE "ResidenceStatusEntry";
ANALYZE "ReferralTransition";
