import { dayOf, officeDay, parseDay } from '#app/domain/follow-up.ts'
import { type CaseAccess } from '#app/models/case-access.server.ts'
import { getCatalogue } from '#app/models/catalogue.server.ts'
import { followUpHolderOf } from '#app/models/follow-up.server.ts'
import { audit } from '#app/utils/audit.server.ts'
import { Prisma } from '#app/generated/prisma/client.ts'
import { prisma, readRows, storedDateTime, writeRows, type TransactionClient } from '#app/utils/db.server.ts'
import { formatDate } from '#app/utils/format.ts'
import { isLanguageCode, languageName } from '#app/utils/iso.server.ts'
import { type Option } from '#app/utils/options.ts'
import { type ContactFormValues } from '#app/forms/contact.ts'

type Actor = { id: string }

/** Topic options for a form: active topics plus retired ones already chosen (they stay readable). */
export async function topicOptions(language: string, chosen: number[] = []): Promise<Option[]> {
  const topics = await getCatalogue('TOPIC', language, { includeRetired: true })
  return topics
    .filter((topic) => topic.active || chosen.includes(topic.id))
    .map((topic) => ({ value: String(topic.id), label: topic.label }))
}

/** The case's language-mediation records, for linking a contact to the one that was used. */
export async function mediationOptions(caseId: string, language: string): Promise<Option[]> {
  // Straight from the connection (`readRows`, decision 067; every contact form view): the ORM's
  // findMany written out, dates as stored text. The case bound as `+?` (decision 146): the planner
  // does not read it, so SQLite compiles the statement once instead of at every run.
  const mediations = await readRows<Array<{ id: string; languageCode: string; requestedAt: string; performedAt: string | null }>>`
    SELECT "id", "languageCode", "requestedAt", "performedAt" FROM "LanguageMediation"
    WHERE "caseId" = +${caseId} ORDER BY "requestedAt" DESC LIMIT 100`
  return mediations.map((mediation) => ({
    value: mediation.id,
    label: `${formatDate(new Date(mediation.performedAt ?? mediation.requestedAt), language)} · ${languageName(mediation.languageCode, language)}`,
  }))
}

/**
 * Quick entry: the mode and language of the case's latest contact, else the client's first
 * language, so that a routine contact needs only the duration and the topics.
 */
export async function quickEntryDefaults(caseId: string) {
  // The latest contact straight from the connection (`readRows`, decision 067; every contact form
  // view): the ORM's findFirst written out. A case without contacts (rare) asks the ORM as before.
  // The case bound as `+?` (decision 146): compiled once, not at every run.
  const [last] = await readRows<Array<{ mode: string; languageCode: string | null }>>`
    SELECT "mode", "languageCode" FROM "Contact" WHERE "caseId" = +${caseId}
    ORDER BY "date" DESC, "createdAt" DESC LIMIT 1`
  // Interpreting is not carried over: whether an interpreter was there is asked each time, as it
  // is counted (share of contacts with interpreting) and a stale default would skew the figure.
  if (last)
    return { mode: last.mode, languageCode: last.languageCode, setting: 'INDIVIDUAL', interpreting: 'NONE' }
  const kase = await prisma.case.findUnique({
    where: { id: caseId },
    select: { client: { select: { languages: { select: { languageCode: true }, take: 1 } } } },
  })
  return {
    mode: undefined,
    languageCode: kase?.client.languages[0]?.languageCode ?? null,
    setting: 'INDIVIDUAL',
    interpreting: 'NONE',
  }
}

export type ContactFieldErrors = Partial<Record<keyof ContactFormValues, string[]>>

/**
 * What Zod cannot know: that the topics exist and are active (a retired topic already on the
 * contact may stay), the language is a real ISO 639-3 code, and the mediation belongs to this case.
 */
export async function checkContactReferences(
  caseId: string,
  value: ContactFormValues,
  keepTopicIds: number[] = [],
): Promise<ContactFieldErrors> {
  const errors: ContactFieldErrors = {}
  const topicIds = [...new Set(value.topicIds)]
  // Every contact save checks its topics and the opening day: straight from the connection
  // (`readRows`, decision 067) rather than two ORM reads (≈ 0.3 ms of ORM work each).
  const topics =
    topicIds.length === 0
      ? []
      : await readRows<Array<{ id: bigint; active: bigint }>>`
          SELECT "id", "active" FROM "CatalogueEntry" WHERE "id" IN (${Prisma.join(topicIds)}) AND "catalogue" = 'TOPIC'`
  const usable = topics.filter((topic) => Boolean(Number(topic.active)) || keepTopicIds.includes(Number(topic.id)))
  if (usable.length !== topicIds.length) errors.topicIds = ['contacts:errors.topic']
  if (await isBeforeOpening(caseId, value.date)) errors.date = ['clients:errors.contactBeforeOpening']
  if (value.languageCode && !isLanguageCode(value.languageCode))
    errors.languageCode = ['contacts:errors.language']
  if (value.languageMediationId) {
    const mediation = await prisma.languageMediation.findFirst({
      where: { id: value.languageMediationId, caseId },
      select: { id: true },
    })
    if (!mediation) errors.languageMediationId = ['contacts:errors.mediation']
  }
  return errors
}

