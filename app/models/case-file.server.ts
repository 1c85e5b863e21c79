// The case file itself: header facts, master data with optimistic locking, the status lifecycle and
// the residence-status history. Every query selects only what its page shows.
import { changedSinceLoaded, differingFields, type MasterDataField, type MasterDataValues } from '#app/domain/case-conflict.ts'
import { planTransition, type TransitionError } from '#app/domain/case-lifecycle.ts'
import { type Catalogue } from '#app/domain/codes.ts'
import { residenceFollowUpDue } from '#app/domain/residence-expiry.ts'
import { forgetPrivacyText, recordPrivacyText } from './consent-template.server.ts'
import { auditCaseRead } from './case-access.server.ts'
import { followUpHolderOf, rehomeUnreadableFollowUps } from './follow-up.server.ts'
import { audit } from '#app/utils/audit.server.ts'
import { Prisma } from '#app/generated/prisma/client.ts'
import { prisma, readRows, writeRows, type TransactionClient } from '#app/utils/db.server.ts'
import { catalogueLabel } from '#app/utils/format.ts'

type Actor = { id: string }

/** Date-only values are stored as UTC midnight; the form shows them as YYYY-MM-DD. */
function toDateInput(value: Date | null | undefined) {
  return value ? value.toISOString().slice(0, 10) : ''
}

function fromDateInput(value: string) {
  return new Date(`${value}T00:00:00.000Z`)
}

// ---------------------------------------------------------------- header

/**
 * The case file's header; one audited read per load of the case file (its sub-pages audit what
 * they read themselves). Emergency access is marked as such in the audit log.
 */
export async function getCaseHeader(access: { id: string; relation: string }, actor: Actor, language: string) {
  const caseId = access.id
  // One joined statement instead of the ORM's five (the case, then its client, team, counsellor and
  // closure reason by id): every page of the case file shows this header (issue 19). Straight from
  // the connection (decision 067): dates arrive as their stored text, integers as bigint.
  // The id bound as `+?`: SQLite compiles the statement once, not at every run (decision 146).
  const [kase] = await readRows<CaseHeaderRow[]>`
    SELECT c."id", c."status", c."programme", c."kind", c."openedAt", c."closedAt", c."sharedForSubstitution",
      c."legalBasisId", c."privacyInfoGivenAt", cl."pseudonymCode", cl."anonymisedAt", t."name" AS "teamName",
      u."displayName" AS "counsellorName", r."labelDe" AS "reasonDe", r."labelEn" AS "reasonEn"
    FROM "Case" c JOIN "Client" cl ON cl."id" = c."clientId" JOIN "Team" t ON t."id" = c."teamId"
      LEFT JOIN "User" u ON u."id" = c."counsellorId" LEFT JOIN "CatalogueEntry" r ON r."id" = c."closureReasonId"
    WHERE c."id" = +${caseId}`
  if (!kase) throw new Error(`getCaseHeader: no case ${caseId}`)
  await auditCaseRead(actor, access)
  return {
    id: kase.id,
    pseudonymCode: kase.pseudonymCode,
    anonymised: Boolean(kase.anonymisedAt),
    status: kase.status,
    programme: kase.programme,
    kind: kase.kind,
    openedAt: new Date(kase.openedAt).toISOString(),
    closedAt: kase.closedAt === null ? null : new Date(kase.closedAt).toISOString(),
    closureReason: catalogueLabel(kase.reasonDe === null ? null : { labelDe: kase.reasonDe, labelEn: kase.reasonEn! }, language),
    sharedForSubstitution: Boolean(Number(kase.sharedForSubstitution)),
    teamName: kase.teamName,
    counsellorName: kase.counsellorName,
    missingLegalBasis: kase.legalBasisId === null,
    missingPrivacyInfo: kase.privacyInfoGivenAt === null,
  }
}

