-- CreateTable
CREATE TABLE "CaseImport" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "teamId" TEXT NOT NULL,
    "importedById" TEXT,
    "rowsTotal" INTEGER NOT NULL,
    "imported" INTEGER NOT NULL,
    "skipped" INTEGER NOT NULL,
    "at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "CaseImportKey" (
    "rowKey" TEXT NOT NULL PRIMARY KEY,
    "importId" TEXT NOT NULL,
    "caseId" TEXT,
    "at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "CaseImportKey_importId_fkey" FOREIGN KEY ("importId") REFERENCES "CaseImport" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "CaseImportKey_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "Case" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "CaseImport_at_idx" ON "CaseImport"("at");

-- CreateIndex
CREATE UNIQUE INDEX "CaseImportKey_caseId_key" ON "CaseImportKey"("caseId");