/**
 * A contact dated before the case was opened would be counted in no year (the statistics count a
 * case's contacts from its opening): it is refused, the case's opening day is the earliest (issue 14).
 */
async function isBeforeOpening(caseId: string, day: string) {
  const [kase] = await readRows<Array<{ openedAt: string }>>`SELECT "openedAt" FROM "Case" WHERE "id" = ${caseId}`
  return kase ? day < officeDay(new Date(kase.openedAt)) : false
}

/**
 * The columns a save writes. Without `read-confidential` the confidential note is not written at
 * all (decision 015): the form does not offer it, and a note already there must survive an edit by
 * someone who cannot read it.
 */
function contactColumns(value: ContactFormValues, confidential: boolean) {
  const columns = {
    date: parseDay(value.date)!,
    durationMinutes: value.durationMinutes,
    mode: value.mode,
    setting: value.setting,
    personsPresent: value.personsPresent,
    languageCode: value.languageCode ?? null,
    interpreting: value.interpreting,
    languageMediationId: value.languageMediationId ?? null,
    nextStep: value.nextStep || null,
  }
  return confidential ? { ...columns, confidentialNote: value.confidentialNote || null } : columns
}

/**
 * The case's denormalised first/last contact dates follow its contacts and the group sessions it took
 * part in (decision 046: for a case's life a session is a contact) — the case list's sort, the start
 * page, the team's "since last contact". The statistics read the contact rows themselves (R18).
 */
export async function refreshContactDates(tx: TransactionClient, caseId: string) {
  // One statement instead of the ORM's three (two aggregates and the update, ≈ 1 ms of ORM work on
  // every contact save; docs/performance.md "Capacity", session 10). MIN and MAX of the stored text
  // are those of the dates: every DateTime is stored in one form ("2026-12-05T00:00:00.000+00:00",
  // see storedDateTime), whose text order is time order. The group sessions are reached through the
  // case's participations (an index), where the ORM's EXISTS walked every group session.
  const dates = (aggregate: 'MIN' | 'MAX') => Prisma.sql`(SELECT ${Prisma.raw(aggregate)}(day) FROM (
      SELECT ${Prisma.raw(aggregate)}(c."date") AS day FROM "Contact" c WHERE c."caseId" = ${caseId}
      UNION ALL
      SELECT ${Prisma.raw(aggregate)}(g."date") FROM "GroupSessionParticipant" p JOIN "GroupSession" g ON g."id" = p."groupSessionId" WHERE p."caseId" = ${caseId}))`
  // Straight on the connection (`writeRows`, decision 076); called with the transaction's client, so
  // inside its callback, where the statement is part of that transaction as through `tx`.
  void tx
  await writeRows`UPDATE "Case" SET "firstContactAt" = ${dates('MIN')}, "lastContactAt" = ${dates('MAX')}, "updatedAt" = ${storedDateTime(new Date())}
    WHERE "id" = ${caseId} RETURNING "id"`
}

/**
 * The case's open follow-up from another contact: a new one replaces it unless the counsellor keeps
 * both (decision 030), so the form names it next to the follow-up date.
 */
export async function earlierContactFollowUp(caseId: string, contactId?: string): Promise<{ id: string; dueDate: Date } | null> {
  // Straight from the connection (`readRows`, decision 067; every contact form view): the ORM's
  // findFirst written out — its `NOT: { contactId }` is `NOT ("contactId" = ?)`, which leaves out
  // follow-ups without a contact as SQL's NULL does (tested against the ORM). Values bound as `+?`
  // (decision 146): compiled once, not at every run.
  const [row] = await readRows<Array<{ id: string; dueDate: string }>>`
    SELECT "id", "dueDate" FROM "FollowUp"
    WHERE "caseId" = +${caseId} AND "source" = 'CONTACT' AND "doneAt" IS NULL
      ${contactId ? Prisma.sql`AND NOT ("contactId" = +${contactId})` : Prisma.empty}
    ORDER BY "dueDate" ASC LIMIT 1`
  return row ? { id: row.id, dueDate: new Date(row.dueDate) } : null
}

