// Language mediation (Sprachmittlung) records of a case, and the team overview of hours and cost.
// Every query selects what its page needs; every write runs in one transaction with its audit event.
import { dayOf, officeYear } from '#app/domain/follow-up.ts'
import { canTransition, BILLABLE_STATUSES, OPEN_STATUSES, type MediationStatus, type OpenMediationRow } from '#app/domain/mediation-lifecycle.ts'
import { audit } from '#app/utils/audit.server.ts'
import { Prisma } from '#app/generated/prisma/client.ts'
import { visibleCaseCopiesSql } from '#app/models/case-visibility-sql.server.ts'
import { prisma, readRows } from '#app/utils/db.server.ts'
import { isLanguageCode } from '#app/utils/iso.server.ts'
import { isoOfStored } from '#app/models/timeline.server.ts'
import { type Option } from '#app/utils/options.ts'
import { type MediationFormValues } from '#app/forms/language-mediation.ts'

type Actor = { id: string }

export const MEDIATION_PROVIDER_KIND = 'LANGUAGE_MEDIATION_SERVICE'

const mediationSelect = {
  id: true,
  languageCode: true,
  dialect: true,
  mode: true,
  providerId: true,
  providerKind: true,
  interpreterRef: true,
  requestedAt: true,
  performedAt: true,
  billedMinutes: true,
  travelMinutes: true,
  costCents: true,
  costBearer: true,
  status: true,
  version: true,
  provider: { select: { name: true } },
} as const

export async function listCaseMediations(caseId: string, actor: Actor) {
  const mediations = await prisma.languageMediation.findMany({
    where: { caseId },
    select: mediationSelect,
    orderBy: [{ requestedAt: 'desc' }, { createdAt: 'desc' }],
  })
  await audit({ userId: actor.id, action: 'mediation.list', entity: 'case', entityId: caseId, caseId, details: { count: mediations.length } })
  return mediations
}

export async function getCaseMediation(caseId: string, mediationId: string | undefined, actor: Actor) {
  if (!mediationId) return null
  const mediation = await prisma.languageMediation.findFirst({
    where: { id: mediationId, caseId },
    select: {
      ...mediationSelect,
      transitions: { select: { id: true, fromStatus: true, toStatus: true, at: true, byUserId: true }, orderBy: { at: 'asc' } },
      contacts: { select: { id: true, date: true }, orderBy: { date: 'asc' } },
    },
  })
  if (!mediation) return null
  const userIds = [...new Set(mediation.transitions.map((transition) => transition.byUserId).filter((id): id is string => Boolean(id)))]
  const users = await prisma.user.findMany({ where: { id: { in: userIds } }, select: { id: true, displayName: true } })
  const names = new Map(users.map((user) => [user.id, user.displayName]))
  await audit({ userId: actor.id, action: 'mediation.read', entity: 'languageMediation', entityId: mediation.id, caseId })
  return {
    ...mediation,
    transitions: mediation.transitions.map((transition) => ({ ...transition, byName: transition.byUserId ? (names.get(transition.byUserId) ?? null) : null })),
  }
}

/** Active language-mediation services of the partner directory, plus the one already chosen. */
export async function providerOptions(keepId?: string | null): Promise<Option[]> {
  const partners = await prisma.partnerOrganisation.findMany({
    where: { kind: MEDIATION_PROVIDER_KIND, OR: [{ active: true }, ...(keepId ? [{ id: keepId }] : [])] },
    select: { id: true, name: true },
    orderBy: { name: 'asc' },
  })
  return partners.map((partner) => ({ value: partner.id, label: partner.name }))
}

export type MediationFieldErrors = Partial<Record<keyof MediationFormValues, string[]>>

/** What the schema cannot know: a real ISO 639-3 code, and a provider that is an active mediation service. */
export async function checkMediationReferences(value: MediationFormValues, keepProviderId?: string | null): Promise<MediationFieldErrors> {
  const errors: MediationFieldErrors = {}
  if (!isLanguageCode(value.languageCode)) errors.languageCode = ['referrals:mediation.errors.language']
  if (value.providerId) {
    const provider = await prisma.partnerOrganisation.findFirst({
      where: { id: value.providerId, kind: MEDIATION_PROVIDER_KIND, OR: [{ active: true }, ...(keepProviderId ? [{ id: keepProviderId }] : [])] },
      select: { id: true },
    })
    if (!provider) errors.providerId = ['referrals:mediation.errors.provider']
  }
  return errors
}

