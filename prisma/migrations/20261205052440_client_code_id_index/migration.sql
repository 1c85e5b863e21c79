-- CreateIndex
CREATE INDEX "Client_pseudonymCode_id_idx" ON "Client"("pseudonymCode", "id");