/**
 * A new follow-up from a contact replaces the case's earlier open ones from other contacts
 * (decision 030): they are closed as done now. Returns how many were closed.
 */
async function replaceEarlierFollowUps(tx: TransactionClient, caseId: string, contactId: string) {
  const { count } = await tx.followUp.updateMany({
    where: { caseId, source: 'CONTACT', doneAt: null, NOT: { contactId } },
    data: { doneAt: new Date() },
  })
  return count
}

/**
 * The first contact moves an "offen" case to "aktiv" (decision 030), with its row in the status
 * history (the timeline shows it) and an audit event. A case not OPEN any more is left alone. A
 * group session the case takes part in counts as its first contact (decision 046).
 */
export async function activateOnFirstContact(tx: TransactionClient, caseId: string, actor: Actor, reason: 'first-contact' | 'group-session' = 'first-contact') {
  const { count } = await tx.case.updateMany({
    where: { id: caseId, status: 'OPEN' },
    data: { status: 'ACTIVE', updatedById: actor.id, version: { increment: 1 } },
  })
  if (count === 0) return false
  await tx.caseStatusChange.create({ data: { caseId, fromStatus: 'OPEN', toStatus: 'ACTIVE', at: new Date(), byUserId: actor.id } })
  await audit({ userId: actor.id, action: 'case.status', entity: 'case', entityId: caseId, caseId, details: { from: 'OPEN', to: 'ACTIVE', reason } }, tx)
  return true
}

/** "Fall zuerst wieder öffnen": a closed case takes no new contact (decision 030). */
export class CaseClosedError extends Error {
  constructor() {
    super('The case is closed; reopen it first.')
  }
}

/**
 * The contact's open follow-up follows the form: set → create or move it; cleared → remove it.
 * A follow-up already marked done is history and stays untouched. A newly created one replaces the
 * case's earlier open follow-up from another contact unless `keepEarlier` (decision 030).
 */
async function syncFollowUp(
  tx: TransactionClient,
  kase: CaseAccess,
  contactId: string,
  followUpDay: string | undefined,
  actor: Actor,
  keepEarlier = false,
  { newContact = false } = {},
) {
  // A contact created in this transaction has no follow-up yet: nothing to look up.
  const open = newContact
    ? null
    : await tx.followUp.findFirst({
        where: { contactId, doneAt: null },
        select: { id: true, dueDate: true },
      })
  if (!followUpDay) {
    if (open) await tx.followUp.delete({ where: { id: open.id } })
    return open ? 'removed' : null
  }
  const dueDate = parseDay(followUpDay)!
  if (open) {
    if (dayOf(open.dueDate) === followUpDay) return null
    await tx.followUp.update({ where: { id: open.id }, data: { dueDate } })
    return 'moved'
  }
  const done = newContact ? null : await tx.followUp.findFirst({ where: { contactId, dueDate }, select: { id: true } })
  if (done) return null
  // For the case's counsellor as the case is in this transaction, not as the access check read it before: a
  // reassignment in between has moved the case's follow-ups to the new counsellor, and this one goes there too.
  // Without a counsellor, for its author when a team lead of its team (`assign`; who may write it), else for
  // nobody; a case whose counsellor has left keeps it unassigned until its reassignment (decision 203).
  const holder = await followUpHolderOf(kase.id)
  await tx.followUp.create({
    data: {
      caseId: kase.id,
      contactId,
      source: 'CONTACT',
      dueDate,
      assigneeId: holder?.counsellorId ? holder.holder : kase.allowed.includes('assign') && kase.teamId === holder?.teamId ? actor.id : null,
    },
  })
  if (!keepEarlier) await replaceEarlierFollowUps(tx, kase.id, contactId)
  return 'created'
}

/** Names of the fields that carry a value (audit details never hold the values themselves). */
function filledFields(value: ContactFormValues, confidential: boolean) {
  return Object.entries(value)
    .filter(
      ([key, field]) =>
        key !== 'version' &&
        (confidential || key !== 'confidentialNote') &&
        field !== undefined &&
        field !== null &&
        field !== '' &&
        !(Array.isArray(field) && field.length === 0),
    )
    .map(([key]) => key)
}

/** Whether the actor may read and write the text of the case's confidential notes. */
function mayUseConfidential(kase: Pick<CaseAccess, 'allowed'>) {
  return kase.allowed.includes('read-confidential')
}

