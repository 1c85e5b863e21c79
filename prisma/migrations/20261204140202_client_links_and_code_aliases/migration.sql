-- CreateTable
CREATE TABLE "ClientLink" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "clientId" TEXT NOT NULL,
    "linkedClientId" TEXT NOT NULL,
    "relation" TEXT NOT NULL,
    "createdById" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "ClientLink_clientId_fkey" FOREIGN KEY ("clientId") REFERENCES "Client" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "ClientLink_linkedClientId_fkey" FOREIGN KEY ("linkedClientId") REFERENCES "Client" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ClientCodeAlias" (
    "pseudonymCode" TEXT NOT NULL PRIMARY KEY,
    "clientId" TEXT NOT NULL,
    "mergedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "mergedById" TEXT,
    CONSTRAINT "ClientCodeAlias_clientId_fkey" FOREIGN KEY ("clientId") REFERENCES "Client" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "ClientLink_linkedClientId_idx" ON "ClientLink"("linkedClientId");

-- CreateIndex
CREATE UNIQUE INDEX "ClientLink_clientId_linkedClientId_key" ON "ClientLink"("clientId", "linkedClientId");

-- CreateIndex
CREATE INDEX "ClientCodeAlias_clientId_idx" ON "ClientCodeAlias"("clientId");
