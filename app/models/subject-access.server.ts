// Data-subject access (GDPR Art. 15): the client's whole file as the organisation holds it — master
// data, residence history, cases with contacts (including notes), plans, referrals, consents,
// language mediation, documents, and who accessed the file when. The ZIP adds the documents
// themselves, decrypted, next to the JSON. Used by the JSON export and the printable
// page. Cases of the same client that the requesting user may not read (another team) are listed
// with their team only: that team answers for them, need-to-know still applies inside the
// organisation. The same goes for confidential notes and documents (decisions 015, 023): the file
// carries a note's text and the documents' files only from a case whose notes the requesting user
// may read (always the case it is made from, as subject access needs `reveal-identity`); for another
// readable case it says that a note or a document exists and who adds it.
import { type Readable } from 'node:stream'
import yazl from 'yazl'
import { canAccessCase, type Actor } from '#app/domain/access-policy.ts'
import { getSubstitutesFor } from '#app/models/case-access.server.ts'
import { openDocument, subjectAccessDocuments } from '#app/models/document.server.ts'
import { audit } from '#app/utils/audit.server.ts'
import { prisma } from '#app/utils/db.server.ts'
import { decryptIdentity, IdentityDecryptError, type IdentityData } from '#app/utils/identity-crypto.server.ts'
import { catalogueLabel } from '#app/utils/format.ts'

const iso = (value: Date | null | undefined) => value?.toISOString() ?? null

const labelsSelect = { select: { code: true, labelDe: true, labelEn: true } } as const

