-- CreateTable
CREATE TABLE "ConsentTemplate" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "kind" TEXT NOT NULL,
    "languageCode" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "ConsentTemplateVersion" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "templateId" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "body" TEXT NOT NULL,
    "summary" TEXT,
    "source" TEXT NOT NULL,
    "shippedHash" TEXT,
    "createdById" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "reviewedAt" DATETIME,
    "reviewedByName" TEXT,
    "reviewedById" TEXT,
    CONSTRAINT "ConsentTemplateVersion_templateId_fkey" FOREIGN KEY ("templateId") REFERENCES "ConsentTemplate" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ConsentText" (
    "consentId" TEXT NOT NULL PRIMARY KEY,
    "versionId" TEXT NOT NULL,
    "germanVersionId" TEXT NOT NULL,
    CONSTRAINT "ConsentText_consentId_fkey" FOREIGN KEY ("consentId") REFERENCES "Consent" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "ConsentText_versionId_fkey" FOREIGN KEY ("versionId") REFERENCES "ConsentTemplateVersion" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "ConsentText_germanVersionId_fkey" FOREIGN KEY ("germanVersionId") REFERENCES "ConsentTemplateVersion" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "PrivacyInformationText" (
    "caseId" TEXT NOT NULL PRIMARY KEY,
    "versionId" TEXT NOT NULL,
    "germanVersionId" TEXT NOT NULL,
    CONSTRAINT "PrivacyInformationText_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "Case" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "PrivacyInformationText_versionId_fkey" FOREIGN KEY ("versionId") REFERENCES "ConsentTemplateVersion" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "PrivacyInformationText_germanVersionId_fkey" FOREIGN KEY ("germanVersionId") REFERENCES "ConsentTemplateVersion" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateIndex
CREATE UNIQUE INDEX "ConsentTemplate_kind_languageCode_key" ON "ConsentTemplate"("kind", "languageCode");

-- CreateIndex
CREATE UNIQUE INDEX "ConsentTemplateVersion_templateId_version_key" ON "ConsentTemplateVersion"("templateId", "version");

-- CreateIndex
CREATE INDEX "ConsentText_versionId_idx" ON "ConsentText"("versionId");

-- CreateIndex
CREATE INDEX "ConsentText_germanVersionId_idx" ON "ConsentText"("germanVersionId");

-- CreateIndex
CREATE INDEX "PrivacyInformationText_versionId_idx" ON "PrivacyInformationText"("versionId");

-- CreateIndex
CREATE INDEX "PrivacyInformationText_germanVersionId_idx" ON "PrivacyInformationText"("germanVersionId");

-- A version's text is what a signed paper says: it never changes after it was saved (a new version
-- is written instead), and versions are never deleted while records point at them.
CREATE TRIGGER "ConsentTemplateVersion_text_immutable"
BEFORE UPDATE OF "templateId", "version", "body", "summary" ON "ConsentTemplateVersion"
BEGIN
  SELECT RAISE(ABORT, 'consent template versions are immutable');
END;

CREATE TRIGGER "ConsentTemplateVersion_no_delete"
BEFORE DELETE ON "ConsentTemplateVersion"
BEGIN
  SELECT RAISE(ABORT, 'consent template versions are never deleted');
END;