type CaseHeaderRow = {
  id: string
  status: string
  programme: string
  kind: string
  openedAt: string
  closedAt: string | null
  sharedForSubstitution: bigint
  legalBasisId: bigint | null
  privacyInfoGivenAt: string | null
  pseudonymCode: string
  anonymisedAt: string | null
  teamName: string
  counsellorName: string | null
  reasonDe: string | null
  reasonEn: string | null
}

// ---------------------------------------------------------------- catalogues

export type CatalogueChoice = { id: number; label: string; group: string | null; active: boolean }

/** Active entries plus the ones in use (retired values stay readable and selectable as they are). */
export async function catalogueChoices(catalogue: Catalogue, language: string, keepIds: Array<number | null | undefined> = []): Promise<CatalogueChoice[]> {
  const choices = await catalogueChoicesOf(language, { [catalogue]: keepIds } as Record<Catalogue, Array<number | null | undefined>>)
  return choices[catalogue]
}

/**
 * catalogueChoices of several catalogues in one statement (the master-data form has two catalogue
 * fields: one ORM call, not two). Each catalogue's entries in their own order (sortOrder, id).
 */
export async function catalogueChoicesOf<C extends Catalogue>(language: string, wanted: Record<C, Array<number | null | undefined>>): Promise<Record<C, CatalogueChoice[]>> {
  const catalogues = Object.keys(wanted) as C[]
  // Straight from the connection (`readRows`, decision 067): the master-data form and the new-case
  // form read this on every view. The same filter and order as the ORM's findMany it replaces.
  // Loops, not callbacks made per call (issue 19, session 19): V8 drops the optimised code of a
  // function created per request at every full collection and compiles it again.
  const conditions: Prisma.Sql[] = []
  const choices = {} as Record<C, CatalogueChoice[]>
  for (const catalogue of catalogues) {
    conditions.push(catalogueCondition(catalogue, wanted[catalogue]))
    choices[catalogue] = []
  }
  const rows =
    catalogues.length === 0
      ? []
      : await readRows<Array<{ catalogue: string; id: bigint; labelDe: string; labelEn: string; group: string | null; active: bigint }>>`
          SELECT "catalogue", "id", "labelDe", "labelEn", "group", "active" FROM "CatalogueEntry"
          WHERE ${Prisma.join(conditions, ' OR ')}
          ORDER BY "sortOrder" ASC, "id" ASC`
  for (const row of rows)
    choices[row.catalogue as C].push({ id: Number(row.id), label: catalogueLabel(row, language), group: row.group, active: Boolean(Number(row.active)) })
  return choices
}

/** One catalogue's entries: the active ones and those of `keepIds` (the ids in use). */
function catalogueCondition(catalogue: Catalogue, keepIds: ReadonlyArray<number | null | undefined>) {
  const ids: number[] = []
  for (const id of keepIds) if (typeof id === 'number') ids.push(id)
  // Bound as `+?`: SQLite compiles the statement once, not at every run (decision 146).
  const kept = ids.length === 0 ? Prisma.sql`0` : Prisma.sql`"id" IN (${Prisma.join(ids, ', +', '+')})`
  return Prisma.sql`("catalogue" = +${catalogue} AND ("active" = 1 OR ${kept}))`
}

async function catalogueEntryAllowed(db: TransactionClient | typeof prisma, catalogue: Catalogue, id: number, currentId: number | null) {
  if (id === currentId) return true
  const entry = await db.catalogueEntry.findFirst({ where: { id, catalogue, active: true }, select: { id: true } })
  return Boolean(entry)
}

// ---------------------------------------------------------------- master data

type MasterDataRow = {
  id: string
  clientId: string
  version: number
  updatedAt: Date
  updatedById: string | null
  programme: string
  accessRoute: string
  germanLevel: string
  startPlace: string
  kind: string
  familyMembersCounselled: number
  sharedForSubstitution: boolean
  legalBasisId: number | null
  privacyInfoGivenAt: Date | null
  privacyInfoLanguage: string | null
  privacyInfoForm: string | null
  client: {
    birthYear: number
    gender: string
    nationality: string | null
    countryOfOrigin: string | null
    arrivalMonth: string | null
    districtId: number | null
    householdAdults: number
    householdChildren: number
    /** the codes in code order */
    languages: string[]
  }
}