export async function createContact({
  actor,
  kase,
  value,
}: {
  actor: Actor
  kase: CaseAccess
  value: ContactFormValues
}) {
  const confidential = mayUseConfidential(kase)
  return prisma.$transaction(async (tx) => {
    // Read in the transaction, straight from the connection (decision 067); a case gone since the
    // access check fails as the ORM's findUniqueOrThrow made it fail.
    const [current = await tx.case.findUniqueOrThrow({ where: { id: kase.id }, select: { status: true } })] = await readRows<Array<{ status: string }>>`
      SELECT "status" FROM "Case" WHERE "id" = ${kase.id}`
    if (current.status === 'CLOSED') throw new CaseClosedError()
    // The topics by createMany: a nested create wrote them one statement each and read the
    // contact back once more (≈ 0.5 ms of ORM work per save; docs/performance.md "Capacity").
    const contact = await tx.contact.create({
      data: { ...contactColumns(value, confidential), caseId: kase.id, authorId: actor.id },
      select: { id: true },
    })
    await insertContactTopics(tx, contact.id, value.topicIds)
    await syncFollowUp(tx, kase, contact.id, value.followUpDate, actor, value.keepEarlierFollowUp, { newContact: true })
    await refreshContactDates(tx, kase.id)
    if (current.status === 'OPEN') await activateOnFirstContact(tx, kase.id, actor)
    await audit(
      {
        userId: actor.id,
        action: 'contact.create',
        entity: 'contact',
        entityId: contact.id,
        caseId: kase.id,
        details: filledFields(value, confidential),
      },
      tx,
    )
    return contact
  })
}

/**
 * A new contact's topics, each once: one multi-row INSERT straight on the connection (`writeRows`,
 * decision 076; every contact save), where the ORM's createMany cost ≈ 0.3–0.5 ms of its JavaScript.
 * The two columns the ORM wrote; the case and its team are copied by the table's insert triggers as
 * before (tests compare the rows with the ORM's). Called with the transaction's client, so inside its
 * callback, where the statement is part of that transaction.
 */
export async function insertContactTopics(tx: TransactionClient, contactId: string, topicIds: readonly number[]) {
  void tx
  const rows = [...new Set(topicIds)].map((topicId) => Prisma.sql`(${contactId}, ${topicId})`)
  if (rows.length === 0) return
  await writeRows`INSERT INTO "ContactTopic" ("contactId", "topicId") VALUES ${Prisma.join(rows)} RETURNING "topicId"`
}

const contactSelect = {
  id: true,
  caseId: true,
  date: true,
  durationMinutes: true,
  mode: true,
  setting: true,
  personsPresent: true,
  languageCode: true,
  interpreting: true,
  languageMediationId: true,
  confidentialNote: true,
  nextStep: true,
  version: true,
  createdAt: true,
  updatedAt: true,
  author: { select: { displayName: true } },
  topics: { select: { topicId: true } },
  followUps: {
    where: { doneAt: null },
    select: { dueDate: true },
    orderBy: { dueDate: 'asc' as const },
    take: 1,
  },
} as const

type ContactRow = NonNullable<Awaited<ReturnType<typeof findContact>>>

function findContact(db: TransactionClient | typeof prisma, caseId: string, contactId: string) {
  return db.contact.findFirst({ where: { id: contactId, caseId }, select: contactSelect })
}

/** The note as the actor may see it: its text for a reader, else only whether there is one. */
function withheldUnlessReader(row: ContactRow, confidential: boolean) {
  const hasConfidentialNote = Boolean(row.confidentialNote)
  return { ...row, confidentialNote: confidential ? row.confidentialNote : null, hasConfidentialNote }
}

/**
 * A contact of this case (an id from another case answers null, like a missing one). The text of
 * the confidential note leaves this module only for someone with `read-confidential`.
 */
export async function getContact(kase: Pick<CaseAccess, 'id' | 'allowed'>, contactId: string | undefined) {
  if (!contactId) return null
  const row = await findContact(prisma, kase.id, contactId)
  return row ? withheldUnlessReader(row, mayUseConfidential(kase)) : null
}

export type StoredContact = NonNullable<Awaited<ReturnType<typeof getContact>>>

