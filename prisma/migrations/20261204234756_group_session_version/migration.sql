-- Optimistic locking for group-session edits (decision 046). ADD COLUMN, not a table redefinition:
-- other branches add columns to the same table in parallel.
ALTER TABLE "GroupSession" ADD COLUMN "version" INTEGER NOT NULL DEFAULT 1;