// As SQLite gives the row (`readRows`): integers as bigint, dates as Prisma's stored text.
type RawMasterDataRow = {
  [Key in keyof Omit<MasterDataRow, 'client' | 'sharedForSubstitution' | 'updatedAt' | 'privacyInfoGivenAt'>]: MasterDataRow[Key] extends number
    ? bigint
    : MasterDataRow[Key] extends number | null
      ? bigint | null
      : MasterDataRow[Key]
} & {
  [Key in keyof Omit<MasterDataRow['client'], 'languages'>]: MasterDataRow['client'][Key] extends number
    ? bigint
    : MasterDataRow['client'][Key] extends number | null
      ? bigint | null
      : MasterDataRow['client'][Key]
} & { sharedForSubstitution: bigint; updatedAt: string; privacyInfoGivenAt: string | null; languages: string }

const numberOrNull = (value: bigint | null) => (value === null ? null : Number(value))

/**
 * The case, its client and the client's languages in one statement (the ORM's nested select read
 * them with three; the master-data form reads this on every view, the save twice in its transaction).
 */
async function readMasterData(db: TransactionClient | typeof prisma, caseId: string): Promise<MasterDataRow | null> {
  // Straight from the connection (`readRows`, decision 067); inside the save's transaction callback
  // (`db` its client) it reads within that transaction, as through `db`. The id bound as `+?`: compiled
  // once, not at every run (decision 146).
  void db
  const [row] = await readRows<RawMasterDataRow[]>`
    SELECT c."id", c."clientId", c."version", c."updatedAt", c."updatedById", c."programme", c."accessRoute",
      c."germanLevel", c."startPlace", c."kind", c."familyMembersCounselled", c."sharedForSubstitution",
      c."legalBasisId", c."privacyInfoGivenAt", c."privacyInfoLanguage", c."privacyInfoForm",
      cl."birthYear", cl."gender", cl."nationality", cl."countryOfOrigin", cl."arrivalMonth", cl."districtId",
      cl."householdAdults", cl."householdChildren",
      (SELECT json_group_array(l."languageCode") FROM "ClientLanguage" l WHERE l."clientId" = c."clientId") AS "languages"
    FROM "Case" c JOIN "Client" cl ON cl."id" = c."clientId"
    WHERE c."id" = +${caseId}`
  if (!row) return null
  const { birthYear, gender, nationality, countryOfOrigin, arrivalMonth, districtId, householdAdults, householdChildren, languages, ...kase } = row
  return {
    ...kase,
    version: Number(kase.version),
    familyMembersCounselled: Number(kase.familyMembersCounselled),
    legalBasisId: numberOrNull(kase.legalBasisId),
    updatedAt: new Date(kase.updatedAt),
    privacyInfoGivenAt: kase.privacyInfoGivenAt === null ? null : new Date(kase.privacyInfoGivenAt),
    sharedForSubstitution: Boolean(Number(kase.sharedForSubstitution)),
    client: {
      birthYear: Number(birthYear),
      gender,
      nationality,
      countryOfOrigin,
      arrivalMonth,
      districtId: numberOrNull(districtId),
      householdAdults: Number(householdAdults),
      householdChildren: Number(householdChildren),
      // Codes are ASCII: the default sort is SQLite's binary order, which the ORM's orderBy used.
      languages: (JSON.parse(languages) as string[]).sort(),
    },
  }
}

