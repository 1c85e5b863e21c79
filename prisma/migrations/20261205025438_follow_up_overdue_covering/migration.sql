-- The case list's "overdue" filter counts the cases of the open overdue follow-ups from this index
-- alone (caseId added, covering): a skip-scan over the assignees instead of one look-up per case of
-- the team (docs/performance.md, decision 049). Every prefix of the old index is a prefix of the new
-- one, so each statement that used it keeps its plan.
-- DropIndex
DROP INDEX "FollowUp_assigneeId_doneAt_dueDate_idx";

-- CreateIndex
CREATE INDEX "FollowUp_assigneeId_doneAt_dueDate_caseId_idx" ON "FollowUp"("assigneeId", "doneAt", "dueDate", "caseId");

-- The skip-scan needs statistics for the new index (the planner skips only a leading column it
-- knows to have few values).
ANALYZE "FollowUp";
