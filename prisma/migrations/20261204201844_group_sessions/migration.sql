-- CreateTable
CREATE TABLE "GroupSession" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "teamId" TEXT NOT NULL,
    "programme" TEXT NOT NULL,
    "date" DATETIME NOT NULL,
    "startTime" TEXT,
    "durationMinutes" INTEGER NOT NULL,
    "mode" TEXT NOT NULL,
    "description" TEXT NOT NULL,
    "anonymousParticipants" INTEGER NOT NULL DEFAULT 0,
    "createdById" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "GroupSession_teamId_fkey" FOREIGN KEY ("teamId") REFERENCES "Team" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "GroupSessionParticipant" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "groupSessionId" TEXT NOT NULL,
    "caseId" TEXT,
    CONSTRAINT "GroupSessionParticipant_groupSessionId_fkey" FOREIGN KEY ("groupSessionId") REFERENCES "GroupSession" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "GroupSessionParticipant_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "Case" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "GroupSessionTopic" (
    "groupSessionId" TEXT NOT NULL,
    "topicId" INTEGER NOT NULL,

    PRIMARY KEY ("groupSessionId", "topicId"),
    CONSTRAINT "GroupSessionTopic_groupSessionId_fkey" FOREIGN KEY ("groupSessionId") REFERENCES "GroupSession" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "GroupSessionTopic_topicId_fkey" FOREIGN KEY ("topicId") REFERENCES "CatalogueEntry" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "GroupSession_date_teamId_idx" ON "GroupSession"("date", "teamId");

-- CreateIndex
CREATE INDEX "GroupSessionParticipant_caseId_idx" ON "GroupSessionParticipant"("caseId");

-- CreateIndex
CREATE UNIQUE INDEX "GroupSessionParticipant_groupSessionId_caseId_key" ON "GroupSessionParticipant"("groupSessionId", "caseId");

-- CreateIndex
CREATE INDEX "GroupSessionTopic_topicId_idx" ON "GroupSessionTopic"("topicId");