function fieldsOf(value: MediationFormValues) {
  return {
    languageCode: value.languageCode,
    dialect: value.dialect || null,
    mode: value.mode,
    providerId: value.providerId || null,
    providerKind: value.providerKind,
    interpreterRef: value.interpreterRef || null,
    requestedAt: value.requestedAt,
    performedAt: value.performedAt ?? null,
    billedMinutes: value.billedMinutes ?? null,
    travelMinutes: value.travelMinutes ?? null,
    costCents: value.cost ?? null,
    costBearer: value.costBearer || null,
  }
}

type MediationFields = ReturnType<typeof fieldsOf>

export async function createMediation({ caseId, actor, value }: { caseId: string; actor: Actor; value: MediationFormValues }) {
  const now = new Date()
  return prisma.$transaction(async (tx) => {
    const created = await tx.languageMediation.create({
      data: { ...fieldsOf(value), caseId, status: 'REQUESTED', createdById: actor.id },
      select: { id: true },
    })
    await tx.mediationTransition.create({ data: { mediationId: created.id, fromStatus: null, toStatus: 'REQUESTED', at: now, byUserId: actor.id } })
    await audit({ userId: actor.id, action: 'mediation.create', entity: 'languageMediation', entityId: created.id, caseId }, tx)
    return created
  })
}

function sameValue(a: unknown, b: unknown) {
  if (a instanceof Date || b instanceof Date) return (a ? new Date(a as Date).getTime() : null) === (b ? new Date(b as Date).getTime() : null)
  return (a ?? null) === (b ?? null)
}

export type MediationConflict = { by: string | null; at: Date | null; fields: string[]; status: string }

export type SaveMediationResult =
  | { ok: true; changed: string[] }
  | { ok: false; reason: 'not-found' }
  | { ok: false; reason: 'transition'; status: string }
  | { ok: false; reason: 'stale'; conflict: MediationConflict }

/** Who changed the record since the user loaded it, and which fields — for the conflict message. */
async function describeConflict(mediationId: string, status: string): Promise<MediationConflict> {
  const last = await prisma.auditEvent.findFirst({
    where: { entity: 'languageMediation', entityId: mediationId, action: { in: ['mediation.update', 'mediation.transition'] }, outcome: 'SUCCESS' },
    select: { userId: true, at: true, details: true },
    orderBy: { id: 'desc' },
  })
  const user = last?.userId ? await prisma.user.findUnique({ where: { id: last.userId }, select: { displayName: true } }) : null
  let fields: string[] = []
  try {
    const details = last?.details ? (JSON.parse(last.details) as { fields?: unknown; to?: unknown }) : {}
    if (Array.isArray(details.fields)) fields = details.fields.filter((field): field is string => typeof field === 'string')
    if (typeof details.to === 'string') fields = [...fields, 'status']
  } catch {
    fields = []
  }
  return { by: user?.displayName ?? null, at: last?.at ?? null, fields, status }
}

/**
 * Saves the edited fields and, when `to` is given, moves the record to that status — both or
 * neither. The record's version must still be the one the form was loaded with.
 */