function toValues(row: MasterDataRow): MasterDataValues {
  const client = row.client
  return {
    birthYear: String(client.birthYear),
    gender: client.gender,
    nationality: client.nationality ?? '',
    countryOfOrigin: client.countryOfOrigin ?? '',
    languages: client.languages,
    arrivalMonth: client.arrivalMonth ?? '',
    districtId: client.districtId === null ? '' : String(client.districtId),
    householdAdults: String(client.householdAdults),
    householdChildren: String(client.householdChildren),
    programme: row.programme,
    accessRoute: row.accessRoute,
    germanLevel: row.germanLevel,
    startPlace: row.startPlace,
    kind: row.kind,
    familyMembersCounselled: String(row.familyMembersCounselled),
    sharedForSubstitution: String(row.sharedForSubstitution),
    legalBasisId: row.legalBasisId === null ? '' : String(row.legalBasisId),
    privacyInfoGivenAt: toDateInput(row.privacyInfoGivenAt),
    privacyInfoLanguage: row.privacyInfoLanguage ?? '',
    privacyInfoForm: row.privacyInfoForm ?? '',
  }
}

export async function getMasterData(caseId: string, actor: Actor) {
  const row = await readMasterData(prisma, caseId)
  if (!row) throw new Response('Not found', { status: 404 })
  await audit({ userId: actor.id, action: 'case.master-data.read', entity: 'case', entityId: caseId, caseId })
  return { values: toValues(row), version: row.version }
}

/** The validated input of the edit form (parsed types; empty optional fields are undefined). */
export type MasterDataInput = {
  birthYear: number
  gender: string
  nationality?: string
  countryOfOrigin?: string
  languages: string[]
  arrivalMonth?: string
  districtId?: number
  householdAdults: number
  householdChildren: number
  programme: string
  accessRoute: string
  germanLevel: string
  startPlace: string
  kind: string
  familyMembersCounselled: number
  sharedForSubstitution: boolean
  legalBasisId?: number
  privacyInfoGivenAt?: string
  privacyInfoLanguage?: string
  privacyInfoForm?: string
}

function inputToValues(input: MasterDataInput): MasterDataValues {
  return {
    birthYear: String(input.birthYear),
    gender: input.gender,
    nationality: input.nationality ?? '',
    countryOfOrigin: input.countryOfOrigin ?? '',
    languages: [...new Set(input.languages)],
    arrivalMonth: input.arrivalMonth ?? '',
    districtId: input.districtId === undefined ? '' : String(input.districtId),
    householdAdults: String(input.householdAdults),
    householdChildren: String(input.householdChildren),
    programme: input.programme,
    accessRoute: input.accessRoute,
    germanLevel: input.germanLevel,
    startPlace: input.startPlace,
    kind: input.kind,
    familyMembersCounselled: String(input.familyMembersCounselled),
    sharedForSubstitution: String(input.sharedForSubstitution),
    legalBasisId: input.legalBasisId === undefined ? '' : String(input.legalBasisId),
    privacyInfoGivenAt: input.privacyInfoGivenAt ?? '',
    privacyInfoLanguage: input.privacyInfoLanguage ?? '',
    privacyInfoForm: input.privacyInfoForm ?? '',
  }
}

export type MasterDataConflict = {
  version: number
  /** fields changed by someone else since the form was loaded */
  changedFields: MasterDataField[]
  /** the stored values now, shown beside the changed fields and used as the next base */
  current: MasterDataValues
  changedByName: string | null
  changedAt: string
}

export type UpdateMasterDataResult =
  | { ok: true; changedFields: MasterDataField[] }
  | { ok: false; reason: 'conflict'; conflict: MasterDataConflict }
  | { ok: false; reason: 'invalid'; fieldErrors: Partial<Record<MasterDataField, string[]>> }

/** The case's columns of a master-data save, if its version is still `version`: 1 when written, else 0. */
export async function updateCaseMasterData(tx: TransactionClient, caseId: string, version: number, input: MasterDataInput, actor: Actor) {
  void tx
  const rows = await writeRows<Array<{ id: string }>>`
    UPDATE "Case" SET "programme" = ${input.programme}, "accessRoute" = ${input.accessRoute}, "germanLevel" = ${input.germanLevel},
      "startPlace" = ${input.startPlace}, "kind" = ${input.kind}, "familyMembersCounselled" = ${input.familyMembersCounselled},
      "sharedForSubstitution" = ${input.sharedForSubstitution}, "legalBasisId" = ${input.legalBasisId ?? null},
      "privacyInfoGivenAt" = ${input.privacyInfoGivenAt ? fromDateInput(input.privacyInfoGivenAt) : null},
      "privacyInfoLanguage" = ${input.privacyInfoLanguage ?? null}, "privacyInfoForm" = ${input.privacyInfoForm ?? null},
      "updatedById" = ${actor.id}, "version" = "version" + 1, "updatedAt" = ${new Date()}
    WHERE "id" = ${caseId} AND "version" = ${version} RETURNING "id"`
  return rows.length
}