async function loadCase(caseId: string, language: string, confidential: boolean) {
  const kase = await prisma.case.findUniqueOrThrow({
    where: { id: caseId },
    select: {
      id: true,
      openedAt: true,
      startPlace: true,
      kind: true,
      status: true,
      closedAt: true,
      programme: true,
      accessRoute: true,
      germanLevel: true,
      familyMembersCounselled: true,
      sharedForSubstitution: true,
      privacyInfoGivenAt: true,
      privacyInfoLanguage: true,
      privacyInfoForm: true,
      privacyText: { select: { version: { select: { version: true, template: { select: { kind: true, languageCode: true } } } } } },
      team: { select: { name: true } },
      counsellor: { select: { displayName: true } },
      closureReason: labelsSelect,
      legalBasis: labelsSelect,
      programmes: { select: { programme: true, validFrom: true }, orderBy: { validFrom: 'asc' } },
      statusChanges: { select: { fromStatus: true, toStatus: true, at: true }, orderBy: { at: 'asc' } },
      assignments: { select: { at: true, note: true, toUser: { select: { displayName: true } } }, orderBy: { at: 'asc' } },
      transfers: { select: { at: true, reason: true, handoverNote: true, status: true, fromTeam: { select: { name: true } }, toTeam: { select: { name: true } } }, orderBy: { at: 'asc' } },
      // The group sessions the case took part in (decision 041): the session, never the other participants.
      groupSessions: {
        select: {
          groupSession: {
            select: {
              date: true,
              startTime: true,
              durationMinutes: true,
              mode: true,
              description: true,
              anonymousParticipants: true,
              topics: { select: { topic: labelsSelect } },
              _count: { select: { participants: true } },
            },
          },
        },
        orderBy: { groupSession: { date: 'asc' } },
      },
      contacts: {
        select: {
          date: true,
          durationMinutes: true,
          mode: true,
          setting: true,
          personsPresent: true,
          languageCode: true,
          interpreting: true,
          confidentialNote: true,
          nextStep: true,
          author: { select: { displayName: true } },
          topics: { select: { topic: labelsSelect } },
        },
        orderBy: { date: 'asc' },
      },
      followUps: { select: { dueDate: true, note: true, doneAt: true, source: true }, orderBy: { dueDate: 'asc' } },
      plan: { select: { agreedAt: true, closedAt: true, goals: { select: { text: true, status: true, dueDate: true, topic: labelsSelect }, orderBy: { createdAt: 'asc' } } } },
      consents: {
        select: { purpose: true, dataCategories: true, form: true, languageCode: true, givenAt: true, validUntil: true, withdrawnAt: true, recipientKind: true, recipientPartner: { select: { name: true } }, text: { select: { version: { select: { version: true, template: { select: { kind: true, languageCode: true } } } } } } },
        orderBy: { givenAt: 'asc' },
      },
      referrals: {
        select: {
          kind: true,
          urgency: true,
          reason: true,
          status: true,
          sentAt: true,
          closedAt: true,
          dataCategories: true,
          anonymous: true,
          feedbackReceived: true,
          partner: { select: { name: true } },
          transitions: { select: { fromStatus: true, toStatus: true, at: true }, orderBy: { at: 'asc' } },
        },
        orderBy: { sentAt: 'asc' },
      },
      mediations: {
        select: {
          languageCode: true,
          dialect: true,
          mode: true,
          providerKind: true,
          status: true,
          requestedAt: true,
          performedAt: true,
          billedMinutes: true,
          provider: { select: { name: true } },
        },
        orderBy: { requestedAt: 'asc' },
      },
    },
  })
  return {
    id: kase.id,
    team: kase.team.name,
    counsellor: kase.counsellor?.displayName ?? null,
    openedAt: iso(kase.openedAt),
    closedAt: iso(kase.closedAt),
    status: kase.status,
    kind: kase.kind,
    startPlace: kase.startPlace,
    programme: kase.programme,
    accessRoute: kase.accessRoute,
    germanLevel: kase.germanLevel,
    familyMembersCounselled: kase.familyMembersCounselled,
    closureReason: catalogueLabel(kase.closureReason, language),
    legalBasis: catalogueLabel(kase.legalBasis, language),
    privacyInfo: {
      givenAt: iso(kase.privacyInfoGivenAt),
      language: kase.privacyInfoLanguage,
      form: kase.privacyInfoForm,
      text: textGiven(kase.privacyText),
    },
    programmes: kase.programmes.map((period) => ({ programme: period.programme, validFrom: iso(period.validFrom) })),
    statusChanges: kase.statusChanges.map((change) => ({ from: change.fromStatus, to: change.toStatus, at: iso(change.at) })),
    assignments: kase.assignments.map((assignment) => ({ at: iso(assignment.at), to: assignment.toUser?.displayName ?? null, note: assignment.note })),
    transfers: kase.transfers.map((transfer) => ({
      at: iso(transfer.at),
      from: transfer.fromTeam.name,
      to: transfer.toTeam.name,
      reason: transfer.reason,
      status: transfer.status,
      handoverNote: transfer.handoverNote,
    })),
    contacts: kase.contacts.map((contact) => ({
      date: iso(contact.date),
      durationMinutes: contact.durationMinutes,
      mode: contact.mode,
      setting: contact.setting,
      personsPresent: contact.personsPresent,
      languageCode: contact.languageCode,
      interpreting: contact.interpreting,
      topics: contact.topics.map((topic) => catalogueLabel(topic.topic, language)),
      confidentialNote: confidential ? contact.confidentialNote : null,
      confidentialNoteWithheld: !confidential && Boolean(contact.confidentialNote),
      nextStep: contact.nextStep,
      author: contact.author?.displayName ?? null,
    })),
    groupSessions: kase.groupSessions.map(({ groupSession: session }) => ({
      date: iso(session.date),
      startTime: session.startTime,
      durationMinutes: session.durationMinutes,
      mode: session.mode,
      topics: session.topics.map((topic) => catalogueLabel(topic.topic, language)),
      description: session.description,
      participants: session._count.participants + session.anonymousParticipants,
    })),
    followUps: kase.followUps.map((followUp) => ({ dueDate: iso(followUp.dueDate), doneAt: iso(followUp.doneAt), source: followUp.source, note: followUp.note })),
    plan: kase.plan
      ? {
          agreedAt: iso(kase.plan.agreedAt),
          closedAt: iso(kase.plan.closedAt),
          goals: kase.plan.goals.map((goal) => ({ topic: catalogueLabel(goal.topic, language), text: goal.text, status: goal.status, dueDate: iso(goal.dueDate) })),
        }
      : null,
    consents: kase.consents.map((consent) => ({
      recipient: consent.recipientPartner?.name ?? consent.recipientKind,
      purpose: consent.purpose,
      dataCategories: consent.dataCategories.split(',').filter(Boolean),
      form: consent.form,
      languageCode: consent.languageCode,
      givenAt: iso(consent.givenAt),
      validUntil: iso(consent.validUntil),
      withdrawnAt: iso(consent.withdrawnAt),
      text: textGiven(consent.text),
    })),
    referrals: kase.referrals.map((referral) => ({
      kind: referral.kind,
      partner: referral.partner?.name ?? null,
      urgency: referral.urgency,
      reason: referral.reason,
      status: referral.status,
      sentAt: iso(referral.sentAt),
      closedAt: iso(referral.closedAt),
      dataCategories: referral.dataCategories.split(',').filter(Boolean),
      anonymous: referral.anonymous,
      feedbackReceived: referral.feedbackReceived,
      transitions: referral.transitions.map((transition) => ({ from: transition.fromStatus, to: transition.toStatus, at: iso(transition.at) })),
    })),
    mediations: kase.mediations.map((mediation) => ({
      languageCode: mediation.languageCode,
      dialect: mediation.dialect,
      mode: mediation.mode,
      provider: mediation.provider?.name ?? null,
      providerKind: mediation.providerKind,
      status: mediation.status,
      requestedAt: iso(mediation.requestedAt),
      performedAt: iso(mediation.performedAt),
      billedMinutes: mediation.billedMinutes,
    })),
    documents: (await subjectAccessDocuments(kase.id, language)).map(({ entry }) => ({ ...entry, file: null as string | null, problem: null as string | null })),
  }
}