export async function saveMediation({
  caseId,
  mediationId,
  version,
  value,
  to,
  actor,
}: {
  caseId: string
  mediationId: string
  version: number
  value: MediationFormValues
  to?: MediationStatus
  actor: Actor
}): Promise<SaveMediationResult> {
  const result = await prisma.$transaction(async (tx): Promise<SaveMediationResult | { ok: false; reason: 'stale-pending'; status: string }> => {
    const current = await tx.languageMediation.findFirst({ where: { id: mediationId, caseId }, select: mediationSelect })
    if (!current) return { ok: false, reason: 'not-found' }
    if (current.version !== version) return { ok: false, reason: 'stale-pending', status: current.status }
    if (to && !canTransition(current.status, to)) return { ok: false, reason: 'transition', status: current.status }
    const next = fieldsOf(value)
    // The form edits calendar days; a stored time of day (imported or generated data) on the same
    // day is not a change and stays as it is.
    if (dayOf(current.requestedAt) === dayOf(next.requestedAt)) next.requestedAt = current.requestedAt
    if (current.performedAt && next.performedAt && dayOf(current.performedAt) === dayOf(next.performedAt)) next.performedAt = current.performedAt
    const changed = (Object.keys(next) as Array<keyof MediationFields>).filter((key) => !sameValue(current[key], next[key]))
    if (changed.length === 0 && !to) return { ok: true, changed }
    const updated = await tx.languageMediation.updateMany({
      where: { id: mediationId, caseId, version },
      data: { ...next, status: to ?? current.status, version: { increment: 1 } },
    })
    if (updated.count === 0) return { ok: false, reason: 'stale-pending', status: current.status }
    if (to) {
      await tx.mediationTransition.create({ data: { mediationId, fromStatus: current.status, toStatus: to, at: new Date(), byUserId: actor.id } })
    }
    await audit(
      {
        userId: actor.id,
        action: to ? 'mediation.transition' : 'mediation.update',
        entity: 'languageMediation',
        entityId: mediationId,
        caseId,
        details: to ? { fields: changed, from: current.status, to } : { fields: changed },
      },
      tx,
    )
    return { ok: true, changed }
  })
  if (!result.ok && result.reason === 'stale-pending') {
    const current = await prisma.languageMediation.findUnique({ where: { id: mediationId }, select: { status: true } })
    return { ok: false, reason: 'stale', conflict: await describeConflict(mediationId, current?.status ?? result.status) }
  }
  return result as SaveMediationResult
}

// ---------------------------------------------------------------- team overview

export type OverviewGroup = { key: string; count: number; minutes: number; costCents: number }
export type MediationOverview = {
  year: number
  months: OverviewGroup[] // 12 entries, key "01" … "12"
  byLanguage: OverviewGroup[]
  byMode: OverviewGroup[]
  byCostBearer: OverviewGroup[]
  /** month × language × mode × cost bearer, the rows of the CSV export */
  detail: Array<OverviewGroup & { month: string; languageCode: string; mode: string; costBearer: string }>
  total: OverviewGroup
}

/** Half-open year bounds: [1 January, next 1 January) in UTC, as the stored dates are compared. */
function yearBounds(year: number) {
  return { start: new Date(Date.UTC(year, 0, 1)), end: new Date(Date.UTC(year + 1, 0, 1)) }
}

function add(map: Map<string, OverviewGroup>, key: string, count: number, minutes: number, costCents: number) {
  const group = map.get(key) ?? { key, count: 0, minutes: 0, costCents: 0 }
  group.count += count
  group.minutes += minutes
  group.costCents += costCents
  map.set(key, group)
}

const byCountDesc = (a: OverviewGroup, b: OverviewGroup) => b.count - a.count || a.key.localeCompare(b.key)

type DetailRow = { month: string; languageCode: string; mode: string; costBearer: string; n: bigint | number; minutes: bigint | number | null; cost: bigint | number | null }

/**
 * Billable assignments (done, invoiced, cancelled late) of the cases the user may see, per month
 * of the year and split by language, mode and cost bearer. SQLite groups by month × language ×
 * mode × cost bearer (a few hundred groups at most); the other splits are sums of those groups.
 * The month is the one in which the assignment took place, else the one in which it was
 * requested: the stored dates are UTC ISO text, so characters 6–7 are the UTC month. The
 * need-to-know filter is on the case's team, counsellor and flag copied onto each record
 * (triggers), so the year's assignments of a team are two ranges of one covering index
 * (LanguageMediation_overview_idx) and no case is looked up.
 */
