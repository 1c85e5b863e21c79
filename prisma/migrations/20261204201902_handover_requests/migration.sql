-- CreateTable
CREATE TABLE "HandoverRequest" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "caseId" TEXT NOT NULL,
    "fromTeamId" TEXT NOT NULL,
    "toTeamId" TEXT NOT NULL,
    "requestedById" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'OPEN',
    "at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "decidedById" TEXT,
    "decidedAt" DATETIME,
    "declineReason" TEXT,
    "transferId" TEXT,
    CONSTRAINT "HandoverRequest_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "Case" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "HandoverRequest_caseId_status_idx" ON "HandoverRequest"("caseId", "status");

-- CreateIndex
CREATE INDEX "HandoverRequest_fromTeamId_status_idx" ON "HandoverRequest"("fromTeamId", "status");

-- CreateIndex
CREATE INDEX "HandoverRequest_requestedById_at_idx" ON "HandoverRequest"("requestedById", "at");
