-- CreateTable
CREATE TABLE "Team" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "districtId" INTEGER,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "referralWaitThresholdDays" INTEGER NOT NULL DEFAULT 28,
    "defaultSharedForSubstitution" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Team_districtId_fkey" FOREIGN KEY ("districtId") REFERENCES "CatalogueEntry" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "User" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "email" TEXT NOT NULL,
    "displayName" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "teamId" TEXT NOT NULL,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "languages" TEXT NOT NULL DEFAULT '',
    "failedLoginCount" INTEGER NOT NULL DEFAULT 0,
    "lockedUntil" DATETIME,
    "lastLoginAt" DATETIME,
    "mustChangePassword" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "User_teamId_fkey" FOREIGN KEY ("teamId") REFERENCES "Team" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Password" (
    "userId" TEXT NOT NULL PRIMARY KEY,
    "hash" TEXT NOT NULL,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Password_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Session" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "userId" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastSeenAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" DATETIME NOT NULL,
    CONSTRAINT "Session_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "CatalogueEntry" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "catalogue" TEXT NOT NULL,
    "code" TEXT NOT NULL,
    "labelDe" TEXT NOT NULL,
    "labelEn" TEXT NOT NULL,
    "group" TEXT,
    "sortOrder" INTEGER NOT NULL DEFAULT 0,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "Setting" (
    "key" TEXT NOT NULL PRIMARY KEY,
    "value" TEXT NOT NULL,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "Client" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "pseudonymCode" TEXT NOT NULL,
    "birthYear" INTEGER NOT NULL,
    "gender" TEXT NOT NULL,
    "countryOfOrigin" TEXT,
    "nationality" TEXT,
    "arrivalMonth" TEXT,
    "districtId" INTEGER,
    "householdAdults" INTEGER NOT NULL DEFAULT 1,
    "householdChildren" INTEGER NOT NULL DEFAULT 0,
    "anonymisedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Client_districtId_fkey" FOREIGN KEY ("districtId") REFERENCES "CatalogueEntry" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ClientLanguage" (
    "clientId" TEXT NOT NULL,
    "languageCode" TEXT NOT NULL,

    PRIMARY KEY ("clientId", "languageCode"),
    CONSTRAINT "ClientLanguage_clientId_fkey" FOREIGN KEY ("clientId") REFERENCES "Client" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "IdentityKey" (
    "clientId" TEXT NOT NULL PRIMARY KEY,
    "ciphertext" TEXT NOT NULL,
    "iv" TEXT NOT NULL,
    "authTag" TEXT NOT NULL,
    "keyVersion" INTEGER NOT NULL DEFAULT 1,
    "matchHash" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "IdentityKey_clientId_fkey" FOREIGN KEY ("clientId") REFERENCES "Client" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ResidenceStatusEntry" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "clientId" TEXT NOT NULL,
    "statusId" INTEGER NOT NULL,
    "validFrom" DATETIME NOT NULL,
    "expiresAt" DATETIME,
    "createdById" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "ResidenceStatusEntry_clientId_fkey" FOREIGN KEY ("clientId") REFERENCES "Client" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "ResidenceStatusEntry_statusId_fkey" FOREIGN KEY ("statusId") REFERENCES "CatalogueEntry" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Case" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "clientId" TEXT NOT NULL,
    "teamId" TEXT NOT NULL,
    "counsellorId" TEXT,
    "openedAt" DATETIME NOT NULL,
    "startPlace" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'OPEN',
    "closedAt" DATETIME,
    "closureReasonId" INTEGER,
    "programme" TEXT NOT NULL,
    "accessRoute" TEXT NOT NULL,
    "germanLevel" TEXT NOT NULL,
    "familyMembersCounselled" INTEGER NOT NULL DEFAULT 0,
    "sharedForSubstitution" BOOLEAN NOT NULL DEFAULT false,
    "legalBasisId" INTEGER,
    "privacyInfoGivenAt" DATETIME,
    "privacyInfoLanguage" TEXT,
    "privacyInfoForm" TEXT,
    "firstContactAt" DATETIME,
    "lastContactAt" DATETIME,
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    "updatedById" TEXT,
    CONSTRAINT "Case_clientId_fkey" FOREIGN KEY ("clientId") REFERENCES "Client" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Case_teamId_fkey" FOREIGN KEY ("teamId") REFERENCES "Team" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "Case_counsellorId_fkey" FOREIGN KEY ("counsellorId") REFERENCES "User" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "Case_closureReasonId_fkey" FOREIGN KEY ("closureReasonId") REFERENCES "CatalogueEntry" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "Case_legalBasisId_fkey" FOREIGN KEY ("legalBasisId") REFERENCES "CatalogueEntry" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ProgrammePeriod" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "caseId" TEXT NOT NULL,
    "programme" TEXT NOT NULL,
    "validFrom" DATETIME NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "ProgrammePeriod_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "Case" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "CaseStatusChange" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "caseId" TEXT NOT NULL,
    "fromStatus" TEXT,
    "toStatus" TEXT NOT NULL,
    "closureReasonId" INTEGER,
    "at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "byUserId" TEXT,
    CONSTRAINT "CaseStatusChange_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "Case" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "CaseStatusChange_closureReasonId_fkey" FOREIGN KEY ("closureReasonId") REFERENCES "CatalogueEntry" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Assignment" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "caseId" TEXT NOT NULL,
    "fromUserId" TEXT,
    "toUserId" TEXT,
    "assignedById" TEXT,
    "note" TEXT,
    "at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "readAt" DATETIME,
    CONSTRAINT "Assignment_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "Case" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Assignment_fromUserId_fkey" FOREIGN KEY ("fromUserId") REFERENCES "User" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "Assignment_toUserId_fkey" FOREIGN KEY ("toUserId") REFERENCES "User" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "Assignment_assignedById_fkey" FOREIGN KEY ("assignedById") REFERENCES "User" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Transfer" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "caseId" TEXT NOT NULL,
    "fromTeamId" TEXT NOT NULL,
    "toTeamId" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "handoverNote" TEXT,
    "status" TEXT NOT NULL DEFAULT 'DONE',
    "requestedById" TEXT,
    "confirmedById" TEXT,
    "at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "completedAt" DATETIME,
    CONSTRAINT "Transfer_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "Case" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Transfer_fromTeamId_fkey" FOREIGN KEY ("fromTeamId") REFERENCES "Team" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "Transfer_toTeamId_fkey" FOREIGN KEY ("toTeamId") REFERENCES "Team" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Contact" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "caseId" TEXT NOT NULL,
    "authorId" TEXT,
    "date" DATETIME NOT NULL,
    "durationMinutes" INTEGER NOT NULL,
    "mode" TEXT NOT NULL,
    "setting" TEXT NOT NULL,
    "personsPresent" INTEGER NOT NULL DEFAULT 1,
    "languageCode" TEXT,
    "interpreting" TEXT NOT NULL DEFAULT 'NONE',
    "languageMediationId" TEXT,
    "confidentialNote" TEXT,
    "nextStep" TEXT,
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Contact_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "Case" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Contact_authorId_fkey" FOREIGN KEY ("authorId") REFERENCES "User" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "Contact_languageMediationId_fkey" FOREIGN KEY ("languageMediationId") REFERENCES "LanguageMediation" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ContactTopic" (
    "contactId" TEXT NOT NULL,
    "topicId" INTEGER NOT NULL,

    PRIMARY KEY ("contactId", "topicId"),
    CONSTRAINT "ContactTopic_contactId_fkey" FOREIGN KEY ("contactId") REFERENCES "Contact" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "ContactTopic_topicId_fkey" FOREIGN KEY ("topicId") REFERENCES "CatalogueEntry" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "FollowUp" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "caseId" TEXT NOT NULL,
    "contactId" TEXT,
    "assigneeId" TEXT,
    "source" TEXT NOT NULL,
    "dueDate" DATETIME NOT NULL,
    "note" TEXT,
    "doneAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "FollowUp_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "Case" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "FollowUp_contactId_fkey" FOREIGN KEY ("contactId") REFERENCES "Contact" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "FollowUp_assigneeId_fkey" FOREIGN KEY ("assigneeId") REFERENCES "User" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "AnonymousInquiry" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "teamId" TEXT NOT NULL,
    "userId" TEXT,
    "date" DATETIME NOT NULL,
    "mode" TEXT NOT NULL,
    "languageCode" TEXT,
    "interpreting" TEXT NOT NULL DEFAULT 'NONE',
    "durationMinutes" INTEGER NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "AnonymousInquiry_teamId_fkey" FOREIGN KEY ("teamId") REFERENCES "Team" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "InquiryTopic" (
    "inquiryId" TEXT NOT NULL,
    "topicId" INTEGER NOT NULL,

    PRIMARY KEY ("inquiryId", "topicId"),
    CONSTRAINT "InquiryTopic_inquiryId_fkey" FOREIGN KEY ("inquiryId") REFERENCES "AnonymousInquiry" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "InquiryTopic_topicId_fkey" FOREIGN KEY ("topicId") REFERENCES "CatalogueEntry" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "CasePlan" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "caseId" TEXT NOT NULL,
    "agreedAt" DATETIME,
    "closedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "CasePlan_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "Case" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "PlanGoal" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "planId" TEXT NOT NULL,
    "topicId" INTEGER NOT NULL,
    "text" TEXT NOT NULL,
    "dueDate" DATETIME,
    "status" TEXT NOT NULL DEFAULT 'OPEN',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "PlanGoal_planId_fkey" FOREIGN KEY ("planId") REFERENCES "CasePlan" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "PlanGoal_topicId_fkey" FOREIGN KEY ("topicId") REFERENCES "CatalogueEntry" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "PlanGoalChange" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "goalId" TEXT NOT NULL,
    "fromStatus" TEXT,
    "toStatus" TEXT NOT NULL,
    "at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "byUserId" TEXT,
    CONSTRAINT "PlanGoalChange_goalId_fkey" FOREIGN KEY ("goalId") REFERENCES "PlanGoal" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "PartnerOrganisation" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "districtId" INTEGER,
    "address" TEXT,
    "phone" TEXT,
    "email" TEXT,
    "website" TEXT,
    "languages" TEXT NOT NULL DEFAULT '',
    "active" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "PartnerOrganisation_districtId_fkey" FOREIGN KEY ("districtId") REFERENCES "CatalogueEntry" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Consent" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "caseId" TEXT NOT NULL,
    "recipientPartnerId" TEXT,
    "recipientKind" TEXT,
    "purpose" TEXT NOT NULL,
    "dataCategories" TEXT NOT NULL,
    "form" TEXT NOT NULL,
    "languageCode" TEXT,
    "givenAt" DATETIME NOT NULL,
    "validUntil" DATETIME,
    "withdrawnAt" DATETIME,
    "paperOnFile" BOOLEAN NOT NULL DEFAULT false,
    "createdById" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Consent_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "Case" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Consent_recipientPartnerId_fkey" FOREIGN KEY ("recipientPartnerId") REFERENCES "PartnerOrganisation" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Referral" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "caseId" TEXT NOT NULL,
    "partnerId" TEXT,
    "kind" TEXT NOT NULL,
    "urgency" TEXT NOT NULL,
    "reason" TEXT,
    "interpreterNeeded" BOOLEAN NOT NULL DEFAULT false,
    "interpreterLanguage" TEXT,
    "dataCategories" TEXT NOT NULL DEFAULT '',
    "anonymous" BOOLEAN NOT NULL DEFAULT false,
    "consentId" TEXT,
    "status" TEXT NOT NULL DEFAULT 'INQUIRY',
    "sentAt" DATETIME NOT NULL,
    "clearingAt" DATETIME,
    "admittedAt" DATETIME,
    "closedAt" DATETIME,
    "feedbackReceived" BOOLEAN NOT NULL DEFAULT false,
    "consentFlaggedAt" DATETIME,
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdById" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Referral_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "Case" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Referral_partnerId_fkey" FOREIGN KEY ("partnerId") REFERENCES "PartnerOrganisation" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "Referral_consentId_fkey" FOREIGN KEY ("consentId") REFERENCES "Consent" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ReferralTransition" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "referralId" TEXT NOT NULL,
    "fromStatus" TEXT,
    "toStatus" TEXT NOT NULL,
    "at" DATETIME NOT NULL,
    "byUserId" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "ReferralTransition_referralId_fkey" FOREIGN KEY ("referralId") REFERENCES "Referral" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "LanguageMediation" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "caseId" TEXT NOT NULL,
    "languageCode" TEXT NOT NULL,
    "dialect" TEXT,
    "mode" TEXT NOT NULL,
    "providerId" TEXT,
    "providerKind" TEXT NOT NULL,
    "interpreterRef" TEXT,
    "requestedAt" DATETIME NOT NULL,
    "performedAt" DATETIME,
    "billedMinutes" INTEGER,
    "travelMinutes" INTEGER,
    "costCents" INTEGER,
    "costBearer" TEXT,
    "status" TEXT NOT NULL DEFAULT 'REQUESTED',
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdById" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "LanguageMediation_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "Case" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "LanguageMediation_providerId_fkey" FOREIGN KEY ("providerId") REFERENCES "PartnerOrganisation" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "MediationTransition" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "mediationId" TEXT NOT NULL,
    "fromStatus" TEXT,
    "toStatus" TEXT NOT NULL,
    "at" DATETIME NOT NULL,
    "byUserId" TEXT,
    CONSTRAINT "MediationTransition_mediationId_fkey" FOREIGN KEY ("mediationId") REFERENCES "LanguageMediation" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Absence" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "userId" TEXT NOT NULL,
    "substituteId" TEXT NOT NULL,
    "startsOn" DATETIME NOT NULL,
    "endsOn" DATETIME NOT NULL,
    "createdById" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Absence_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Absence_substituteId_fkey" FOREIGN KEY ("substituteId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Notification" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "userId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "caseId" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "readAt" DATETIME,
    CONSTRAINT "Notification_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Notification_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "Case" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "AuditEvent" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "userId" TEXT,
    "action" TEXT NOT NULL,
    "entity" TEXT NOT NULL,
    "entityId" TEXT,
    "caseId" TEXT,
    "outcome" TEXT NOT NULL DEFAULT 'SUCCESS',
    "details" TEXT,
    "requestId" TEXT,
    "emergency" BOOLEAN NOT NULL DEFAULT false
);

-- CreateTable
CREATE TABLE "StatisticsSnapshot" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "year" INTEGER NOT NULL,
    "scopeKey" TEXT NOT NULL,
    "teamId" TEXT,
    "data" TEXT NOT NULL,
    "frozenAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "frozenById" TEXT,
    CONSTRAINT "StatisticsSnapshot_teamId_fkey" FOREIGN KEY ("teamId") REFERENCES "Team" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateIndex
CREATE UNIQUE INDEX "Team_name_key" ON "Team"("name");

-- CreateIndex
CREATE INDEX "Team_districtId_idx" ON "Team"("districtId");

-- CreateIndex
CREATE UNIQUE INDEX "User_email_key" ON "User"("email");

-- CreateIndex
CREATE INDEX "User_teamId_role_active_idx" ON "User"("teamId", "role", "active");

-- CreateIndex
CREATE INDEX "Session_userId_idx" ON "Session"("userId");

-- CreateIndex
CREATE INDEX "Session_expiresAt_idx" ON "Session"("expiresAt");

-- CreateIndex
CREATE INDEX "CatalogueEntry_catalogue_active_sortOrder_idx" ON "CatalogueEntry"("catalogue", "active", "sortOrder");

-- CreateIndex
CREATE UNIQUE INDEX "CatalogueEntry_catalogue_code_key" ON "CatalogueEntry"("catalogue", "code");

-- CreateIndex
CREATE UNIQUE INDEX "Client_pseudonymCode_key" ON "Client"("pseudonymCode");

-- CreateIndex
CREATE INDEX "Client_nationality_idx" ON "Client"("nationality");

-- CreateIndex
CREATE INDEX "Client_districtId_idx" ON "Client"("districtId");

-- CreateIndex
CREATE INDEX "ClientLanguage_languageCode_idx" ON "ClientLanguage"("languageCode");

-- CreateIndex
CREATE INDEX "IdentityKey_matchHash_idx" ON "IdentityKey"("matchHash");

-- CreateIndex
CREATE INDEX "ResidenceStatusEntry_clientId_validFrom_idx" ON "ResidenceStatusEntry"("clientId", "validFrom");

-- CreateIndex
CREATE INDEX "ResidenceStatusEntry_statusId_idx" ON "ResidenceStatusEntry"("statusId");

-- CreateIndex
CREATE INDEX "Case_teamId_status_openedAt_idx" ON "Case"("teamId", "status", "openedAt");

-- CreateIndex
CREATE INDEX "Case_counsellorId_status_idx" ON "Case"("counsellorId", "status");

-- CreateIndex
CREATE INDEX "Case_clientId_idx" ON "Case"("clientId");

-- CreateIndex
CREATE INDEX "Case_openedAt_idx" ON "Case"("openedAt");

-- CreateIndex
CREATE INDEX "Case_closedAt_idx" ON "Case"("closedAt");

-- CreateIndex
CREATE INDEX "Case_programme_idx" ON "Case"("programme");

-- CreateIndex
CREATE INDEX "ProgrammePeriod_caseId_validFrom_idx" ON "ProgrammePeriod"("caseId", "validFrom");

-- CreateIndex
CREATE INDEX "CaseStatusChange_caseId_at_idx" ON "CaseStatusChange"("caseId", "at");

-- CreateIndex
CREATE INDEX "CaseStatusChange_toStatus_at_idx" ON "CaseStatusChange"("toStatus", "at");

-- CreateIndex
CREATE INDEX "Assignment_caseId_at_idx" ON "Assignment"("caseId", "at");

-- CreateIndex
CREATE INDEX "Assignment_toUserId_readAt_idx" ON "Assignment"("toUserId", "readAt");

-- CreateIndex
CREATE INDEX "Transfer_caseId_at_idx" ON "Transfer"("caseId", "at");

-- CreateIndex
CREATE INDEX "Transfer_toTeamId_status_idx" ON "Transfer"("toTeamId", "status");

-- CreateIndex
CREATE INDEX "Contact_caseId_date_idx" ON "Contact"("caseId", "date");

-- CreateIndex
CREATE INDEX "Contact_date_idx" ON "Contact"("date");

-- CreateIndex
CREATE INDEX "Contact_authorId_date_idx" ON "Contact"("authorId", "date");

-- CreateIndex
CREATE INDEX "ContactTopic_topicId_idx" ON "ContactTopic"("topicId");

-- CreateIndex
CREATE INDEX "FollowUp_assigneeId_doneAt_dueDate_idx" ON "FollowUp"("assigneeId", "doneAt", "dueDate");

-- CreateIndex
CREATE INDEX "FollowUp_caseId_doneAt_idx" ON "FollowUp"("caseId", "doneAt");

-- CreateIndex
CREATE INDEX "AnonymousInquiry_teamId_date_idx" ON "AnonymousInquiry"("teamId", "date");

-- CreateIndex
CREATE INDEX "InquiryTopic_topicId_idx" ON "InquiryTopic"("topicId");

-- CreateIndex
CREATE UNIQUE INDEX "CasePlan_caseId_key" ON "CasePlan"("caseId");

-- CreateIndex
CREATE INDEX "PlanGoal_planId_idx" ON "PlanGoal"("planId");

-- CreateIndex
CREATE INDEX "PlanGoalChange_goalId_at_idx" ON "PlanGoalChange"("goalId", "at");

-- CreateIndex
CREATE INDEX "PartnerOrganisation_kind_active_idx" ON "PartnerOrganisation"("kind", "active");

-- CreateIndex
CREATE INDEX "Consent_caseId_idx" ON "Consent"("caseId");

-- CreateIndex
CREATE INDEX "Referral_caseId_idx" ON "Referral"("caseId");

-- CreateIndex
CREATE INDEX "Referral_status_sentAt_idx" ON "Referral"("status", "sentAt");

-- CreateIndex
CREATE INDEX "Referral_sentAt_idx" ON "Referral"("sentAt");

-- CreateIndex
CREATE INDEX "ReferralTransition_referralId_at_idx" ON "ReferralTransition"("referralId", "at");

-- CreateIndex
CREATE INDEX "LanguageMediation_caseId_idx" ON "LanguageMediation"("caseId");

-- CreateIndex
CREATE INDEX "LanguageMediation_requestedAt_idx" ON "LanguageMediation"("requestedAt");

-- CreateIndex
CREATE INDEX "LanguageMediation_performedAt_idx" ON "LanguageMediation"("performedAt");

-- CreateIndex
CREATE INDEX "MediationTransition_mediationId_at_idx" ON "MediationTransition"("mediationId", "at");

-- CreateIndex
CREATE INDEX "Absence_substituteId_startsOn_endsOn_idx" ON "Absence"("substituteId", "startsOn", "endsOn");

-- CreateIndex
CREATE INDEX "Absence_userId_startsOn_idx" ON "Absence"("userId", "startsOn");

-- CreateIndex
CREATE INDEX "Notification_userId_readAt_idx" ON "Notification"("userId", "readAt");

-- CreateIndex
CREATE INDEX "AuditEvent_at_idx" ON "AuditEvent"("at");

-- CreateIndex
CREATE INDEX "AuditEvent_userId_at_idx" ON "AuditEvent"("userId", "at");

-- CreateIndex
CREATE INDEX "AuditEvent_caseId_at_idx" ON "AuditEvent"("caseId", "at");

-- CreateIndex
CREATE INDEX "AuditEvent_action_at_idx" ON "AuditEvent"("action", "at");

-- CreateIndex
CREATE UNIQUE INDEX "StatisticsSnapshot_year_scopeKey_key" ON "StatisticsSnapshot"("year", "scopeKey");

-- The audit log is append-only: no path in the application updates or deletes it,
-- and the database refuses both as well.
CREATE TRIGGER "AuditEvent_no_update" BEFORE UPDATE ON "AuditEvent"
BEGIN
    SELECT RAISE(ABORT, 'AuditEvent is append-only');
END;

CREATE TRIGGER "AuditEvent_no_delete" BEFORE DELETE ON "AuditEvent"
BEGIN
    SELECT RAISE(ABORT, 'AuditEvent is append-only');
END;