/** The stored contact in the shape of the form's values, to tell which fields an edit changed. */
export function contactAsFormValues(contact: Omit<StoredContact, 'hasConfidentialNote'>): ContactFormValues {
  return {
    date: dayOf(contact.date),
    durationMinutes: contact.durationMinutes,
    mode: contact.mode as ContactFormValues['mode'],
    setting: contact.setting as ContactFormValues['setting'],
    personsPresent: contact.personsPresent,
    languageCode: contact.languageCode ?? undefined,
    interpreting: contact.interpreting as ContactFormValues['interpreting'],
    languageMediationId: contact.languageMediationId ?? undefined,
    topicIds: contact.topics.map((topic) => topic.topicId),
    nextStep: contact.nextStep ?? undefined,
    followUpDate: contact.followUps[0] ? dayOf(contact.followUps[0].dueDate) : undefined,
    confidentialNote: contact.confidentialNote ?? undefined,
    version: contact.version,
  }
}

function changedFields(before: ContactFormValues, after: ContactFormValues) {
  const keys = Object.keys({ ...before, ...after }) as Array<keyof ContactFormValues>
  const normalise = (value: unknown) =>
    Array.isArray(value) ? [...value].sort().join(',') : (value ?? '') === '' ? '' : String(value)
  return keys.filter((key) => key !== 'version' && key !== 'keepEarlierFollowUp' && normalise(before[key]) !== normalise(after[key]))
}

export type ContactConflict = { changedBy: string | null; changedAt: Date | null; fields: string[] }

/**
 * Saves an edit if nobody saved the contact since the form was loaded (Contact.version). A stale
 * save changes nothing and reports who changed which fields, from the audit log.
 */
export async function updateContact({
  actor,
  kase,
  contact,
  value,
}: {
  actor: Actor
  kase: CaseAccess
  contact: StoredContact
  value: ContactFormValues & { version: number }
}): Promise<{ ok: true } | { ok: false; conflict: ContactConflict }> {
  const confidential = mayUseConfidential(kase)
  const outcome = await prisma.$transaction(async (tx) => {
    const stored = await findContact(tx, kase.id, contact.id)
    if (!stored || stored.version !== value.version) return { ok: false as const }
    const before = contactAsFormValues(stored)
    // Someone who may not read the note cannot change it either: compare as if the note were kept.
    const after = confidential ? value : { ...value, confidentialNote: before.confidentialNote }
    const fields = changedFields(before, after)
    const updated = await tx.contact.updateMany({
      where: { id: contact.id, version: value.version },
      data: { ...contactColumns(value, confidential), version: { increment: 1 } },
    })
    if (updated.count !== 1) return { ok: false as const }
    if (fields.includes('topicIds')) {
      await tx.contactTopic.deleteMany({ where: { contactId: contact.id } })
      await tx.contactTopic.createMany({
        data: [...new Set(value.topicIds)].map((topicId) => ({ contactId: contact.id, topicId })),
      })
    }
    await syncFollowUp(tx, kase, contact.id, value.followUpDate, actor, value.keepEarlierFollowUp)
    if (fields.includes('date')) await refreshContactDates(tx, kase.id)
    await audit(
      {
        userId: actor.id,
        action: 'contact.update',
        entity: 'contact',
        entityId: contact.id,
        caseId: kase.id,
        details: fields,
      },
      tx,
    )
    return { ok: true as const }
  })
  if (outcome.ok) return outcome
  return { ok: false, conflict: await lastChangeOf(contact.id) }
}

async function lastChangeOf(contactId: string): Promise<ContactConflict> {
  const event = await prisma.auditEvent.findFirst({
    where: { entity: 'contact', entityId: contactId, action: 'contact.update', outcome: 'SUCCESS' },
    select: { at: true, userId: true, details: true },
    orderBy: { id: 'desc' },
  })
  if (!event) return { changedBy: null, changedAt: null, fields: [] }
  const user = event.userId
    ? await prisma.user.findUnique({ where: { id: event.userId }, select: { displayName: true } })
    : null
  let fields: string[] = []
  try {
    const parsed: unknown = JSON.parse(event.details ?? '[]')
    if (Array.isArray(parsed)) fields = parsed.filter((field): field is string => typeof field === 'string')
  } catch {
    fields = []
  }
  return { changedBy: user?.displayName ?? null, changedAt: event.at, fields }
}

/**
 * One event per contact read. Whether the confidential note was shown is recorded (never its text),
 * and a read under emergency access is marked as such.
 */
export async function auditContactRead(actor: Actor, kase: Pick<CaseAccess, 'id' | 'relation'>, contact: Pick<StoredContact, 'id' | 'confidentialNote' | 'hasConfidentialNote'>) {
  await audit({
    userId: actor.id,
    action: 'contact.read',
    entity: 'contact',
    entityId: contact.id,
    caseId: kase.id,
    details: { confidentialNote: !contact.hasConfidentialNote ? 'none' : contact.confidentialNote === null ? 'withheld' : 'shown' },
    emergency: kase.relation === 'emergency',
  })
}