export async function mediationOverview(visibleCases: Prisma.CaseWhereInput, year: number): Promise<MediationOverview> {
  const visible = visibleCaseCopiesSql(visibleCases, 'm')
  const { start, end } = yearBounds(year)
  const rows: DetailRow[] =
    visible.kind === 'none'
      ? []
      : await prisma.$queryRaw<DetailRow[]>`
          SELECT substr(COALESCE(m."performedAt", m."requestedAt"), 6, 2) AS month, m."languageCode", m."mode",
            COALESCE(m."costBearer", '') AS costBearer, COUNT(*) AS n,
            SUM(COALESCE(m."billedMinutes", 0)) AS minutes, SUM(COALESCE(m."costCents", 0)) AS cost
          FROM "LanguageMediation" m
          WHERE ${visible.sql} AND m."status" IN (${Prisma.join([...BILLABLE_STATUSES])})
            AND ((m."performedAt" >= ${start} AND m."performedAt" < ${end})
              OR (m."performedAt" IS NULL AND m."requestedAt" >= ${start} AND m."requestedAt" < ${end}))
          GROUP BY 1, 2, 3, 4`
  const months = new Map<string, OverviewGroup>()
  for (let month = 1; month <= 12; month += 1) {
    const key = String(month).padStart(2, '0')
    months.set(key, { key, count: 0, minutes: 0, costCents: 0 })
  }
  const byLanguage = new Map<string, OverviewGroup>()
  const byMode = new Map<string, OverviewGroup>()
  const byCostBearer = new Map<string, OverviewGroup>()
  const detail: MediationOverview['detail'] = []
  const total: OverviewGroup = { key: 'total', count: 0, minutes: 0, costCents: 0 }
  for (const row of rows) {
    const count = Number(row.n)
    const minutes = Number(row.minutes ?? 0)
    const cost = Number(row.cost ?? 0)
    add(months, row.month, count, minutes, cost)
    add(byLanguage, row.languageCode, count, minutes, cost)
    add(byMode, row.mode, count, minutes, cost)
    add(byCostBearer, row.costBearer, count, minutes, cost)
    const key = [row.month, row.languageCode, row.mode, row.costBearer].join('|')
    detail.push({ key, month: row.month, languageCode: row.languageCode, mode: row.mode, costBearer: row.costBearer, count, minutes, costCents: cost })
    total.count += count
    total.minutes += minutes
    total.costCents += cost
  }
  return {
    year,
    months: [...months.values()],
    byLanguage: [...byLanguage.values()].sort(byCountDesc),
    byMode: [...byMode.values()].sort(byCountDesc),
    byCostBearer: [...byCostBearer.values()].sort(byCountDesc),
    detail: detail.sort((a, b) => a.key.localeCompare(b.key)),
    total,
  }
}

type SplitRow = { split: 'month' | 'language' | 'mode' | 'bearer'; key: string; n: bigint | number; minutes: bigint | number | null; cost: bigint | number | null }

/** The team's figures from their JSON text (each row `[split, key, n, minutes, cost]`) as rows. */
function splitRowsOf([read]: Array<{ rows: string }>): SplitRow[] {
  return read === undefined ? [] : (JSON.parse(read.rows) as Array<[SplitRow['split'], string, number, number, number]>).map(splitRowOf)
}

// module-level, not an arrow made per call: V8 keeps its optimised code (decision 137)
function splitRowOf([split, key, n, minutes, cost]: [SplitRow['split'], string, number, number, number]): SplitRow {
  return { split, key, n, minutes, cost }
}

/**
 * The overview page's figures — per month, language, mode and cost bearer, and the total — without
 * the month × language × mode × cost-bearer detail of the export: the year's assignments are read
 * once (a materialised CTE over the covering index) and grouped four ways in SQLite, so some 70
 * rows reach JavaScript instead of the detail's 2,600 at 100,000 cases. A team lead's view reads
 * the team's figures kept by triggers instead (below). Same selection and month rule as
 * mediationOverview; tests check that the two agree, and the kept figures against a recount after
 * random writes (language-mediation-figures.server.test.ts).
 */
