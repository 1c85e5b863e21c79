-- CreateTable
CREATE TABLE "TeamCaseCount" (
    "teamId" TEXT NOT NULL PRIMARY KEY,
    "n" INTEGER NOT NULL
);

-- The number of cases of each team, for the team lead's unfiltered case list (docs/performance.md,
-- "Lists and overviews"). Every way a case comes, goes or changes team is a row written to "Case",
-- so three triggers keep the count exact; no code writes the table.
INSERT INTO "TeamCaseCount" ("teamId", "n") SELECT "teamId", COUNT(*) FROM "Case" GROUP BY "teamId";

CREATE TRIGGER "Case_team_count_insert" AFTER INSERT ON "Case"
BEGIN
  INSERT INTO "TeamCaseCount" ("teamId", "n") VALUES (NEW."teamId", 1)
    ON CONFLICT ("teamId") DO UPDATE SET "n" = "n" + 1;
END;

CREATE TRIGGER "Case_team_count_delete" AFTER DELETE ON "Case"
BEGIN
  UPDATE "TeamCaseCount" SET "n" = "n" - 1 WHERE "teamId" = OLD."teamId";
END;

CREATE TRIGGER "Case_team_count_moved" AFTER UPDATE OF "teamId" ON "Case"
WHEN OLD."teamId" IS NOT NEW."teamId"
BEGIN
  UPDATE "TeamCaseCount" SET "n" = "n" - 1 WHERE "teamId" = OLD."teamId";
  INSERT INTO "TeamCaseCount" ("teamId", "n") VALUES (NEW."teamId", 1)
    ON CONFLICT ("teamId") DO UPDATE SET "n" = "n" + 1;
END;