async function accessTrail(caseIds: string[], clientId: string) {
  const events = await prisma.auditEvent.findMany({
    where: { OR: [{ caseId: { in: caseIds } }, { entity: 'identityKey', entityId: clientId }] },
    select: { at: true, userId: true, action: true, outcome: true, emergency: true, caseId: true },
    orderBy: { id: 'asc' },
  })
  const ids = [...new Set(events.map((event) => event.userId).filter((id): id is string => Boolean(id)))]
  const users = await prisma.user.findMany({ where: { id: { in: ids } }, select: { id: true, displayName: true } })
  const names = new Map(users.map((user) => [user.id, user.displayName]))
  return events.map((event) => ({
    at: iso(event.at),
    user: event.userId ? (names.get(event.userId) ?? null) : null,
    action: event.action,
    outcome: event.outcome,
    emergency: event.emergency,
    caseId: event.caseId,
  }))
}

export type SubjectAccessFile = Awaited<ReturnType<typeof getSubjectAccessFile>>

/** The file for the client of `caseId`, audited as `case.subject-access` with the format. */
export async function getSubjectAccessFile({
  actor,
  caseId,
  language,
  format,
}: {
  actor: Actor
  caseId: string
  language: string
  format: 'html' | 'json' | 'zip'
}) {
  const { clientId } = await prisma.case.findUniqueOrThrow({ where: { id: caseId }, select: { clientId: true } })
  const client = await prisma.client.findUniqueOrThrow({
    where: { id: clientId },
    select: {
      pseudonymCode: true,
      birthYear: true,
      gender: true,
      countryOfOrigin: true,
      nationality: true,
      arrivalMonth: true,
      householdAdults: true,
      householdChildren: true,
      anonymisedAt: true,
      createdAt: true,
      district: labelsSelect,
      languages: { select: { languageCode: true }, orderBy: { languageCode: 'asc' } },
      residenceStatuses: { select: { validFrom: true, expiresAt: true, status: labelsSelect }, orderBy: { validFrom: 'asc' } },
      identityKey: { select: { ciphertext: true, iv: true, authTag: true, keyVersion: true } },
      cases: { select: { id: true, teamId: true, counsellorId: true, sharedForSubstitution: true, openedAt: true, team: { select: { name: true } } }, orderBy: { openedAt: 'asc' } },
    },
  })

  let identity: IdentityData | null = null
  let identityStatus: 'none' | 'included' | 'undecryptable' = 'none'
  if (client.identityKey) {
    try {
      identity = decryptIdentity(clientId, client.identityKey)
      identityStatus = 'included'
    } catch (error) {
      if (!(error instanceof IdentityDecryptError)) throw error
      identityStatus = 'undecryptable'
    }
  }

  const relation = { substitutesFor: await getSubstitutesFor(actor) }
  const readable = client.cases.filter((kase) => kase.id === caseId || canAccessCase(actor, kase, 'read', relation))
  const others = client.cases.filter((kase) => !readable.includes(kase))
  const cases = []
  for (const kase of readable) {
    const confidential = canAccessCase(actor, kase, 'read-confidential', relation)
    cases.push({ ...(await loadCase(kase.id, language, confidential)), documentsOpen: confidential })
  }

  await audit({
    userId: actor.id,
    action: 'case.subject-access',
    entity: 'client',
    entityId: clientId,
    caseId,
    details: { format, cases: cases.length, identity: identityStatus, notesWithheld: cases.filter((kase) => kase.contacts.some((contact) => contact.confidentialNoteWithheld)).length },
  })

  return {
    generatedAt: new Date().toISOString(),
    client: {
      pseudonymCode: client.pseudonymCode,
      birthYear: client.birthYear,
      gender: client.gender,
      countryOfOrigin: client.countryOfOrigin,
      nationality: client.nationality,
      arrivalMonth: client.arrivalMonth,
      district: catalogueLabel(client.district, language),
      householdAdults: client.householdAdults,
      householdChildren: client.householdChildren,
      languages: client.languages.map((entry) => entry.languageCode),
      anonymisedAt: iso(client.anonymisedAt),
      createdAt: iso(client.createdAt),
    },
    identity,
    identityStatus,
    residenceHistory: client.residenceStatuses.map((entry) => ({ status: catalogueLabel(entry.status, language), validFrom: iso(entry.validFrom), expiresAt: iso(entry.expiresAt) })),
    cases,
    otherCases: others.map((kase) => ({ team: kase.team.name, openedAt: iso(kase.openedAt) })),
    accessLog: await accessTrail(readable.map((kase) => kase.id), clientId),
  }
}