/** The client's columns of a master-data save (the client was read in the same transaction). */
export async function updateClientMasterData(tx: TransactionClient, clientId: string, input: MasterDataInput) {
  void tx
  const rows = await writeRows<Array<{ id: string }>>`
    UPDATE "Client" SET "birthYear" = ${input.birthYear}, "gender" = ${input.gender}, "nationality" = ${input.nationality ?? null},
      "countryOfOrigin" = ${input.countryOfOrigin ?? null}, "arrivalMonth" = ${input.arrivalMonth ?? null},
      "districtId" = ${input.districtId ?? null}, "householdAdults" = ${input.householdAdults},
      "householdChildren" = ${input.householdChildren}, "updatedAt" = ${new Date()}
    WHERE "id" = ${clientId} RETURNING "id"`
  // The ORM's update failed on a missing row; the transaction must not go on without the client.
  if (rows.length === 0) throw new Error(`updateClientMasterData: no client ${clientId}`)
}

/**
 * Saves the master data of a case and its client in one transaction with the audit event.
 *
 * Locking: when any field of this form differs between the values the form was loaded with
 * (`base`) and the stored ones, someone else changed it and the save is refused with what changed,
 * by whom and when. A stale version alone (someone changed the status, say) does not refuse the
 * save: nothing the user saw in this form was changed, so applying their input overwrites nothing
 * (the audit event notes `rebased`). The update is conditional on the version read in the same
 * transaction, so of two concurrent saves only one can win. A refused save is audited too.
 */
export async function updateMasterData({
  caseId,
  actor,
  version,
  base,
  input,
}: {
  caseId: string
  actor: Actor
  version: number
  base: Partial<MasterDataValues>
  input: MasterDataInput
}): Promise<UpdateMasterDataResult> {
  const submitted = inputToValues(input)
  const result = await prisma.$transaction(async (tx) => {
    const row = await readMasterData(tx, caseId)
    if (!row) throw new Response('Not found', { status: 404 })
    const current = toValues(row)
    const changedByOthers = changedSinceLoaded(base, current)
    if (changedByOthers.length > 0) {
      return { ok: false, reason: 'conflict', conflict: { version: row.version, changedFields: changedByOthers, current, ...(await conflictAuthor(tx, row)) } } as const
    }

    const fieldErrors: Partial<Record<MasterDataField, string[]>> = {}
    if (input.districtId !== undefined && !(await catalogueEntryAllowed(tx, 'PLACE', input.districtId, row.client.districtId))) {
      fieldErrors.districtId = ['caseFile:edit.errors.catalogue']
    }
    if (input.legalBasisId !== undefined && !(await catalogueEntryAllowed(tx, 'LEGAL_BASIS', input.legalBasisId, row.legalBasisId))) {
      fieldErrors.legalBasisId = ['caseFile:edit.errors.catalogue']
    }
    if (Object.keys(fieldErrors).length > 0) return { ok: false, reason: 'invalid', fieldErrors } as const

    const changedFields = differingFields(current, submitted)
    // The case's and the client's update straight on the connection (`writeRows`, decision 076; every
    // master-data save), as the ORM's updateMany and update wrote them: every column the form has, the
    // version counted up and `updatedAt` (the ORM's @updatedAt) given explicitly; inside the
    // transaction's callback, so part of it. Row for row against the ORM: case-file-master-data.server.test.ts.
    const count = await updateCaseMasterData(tx, caseId, row.version, input, actor)
    if (count === 0) {
      const fresh = (await readMasterData(tx, caseId))!
      const freshValues = toValues(fresh)
      return {
        ok: false,
        reason: 'conflict',
        conflict: { version: fresh.version, changedFields: changedSinceLoaded(base, freshValues), current: freshValues, ...(await conflictAuthor(tx, fresh)) },
      } as const
    }
    // Which privacy text the client was given follows its language; a corrected date or form keeps it.
    if (!input.privacyInfoGivenAt) await forgetPrivacyText(tx, caseId)
    else if (current.privacyInfoLanguage !== (input.privacyInfoLanguage ?? '') || !current.privacyInfoGivenAt)
      await recordPrivacyText(tx, caseId, input.privacyInfoLanguage ?? null)
    await updateClientMasterData(tx, row.clientId, input)
    if (changedFields.includes('languages')) {
      await tx.clientLanguage.deleteMany({ where: { clientId: row.clientId } })
      await tx.clientLanguage.createMany({ data: [...new Set(input.languages)].map((languageCode) => ({ clientId: row.clientId, languageCode })) })
    }
    if (changedFields.includes('programme')) {
      await tx.programmePeriod.create({ data: { caseId, programme: input.programme, validFrom: new Date() } })
    }
    // Colleagues who read the case only because it was shared no longer see it: their open follow-ups go to its
    // counsellor (decision 203).
    if (changedFields.includes('sharedForSubstitution') && !input.sharedForSubstitution)
      await rehomeUnreadableFollowUps(tx, { caseId }, { actorId: actor.id, reason: 'sharing-off' })
    await audit({ userId: actor.id, action: 'case.update', entity: 'case', entityId: caseId, caseId, details: { fields: changedFields, rebased: version !== row.version } }, tx)
    return { ok: true, changedFields } as const
  })
  if (!result.ok && result.reason === 'conflict') {
    await audit({ userId: actor.id, action: 'case.update', entity: 'case', entityId: caseId, caseId, outcome: 'FAILED', details: { conflict: result.conflict.changedFields } })
  }
  return result
}