// The overview page's reads (mediationSummary, openMediationRequests, mediationYears) go straight to
// the connection (readRows, decision 067): the ORM's pipeline cost more CPU than SQLite needs for
// them (issue 19, session 12).
export async function mediationSummary(visibleCases: Prisma.CaseWhereInput, year: number): Promise<Omit<MediationOverview, 'detail'>> {
  const visible = visibleCaseCopiesSql(visibleCases, 'm')
  const { start, end } = yearBounds(year)
  const rows: SplitRow[] =
    visible.kind === 'none'
      ? []
      : visible.wholeTeam
        ? // A team lead sees the whole team: its figures kept by triggers (MediationFigure, decision
          // 048), the year's own rows (decision 186): the month column holds the year alone, the
          // split 'month' has the month number as its key and the other splits are the whole year's,
          // some 60 rows ready to show instead of grouping some 540 monthly ones. The stored dates
          // are ISO text in UTC, so the year is the first four characters of the records' dates,
          // exactly the records the range below selects. A group whose assignments were all taken
          // off again has the count 0 and is not shown. The rows from the covering index alone
          // (decision 163), named so that no table statistics send the planner to the primary key's
          // index and a look-up of each row. As one JSON text of arrays (decision 193): the 61 rows of the
          // biggest team's year cost 0.13 ms of CPU as better-sqlite3's row objects, 0.06 as one text
          // parsed (session 26), in the index's order (split, key), named for the aggregate.
          splitRowsOf(
            await readRows<Array<{ rows: string }>>`
              SELECT json_group_array(json_array(f."split", f."key", f."n", f."minutes", f."cost") ORDER BY f."split", f."key") AS "rows"
              FROM "MediationFigure" f INDEXED BY "MediationFigure_cover_idx"
              WHERE f."teamId" = +${visible.teamId} AND f."month" = +${String(year).padStart(4, '0')} AND f."n" > 0`,
          )
        : await readRows<SplitRow[]>`
          WITH y AS MATERIALIZED (
            SELECT substr(COALESCE(m."performedAt", m."requestedAt"), 6, 2) AS month, m."languageCode" AS language,
              m."mode" AS mode, COALESCE(m."costBearer", '') AS bearer,
              COALESCE(m."billedMinutes", 0) AS minutes, COALESCE(m."costCents", 0) AS cost
            FROM "LanguageMediation" m
            WHERE ${visible.sql} AND m."status" IN (${Prisma.join([...BILLABLE_STATUSES])})
              AND ((m."performedAt" >= ${start} AND m."performedAt" < ${end})
                OR (m."performedAt" IS NULL AND m."requestedAt" >= ${start} AND m."requestedAt" < ${end})))
          SELECT 'month' AS split, month AS key, COUNT(*) AS n, SUM(minutes) AS minutes, SUM(cost) AS cost FROM y GROUP BY month
          UNION ALL SELECT 'language', language, COUNT(*), SUM(minutes), SUM(cost) FROM y GROUP BY language
          UNION ALL SELECT 'mode', mode, COUNT(*), SUM(minutes), SUM(cost) FROM y GROUP BY mode
          UNION ALL SELECT 'bearer', bearer, COUNT(*), SUM(minutes), SUM(cost) FROM y GROUP BY bearer`
  const months = new Map<string, OverviewGroup>()
  for (let month = 1; month <= 12; month += 1) {
    const key = String(month).padStart(2, '0')
    months.set(key, { key, count: 0, minutes: 0, costCents: 0 })
  }
  const splits = { month: months, language: new Map<string, OverviewGroup>(), mode: new Map<string, OverviewGroup>(), bearer: new Map<string, OverviewGroup>() }
  const total: OverviewGroup = { key: 'total', count: 0, minutes: 0, costCents: 0 }
  for (const row of rows) {
    const count = Number(row.n)
    const minutes = Number(row.minutes ?? 0)
    const cost = Number(row.cost ?? 0)
    add(splits[row.split], row.key, count, minutes, cost)
    if (row.split === 'month') {
      total.count += count
      total.minutes += minutes
      total.costCents += cost
    }
  }
  return {
    year,
    months: [...months.values()],
    byLanguage: [...splits.language.values()].sort(byCountDesc),
    byMode: [...splits.mode.values()].sort(byCountDesc),
    byCostBearer: [...splits.bearer.values()].sort(byCountDesc),
    total,
  }
}

