-- CreateTable
CREATE TABLE "TakeoverRequest" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "caseId" TEXT NOT NULL,
    "requestedById" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'OPEN',
    "at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "decidedById" TEXT,
    "decidedAt" DATETIME,
    CONSTRAINT "TakeoverRequest_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "Case" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "TakeoverRequest_caseId_status_idx" ON "TakeoverRequest"("caseId", "status");

-- CreateIndex
CREATE INDEX "TakeoverRequest_requestedById_status_idx" ON "TakeoverRequest"("requestedById", "status");