/** Who saved the case last and when (Case.updatedById is kept by every versioned write). */
async function conflictAuthor(db: TransactionClient, row: MasterDataRow) {
  const by = row.updatedById ? await db.user.findUnique({ where: { id: row.updatedById }, select: { displayName: true } }) : null
  return { changedByName: by?.displayName ?? null, changedAt: row.updatedAt.toISOString() }
}

// ---------------------------------------------------------------- status lifecycle

export async function getStatusPage(caseId: string, actor: Actor, language: string) {
  const [kase, history, reasons] = await Promise.all([
    prisma.case.findUniqueOrThrow({
      where: { id: caseId },
      select: { status: true, version: true, closedAt: true, closureReason: { select: { labelDe: true, labelEn: true } } },
    }),
    prisma.caseStatusChange.findMany({
      where: { caseId },
      select: { id: true, fromStatus: true, toStatus: true, at: true, byUserId: true, closureReason: { select: { labelDe: true, labelEn: true } } },
      orderBy: [{ at: 'desc' }, { id: 'desc' }],
      take: 200,
    }),
    catalogueChoices('CLOSURE_REASON', language),
  ])
  await audit({ userId: actor.id, action: 'case.status.read', entity: 'case', entityId: caseId, caseId })
  const names = await displayNames(history.map((change) => change.byUserId))
  return {
    status: kase.status,
    version: kase.version,
    closedAt: kase.closedAt?.toISOString() ?? null,
    closureReason: catalogueLabel(kase.closureReason, language),
    closureReasons: reasons.filter((reason) => reason.active).map((reason) => ({ value: String(reason.id), label: reason.label })),
    history: history.map((change) => ({
      id: change.id,
      fromStatus: change.fromStatus,
      toStatus: change.toStatus,
      at: change.at.toISOString(),
      byName: change.byUserId ? (names.get(change.byUserId) ?? null) : null,
      closureReason: catalogueLabel(change.closureReason, language),
    })),
  }
}