/** A row of the open requests' JSON text: id, case, language, mode, status, stored request time, provider's name, client's code. */
export type OpenRow = [id: string, caseId: string, languageCode: string, mode: string, status: string, requestedAt: string, providerName: string | null, pseudonymCode: string]

/** The overview page's read of the mediation figures, audited with what it showed. */
export async function auditMediationOverview(actor: Actor, details: { year: number; assignments: number; open: number }) {
  await audit({ userId: actor.id, action: 'mediation.overview', entity: 'languageMediation', details })
}

/** The accounting export of the mediation figures, audited with its size. */
export async function auditMediationExport(actor: Actor, details: { year: number; format: 'csv'; rows: number }) {
  await audit({ userId: actor.id, action: 'mediation.export', entity: 'languageMediation', details })
}

/** Rows per page of the overview's open requests (as on /cases and /referrals). */
export const OPEN_REQUESTS_PAGE_SIZE = 50

/**
 * One page of the requests still waiting (requested or confirmed) in the cases the user may see,
 * oldest first (requested day, then id: a stable order, so every request is on exactly one page),
 * with their exact number. A page beyond the last is the last. The count is a range of the
 * covering index (team, status, …); the page's ids come first, read in order from the index
 * (team, status, requested day, id), then the cases of those 50 only: joining before the sort
 * looked up every open request's case. The client's code is the case's copy (`clientCode`, kept by
 * triggers, decision 045): looking up 50 clients, whose rows are large, was most of the statement.
 */
export async function openMediationRequests(visibleCases: Prisma.CaseWhereInput, { page = 1 }: { page?: number } = {}) {
  const visible = visibleCaseCopiesSql(visibleCases, 'm')
  if (visible.kind === 'none') return { total: 0, page: 1, pages: 1, rows: [] }
  // Every value bound as `+?` and the page size written into the SQL (decision 146's appendix): a
  // plain `?` the planner reads (the team, the statuses, a limit) has SQLite compile the statement
  // at every run. The page names its index (team, status, requested day, id): with the values
  // unplanned and statistics of a small table SQLite took another (daily-page-statements test).
  const open = Prisma.join([...OPEN_STATUSES], ', +', '+')
  const [count] = await readRows<Array<{ n: bigint | number }>>`
    SELECT COUNT(*) AS n FROM "LanguageMediation" m WHERE ${visible.sql} AND m."status" IN (${open})`
  const total = Number(count?.n ?? 0)
  const pages = Math.max(1, Math.ceil(total / OPEN_REQUESTS_PAGE_SIZE))
  const current = Math.min(Math.max(1, Math.floor(Number.isFinite(page) ? page : 1)), pages)
  // The page's rows as one JSON text of arrays (decision 193, as the start page's follow-ups): better-sqlite3
  // makes an object with a string per column for every row, which cost more than SQLite's own work (50 rows:
  // 0.25 ms of CPU as objects, ≈ 0.14 as one text parsed by the engine's JSON, session 26). The aggregate names
  // the page's order: an aggregate's order is SQLite's to choose otherwise.
  const [read] =
    total === 0
      ? []
      : await readRows<Array<{ rows: string }>>`
    SELECT json_group_array(json_array(m."id", m."caseId", m."languageCode", m."mode", m."status", m."requestedAt",
        p."name", c."clientCode") ORDER BY m."requestedAt", m."id") AS "rows"
    FROM (
      SELECT m."rowid" AS "row" FROM "LanguageMediation" m INDEXED BY "LanguageMediation_caseTeamId_status_requestedAt_id_idx"
      WHERE ${visible.sql} AND m."status" IN (${open})
      ORDER BY m."requestedAt", m."id"
      LIMIT ${Prisma.raw(String(OPEN_REQUESTS_PAGE_SIZE))} OFFSET +${(current - 1) * OPEN_REQUESTS_PAGE_SIZE}
    ) page
    -- by the row's number, which every index entry carries: no look-up of 50 ids in the id index
    JOIN "LanguageMediation" m ON m."rowid" = page."row"
    JOIN "Case" c ON c."id" = m."caseId"
    LEFT JOIN "PartnerOrganisation" p ON p."id" = m."providerId"`
  // The rows as read (decision 237): the overview makes each into the row it shows in one step
  // (`openRequestRows`); `openRequest` is the same row in the ORM's shape, for the tests that compare the two.
  const rows = read === undefined ? [] : (JSON.parse(read.rows) as OpenRow[])
  return { total, page: current, pages, rows }
}