/** Which template text (language and version) was given, for the Art. 15 file. */
function textGiven(given: { version: { version: number; template: { kind: string; languageCode: string } } } | null) {
  return given ? { kind: given.version.template.kind, language: given.version.template.languageCode, version: given.version.version } : null
}

export const SUBJECT_ACCESS_JSON = 'auskunft.json'
export const SUBJECT_ACCESS_DOCUMENTS = 'dokumente'

/**
 * The data-subject access file as a ZIP: the JSON, and every document the user may open, decrypted,
 * under `dokumente/`. Each document is checked before anything is written and its handing-out is
 * audited; one that is missing or damaged is named in the JSON with its problem instead.
 */
export async function subjectAccessZip({ actor, caseId, language }: { actor: Actor; caseId: string; language: string }) {
  const file = await getSubjectAccessFile({ actor, caseId, language, format: 'zip' })
  const zip = new yazl.ZipFile()
  const contents: Array<{ name: string; content: Readable; at: Date }> = []
  for (const kase of file.cases) {
    for (const document of kase.documents) {
      if (!kase.documentsOpen) {
        document.problem = 'not-permitted'
        continue
      }
      const opened = await openDocument({ actor, caseId: kase.id, documentId: document.id, purpose: 'subject-access' })
      if (!opened.ok) {
        document.problem = opened.problem
        continue
      }
      document.file = `${SUBJECT_ACCESS_DOCUMENTS}/${opened.fileName}`
      contents.push({ name: document.file, content: opened.content, at: new Date(document.uploadedAt) })
    }
  }
  const generated = new Date(file.generatedAt)
  zip.addBuffer(Buffer.from(JSON.stringify(file, null, 2), 'utf8'), SUBJECT_ACCESS_JSON, { mtime: generated })
  // already compressed formats (PDF, JPEG, PNG, HEIC): stored as they are
  for (const { name, content, at } of contents) zip.addReadStream(content, name, { mtime: at, compress: false })
  zip.end()
  return { file, stream: zip.outputStream as Readable }
}