async function displayNames(ids: Array<string | null | undefined>) {
  const unique = [...new Set(ids.filter((id): id is string => Boolean(id)))]
  if (unique.length === 0) return new Map<string, string>()
  const users = await prisma.user.findMany({ where: { id: { in: unique } }, select: { id: true, displayName: true } })
  return new Map(users.map((user) => [user.id, user.displayName]))
}

/**
 * What closing the case would do, for the confirmation step (issue 14, item 7; decision 030): the
 * reason chosen (an active closure reason, else null) and the open follow-ups closed with the case.
 */
export async function previewClosure(caseId: string, closureReasonId: number | undefined, language: string) {
  const [reason, followUps] = await Promise.all([
    closureReasonId === undefined
      ? null
      : prisma.catalogueEntry.findFirst({ where: { id: closureReasonId, catalogue: 'CLOSURE_REASON', active: true }, select: { labelDe: true, labelEn: true } }),
    prisma.followUp.findMany({
      where: { caseId, doneAt: null },
      select: { id: true, dueDate: true, source: true, note: true, assignee: { select: { displayName: true } } },
      orderBy: [{ dueDate: 'asc' }, { createdAt: 'asc' }],
      take: 100,
    }),
  ])
  return {
    reason: catalogueLabel(reason, language),
    openFollowUps: followUps.map((followUp) => ({
      id: followUp.id,
      dueDate: followUp.dueDate.toISOString(),
      source: followUp.source,
      note: followUp.note,
      assignee: followUp.assignee?.displayName ?? null,
    })),
  }
}

export type ChangeStatusResult =
  | { ok: true }
  | { ok: false; reason: 'invalid'; error: TransitionError }
  | { ok: false; reason: 'conflict'; currentStatus: string; changedByName: string | null; changedAt: string }

/**
 * Moves the case through its lifecycle. The form names the status it was loaded with: when the
 * status changed meanwhile the request is refused as a conflict (the user decided on a state that
 * no longer holds); the write is conditional on the version read in the same transaction.
 */
export async function changeCaseStatus({
  caseId,
  actor,
  fromStatus,
  toStatus,
  closureReasonId,
}: {
  caseId: string
  actor: Actor
  fromStatus: string
  toStatus: string
  closureReasonId?: number
}): Promise<ChangeStatusResult> {
  return prisma.$transaction(async (tx) => {
    const kase = await tx.case.findUniqueOrThrow({ where: { id: caseId }, select: { status: true, version: true, updatedAt: true, updatedById: true } })
    const conflict = async () => {
      const fresh = await tx.case.findUniqueOrThrow({ where: { id: caseId }, select: { status: true, updatedAt: true, updatedById: true } })
      const by = fresh.updatedById ? await tx.user.findUnique({ where: { id: fresh.updatedById }, select: { displayName: true } }) : null
      return { ok: false, reason: 'conflict', currentStatus: fresh.status, changedByName: by?.displayName ?? null, changedAt: fresh.updatedAt.toISOString() } as const
    }
    if (kase.status !== fromStatus) return conflict()
    const active = await tx.catalogueEntry.findMany({ where: { catalogue: 'CLOSURE_REASON', active: true }, select: { id: true } })
    const plan = planTransition(kase.status, toStatus, { closureReasonId, activeClosureReasonIds: active.map((entry) => entry.id) })
    if (!plan.ok) return { ok: false, reason: 'invalid', error: plan.error } as const
    const now = new Date()
    const closure = plan.effect.closure
    const { count } = await tx.case.updateMany({
      where: { id: caseId, version: kase.version },
      data: {
        status: plan.effect.status,
        ...(closure.kind === 'set' ? { closedAt: now, closureReasonId: closure.closureReasonId } : {}),
        ...(closure.kind === 'clear' ? { closedAt: null, closureReasonId: null } : {}),
        updatedById: actor.id,
        version: { increment: 1 },
      },
    })
    if (count === 0) return conflict()
    // Closing closes the case's open follow-ups (decision 030); the confirmation step listed them.
    const closedFollowUps =
      plan.effect.status === 'CLOSED' ? (await tx.followUp.updateMany({ where: { caseId, doneAt: null }, data: { doneAt: now } })).count : 0
    await tx.caseStatusChange.create({
      data: {
        caseId,
        fromStatus: kase.status,
        toStatus: plan.effect.status,
        closureReasonId: closure.kind === 'set' ? closure.closureReasonId : null,
        at: now,
        byUserId: actor.id,
      },
    })
    await audit(
      {
        userId: actor.id,
        action: 'case.status',
        entity: 'case',
        entityId: caseId,
        caseId,
        details: { from: kase.status, to: plan.effect.status, ...(closedFollowUps > 0 ? { closedFollowUps } : {}) },
      },
      tx,
    )
    return { ok: true } as const
  })
}