const DAY_MS = 24 * 60 * 60 * 1000

/** An open request as the overview shows it (the domain's `OpenMediationRow`). */
export type OpenRequestRow = OpenMediationRow

/**
 * The page's open requests as the overview's rows, straight from the rows as read (decision 237): before, each
 * row went through the ORM's nested shape (`openRequest`: three objects and a `Date`) and then into the same
 * fields as here, with its time written back as ISO text (≈ 14 kB a view, session 29). The stored time becomes
 * the ISO text as the case list's (`isoOfStored`: rewritten as text where `Date` reads it as written, else
 * through `Date`), the days waited from that instant, never below 0.
 */
export function openRequestRows(rows: readonly OpenRow[], nameOf: (code: string) => string, now: number) {
  const shown: OpenRequestRow[] = []
  for (const [id, caseId, languageCode, mode, status, stored, providerName, pseudonymCode] of rows) {
    const requestedAt = isoOfStored(stored)
    shown.push({
      id,
      caseId,
      code: pseudonymCode,
      language: nameOf(languageCode),
      mode,
      status,
      provider: providerName,
      requestedAt,
      waitingDays: Math.max(0, Math.floor((now - Date.parse(requestedAt)) / DAY_MS)),
    })
  }
  return shown
}

/** One open request in the ORM's shape (module-level, so V8 keeps its optimised code between requests). */
export function openRequest([id, caseId, languageCode, mode, status, requestedAt, providerName, pseudonymCode]: OpenRow) {
  return {
    id,
    caseId,
    languageCode,
    mode,
    status,
    requestedAt: new Date(requestedAt),
    provider: providerName === null ? null : { name: providerName },
    case: { client: { pseudonymCode } },
  }
}

/**
 * Years offered in the overview's year picker: from the oldest record to this year. The team's
 * records oldest first (index caseTeamId, requestedAt), stopping at the first visible one.
 */
export async function mediationYears(visibleCases: Prisma.CaseWhereInput, now = new Date()) {
  const visible = visibleCaseCopiesSql(visibleCases, 'm')
  const [oldest] =
    visible.kind === 'none'
      ? []
      : await readRows<Array<{ requestedAt: string | Date }>>`
          SELECT m."requestedAt" FROM "LanguageMediation" m
          WHERE ${visible.sql} ORDER BY m."requestedAt" LIMIT 1`
  const current = officeYear(now)
  const oldestYear = oldest ? new Date(oldest.requestedAt).getUTCFullYear() : current
  const first = Math.max(Math.min(oldestYear, current), current - 20)
  const years: number[] = []
  for (let year = current; year >= first; year -= 1) years.push(year)
  return years
}

/** The client's first recorded language: the likely language of a new request. */
export async function caseClientLanguage(caseId: string): Promise<string | null> {
  const kase = await prisma.case.findUnique({
    where: { id: caseId },
    select: { client: { select: { languages: { select: { languageCode: true }, take: 1 } } } },
  })
  return kase?.client.languages[0]?.languageCode ?? null
}

/** The record's id and provider if it belongs to the case (checked before an update). */
export async function findCaseMediationRef(caseId: string, mediationId: string | undefined) {
  if (!mediationId) return null
  return prisma.languageMediation.findFirst({ where: { id: mediationId, caseId }, select: { id: true, providerId: true } })
}

/** The overview's year from the query string; anything odd falls back to the current year. */
export function parseOverviewYear(value: string | null, now = new Date()): number {
  const current = officeYear(now)
  if (!value || !/^\d{4}$/.test(value)) return current
  const year = Number(value)
  return year >= 2000 && year <= current + 1 ? year : current
}
