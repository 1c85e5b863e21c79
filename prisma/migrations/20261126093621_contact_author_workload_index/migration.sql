-- DropIndex
DROP INDEX "Contact_authorId_date_idx";

-- CreateIndex
CREATE INDEX "Contact_authorId_date_durationMinutes_idx" ON "Contact"("authorId", "date", "durationMinutes");
