-- The figures of the team lead's workload table on `/team` (decision 058): each counsellor's cases by
-- team, status and kind, and each author's contacts per calendar day. Both are kept by triggers on
-- every write of "Case" and "Contact" — whatever writes them (the app, an import, retention, a
-- cascade from a deleted case or client) — so no code writes these tables and no write path can
-- forget them. A row whose count falls to 0 is deleted: a counsellor without cases or contacts has
-- no row, as the counting statements they replace return none. WITHOUT ROWID: the rows are stored in
-- key order, so a counsellor's figures are one short range with the counts in it.

-- CreateTable
CREATE TABLE "CounsellorCaseCount" (
    "teamId" TEXT NOT NULL,
    "counsellorId" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "n" INTEGER NOT NULL,

    PRIMARY KEY ("teamId", "counsellorId", "status", "kind")
) WITHOUT ROWID;

-- CreateTable
CREATE TABLE "ContactDayCount" (
    "authorId" TEXT NOT NULL,
    "date" DATETIME NOT NULL,
    "n" INTEGER NOT NULL,
    "minutes" INTEGER NOT NULL,

    PRIMARY KEY ("authorId", "date")
) WITHOUT ROWID;

INSERT INTO "CounsellorCaseCount" ("teamId", "counsellorId", "status", "kind", "n")
  SELECT "teamId", "counsellorId", "status", "kind", COUNT(*) FROM "Case"
  WHERE "counsellorId" IS NOT NULL GROUP BY "teamId", "counsellorId", "status", "kind";

-- The stored day as it is (the same text the contact carries), so a range of days selects exactly the
-- contacts the same range selects on "Contact"."date".
INSERT INTO "ContactDayCount" ("authorId", "date", "n", "minutes")
  SELECT "authorId", "date", COUNT(*), SUM("durationMinutes") FROM "Contact"
  WHERE "authorId" IS NOT NULL GROUP BY "authorId", "date";

CREATE TRIGGER "Case_workload_insert" AFTER INSERT ON "Case"
WHEN NEW."counsellorId" IS NOT NULL
BEGIN
  INSERT INTO "CounsellorCaseCount" ("teamId", "counsellorId", "status", "kind", "n")
    VALUES (NEW."teamId", NEW."counsellorId", NEW."status", NEW."kind", 1)
    ON CONFLICT ("teamId", "counsellorId", "status", "kind") DO UPDATE SET "n" = "n" + 1;
END;

CREATE TRIGGER "Case_workload_delete" AFTER DELETE ON "Case"
WHEN OLD."counsellorId" IS NOT NULL
BEGIN
  UPDATE "CounsellorCaseCount" SET "n" = "n" - 1
    WHERE "teamId" = OLD."teamId" AND "counsellorId" = OLD."counsellorId" AND "status" = OLD."status" AND "kind" = OLD."kind";
  DELETE FROM "CounsellorCaseCount"
    WHERE "teamId" = OLD."teamId" AND "counsellorId" = OLD."counsellorId" AND "status" = OLD."status" AND "kind" = OLD."kind" AND "n" <= 0;
END;

-- Assigned, reassigned, unassigned, transferred, closed, reopened, paused, kind changed.
CREATE TRIGGER "Case_workload_update" AFTER UPDATE OF "teamId", "counsellorId", "status", "kind" ON "Case"
WHEN OLD."teamId" IS NOT NEW."teamId" OR OLD."counsellorId" IS NOT NEW."counsellorId"
  OR OLD."status" IS NOT NEW."status" OR OLD."kind" IS NOT NEW."kind"
BEGIN
  UPDATE "CounsellorCaseCount" SET "n" = "n" - 1
    WHERE "teamId" = OLD."teamId" AND "counsellorId" = OLD."counsellorId" AND "status" = OLD."status" AND "kind" = OLD."kind";
  DELETE FROM "CounsellorCaseCount"
    WHERE "teamId" = OLD."teamId" AND "counsellorId" = OLD."counsellorId" AND "status" = OLD."status" AND "kind" = OLD."kind" AND "n" <= 0;
  INSERT INTO "CounsellorCaseCount" ("teamId", "counsellorId", "status", "kind", "n")
    SELECT NEW."teamId", NEW."counsellorId", NEW."status", NEW."kind", 1 WHERE NEW."counsellorId" IS NOT NULL
    ON CONFLICT ("teamId", "counsellorId", "status", "kind") DO UPDATE SET "n" = "n" + 1;
END;

CREATE TRIGGER "Contact_workload_insert" AFTER INSERT ON "Contact"
WHEN NEW."authorId" IS NOT NULL
BEGIN
  INSERT INTO "ContactDayCount" ("authorId", "date", "n", "minutes")
    VALUES (NEW."authorId", NEW."date", 1, NEW."durationMinutes")
    ON CONFLICT ("authorId", "date") DO UPDATE SET "n" = "n" + 1, "minutes" = "minutes" + excluded."minutes";
END;

CREATE TRIGGER "Contact_workload_delete" AFTER DELETE ON "Contact"
WHEN OLD."authorId" IS NOT NULL
BEGIN
  UPDATE "ContactDayCount" SET "n" = "n" - 1, "minutes" = "minutes" - OLD."durationMinutes"
    WHERE "authorId" = OLD."authorId" AND "date" = OLD."date";
  DELETE FROM "ContactDayCount" WHERE "authorId" = OLD."authorId" AND "date" = OLD."date" AND "n" <= 0;
END;

-- Corrected (day, duration), moved to another author (a merge of accounts), an author removed.
CREATE TRIGGER "Contact_workload_update" AFTER UPDATE OF "authorId", "date", "durationMinutes" ON "Contact"
WHEN OLD."authorId" IS NOT NEW."authorId" OR OLD."date" IS NOT NEW."date" OR OLD."durationMinutes" IS NOT NEW."durationMinutes"
BEGIN
  UPDATE "ContactDayCount" SET "n" = "n" - 1, "minutes" = "minutes" - OLD."durationMinutes"
    WHERE "authorId" = OLD."authorId" AND "date" = OLD."date";
  DELETE FROM "ContactDayCount" WHERE "authorId" = OLD."authorId" AND "date" = OLD."date" AND "n" <= 0;
  INSERT INTO "ContactDayCount" ("authorId", "date", "n", "minutes")
    SELECT NEW."authorId", NEW."date", 1, NEW."durationMinutes" WHERE NEW."authorId" IS NOT NULL
    ON CONFLICT ("authorId", "date") DO UPDATE SET "n" = "n" + 1, "minutes" = "minutes" + excluded."minutes";
END;
