-- The start page's follow-ups read from indexes alone (decision 059): a person's open follow-ups
-- with every column the statement reads, and each follow-up's case with the columns of the
-- need-to-know filter, its status and the client's code. Both replace an index that is a prefix of
-- the new one, so every statement that used the old index can use the new one.

-- DropIndex
DROP INDEX "Case_id_teamId_counsellorId_idx";

-- DropIndex
DROP INDEX "FollowUp_assigneeId_doneAt_dueDate_idx";

-- CreateIndex
CREATE INDEX "Case_id_teamId_counsellorId_sharedForSubstitution_status_clientCode_idx" ON "Case"("id", "teamId", "counsellorId", "sharedForSubstitution", "status", "clientCode");

-- CreateIndex
CREATE INDEX "FollowUp_assigneeId_doneAt_dueDate_createdAt_id_caseId_contactId_source_note_idx" ON "FollowUp"("assigneeId", "doneAt", "dueDate", "createdAt", "id", "caseId", "contactId", "source", "note");

-- Statistics for the new indexes: without them (sqlite_stat4 samples for the old index only) the
-- planner keeps reading the follow-ups' rows.
ANALYZE "Case";
ANALYZE "FollowUp";
