-- CreateIndex
CREATE INDEX "Client_countryOfOrigin_idx" ON "Client"("countryOfOrigin");