// ---------------------------------------------------------------- residence status history

export async function getResidenceHistory(caseId: string, actor: Actor, language: string) {
  const kase = await prisma.case.findUniqueOrThrow({ where: { id: caseId }, select: { clientId: true } })
  const entries = await prisma.residenceStatusEntry.findMany({
    where: { clientId: kase.clientId },
    select: { id: true, validFrom: true, expiresAt: true, createdAt: true, status: { select: { labelDe: true, labelEn: true, group: true } } },
    orderBy: [{ validFrom: 'desc' }, { createdAt: 'desc' }],
    take: 200,
  })
  await audit({ userId: actor.id, action: 'residence.read', entity: 'residenceStatus', entityId: null, caseId })
  return entries.map((entry) => ({
    id: entry.id,
    status: catalogueLabel(entry.status, language),
    group: entry.status.group,
    validFrom: entry.validFrom.toISOString(),
    expiresAt: entry.expiresAt?.toISOString() ?? null,
  }))
}

/**
 * Adds a residence status to the client's history. An expiry date also creates a follow-up for the
 * case counsellor (RESIDENCE_EXPIRY_LEAD_DAYS before expiry, see app/domain/residence-expiry.ts).
 */
export async function addResidenceStatus({
  caseId,
  actor,
  statusId,
  validFrom,
  expiresAt,
  today = new Date(),
}: {
  caseId: string
  actor: Actor
  statusId: number
  validFrom: string
  expiresAt?: string
  today?: Date
}): Promise<{ ok: true; followUpDue: string | null } | { ok: false; fieldErrors: { statusId: string[] } }> {
  return prisma.$transaction(async (tx) => {
    const status = await tx.catalogueEntry.findFirst({ where: { id: statusId, catalogue: 'RESIDENCE_STATUS', active: true }, select: { id: true } })
    if (!status) return { ok: false, fieldErrors: { statusId: ['caseFile:edit.errors.catalogue'] } } as const
    const kase = await tx.case.findUniqueOrThrow({ where: { id: caseId }, select: { clientId: true, counsellorId: true } })
    const entry = await tx.residenceStatusEntry.create({
      data: {
        clientId: kase.clientId,
        statusId,
        validFrom: fromDateInput(validFrom),
        expiresAt: expiresAt ? fromDateInput(expiresAt) : null,
        createdById: actor.id,
      },
      select: { id: true },
    })
    let followUpDue: Date | null = null
    if (expiresAt) {
      followUpDue = residenceFollowUpDue(fromDateInput(expiresAt), today)
      // for the counsellor who may hold it, else for nobody (no counsellor, or one who has left: decision 203)
      await tx.followUp.create({ data: { caseId, assigneeId: (await followUpHolderOf(caseId))?.holder ?? null, source: 'RESIDENCE_EXPIRY', dueDate: followUpDue } })
    }
    await audit(
      {
        userId: actor.id,
        action: 'residence.create',
        entity: 'residenceStatus',
        entityId: entry.id,
        caseId,
        details: { fields: ['statusId', 'validFrom', ...(expiresAt ? ['expiresAt'] : [])], followUp: Boolean(followUpDue) },
      },
      tx,
    )
    return { ok: true, followUpDue: followUpDue?.toISOString() ?? null } as const
  })
}
