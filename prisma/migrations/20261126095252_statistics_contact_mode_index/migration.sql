-- CreateIndex
CREATE INDEX "Contact_statistics_mode_idx" ON "Contact"("mode", "setting", "date", "caseId", "durationMinutes", "interpreting");

-- The planner only skip-scans an index it has statistics for (PRAGMA optimize at start-up would
-- also add them, but after the first statistics query of a freshly migrated file).
ANALYZE "Contact";
