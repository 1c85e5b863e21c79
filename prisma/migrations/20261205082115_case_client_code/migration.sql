-- The client's pseudonym code on each case, for the case list sorted by code (decision 045): a page
-- of a team's cases in code order is a range of the index (teamId, clientCode, id) instead of a walk
-- of every client in code order with a look-up of its cases. No code writes the column; the triggers
-- below keep it on every write path (app, import, generator, merge of two persons, raw SQL).

-- AlterTable
ALTER TABLE "Case" ADD COLUMN "clientCode" TEXT;

UPDATE "Case" SET "clientCode" = (SELECT "pseudonymCode" FROM "Client" WHERE "Client"."id" = "Case"."clientId");

CREATE TRIGGER "Case_client_code_insert" AFTER INSERT ON "Case"
BEGIN
  UPDATE "Case" SET "clientCode" = (SELECT "pseudonymCode" FROM "Client" WHERE "Client"."id" = NEW."clientId")
  WHERE "id" = NEW."id";
END;

-- A case moved to another person (the merge of two records of one person), or the copy written by
-- hand: the copy follows the case's client again.
CREATE TRIGGER "Case_client_code_update" AFTER UPDATE OF "clientId", "clientCode" ON "Case"
WHEN NEW."clientCode" IS NOT (SELECT "pseudonymCode" FROM "Client" WHERE "Client"."id" = NEW."clientId")
BEGIN
  UPDATE "Case" SET "clientCode" = (SELECT "pseudonymCode" FROM "Client" WHERE "Client"."id" = NEW."clientId")
  WHERE "id" = NEW."id";
END;

CREATE TRIGGER "Client_code_to_cases" AFTER UPDATE OF "pseudonymCode" ON "Client"
WHEN OLD."pseudonymCode" IS NOT NEW."pseudonymCode"
BEGIN
  UPDATE "Case" SET "clientCode" = NEW."pseudonymCode" WHERE "clientId" = NEW."id";
END;

-- The walk over the clients in code order that this replaces (migration 20261205052440) is gone.
-- DropIndex
DROP INDEX "Client_pseudonymCode_id_idx";

-- CreateIndex
CREATE INDEX "Case_teamId_clientCode_id_idx" ON "Case"("teamId", "clientCode", "id");

ANALYZE "Case";
