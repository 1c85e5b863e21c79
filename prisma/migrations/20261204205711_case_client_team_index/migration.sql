-- DropIndex
DROP INDEX "Case_clientId_idx";

-- CreateIndex
CREATE INDEX "Case_clientId_teamId_id_idx" ON "Case"("clientId", "teamId", "id");
