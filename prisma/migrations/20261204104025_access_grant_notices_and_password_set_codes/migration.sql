-- AlterTable
ALTER TABLE "Notification" ADD COLUMN "auditEventId" INTEGER;
ALTER TABLE "Notification" ADD COLUMN "subjectUserId" TEXT;

-- CreateTable
CREATE TABLE "PasswordSetCode" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "userId" TEXT NOT NULL,
    "codeHash" TEXT NOT NULL,
    "purpose" TEXT NOT NULL,
    "createdById" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" DATETIME NOT NULL,
    "usedAt" DATETIME,
    CONSTRAINT "PasswordSetCode_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE UNIQUE INDEX "PasswordSetCode_codeHash_key" ON "PasswordSetCode"("codeHash");

-- CreateIndex
CREATE INDEX "PasswordSetCode_userId_usedAt_idx" ON "PasswordSetCode"("userId", "usedAt");
