// Reading the audit log (/admin/audit and its CSV export). Writing goes through
// app/utils/audit.server.ts; the table itself is append-only (triggers in the init migration).
import { type TFunction } from 'i18next'
import { z } from 'zod'
import { auditActionKey } from '#app/domain/audit-actions.ts'
import { normalizeCode } from '#app/domain/pseudonym-code.ts'
import { audit } from '#app/utils/audit.server.ts'
import { BOM, csvCell } from '#app/utils/csv.ts'
import { Prisma } from '#app/generated/prisma/client.ts'
import { prisma, readRowArrays, readRows } from '#app/utils/db.server.ts'
import { languageName } from '#app/utils/iso.server.ts'
import { translateOnce, type Translate } from '#app/utils/translate-once.ts'

// The audit log leaves its rows out of a document's hydration data (decision 161). Passed on from here, a
// module the page imports already: an import of iso.server.ts of its own would give the page's browser
// build one more (empty) chunk to load (as team-lead.server.ts does for /team).
export { inMarkupOnly } from '#app/utils/iso.server.ts'

export const AUDIT_PAGE_SIZE = 50
/** The export is for an investigation, not a dump: beyond this, narrow the filter. */
export const AUDIT_EXPORT_MAX_ROWS = 100_000
/** Rows the export reads from the database at a time: its memory stays that of one page. */
export const AUDIT_EXPORT_PAGE_ROWS = 1000

const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .optional()
  .catch(undefined)

const AuditFilterSchema = z.object({
  user: z.string().max(64).optional().catch(undefined),
  caseId: z.string().trim().max(64).optional().catch(undefined),
  /** the client's pseudonym code (also a code merged into another), typed as people write it */
  code: z.string().trim().max(32).optional().catch(undefined),
  action: z.string().max(64).optional().catch(undefined),
  outcome: z.enum(['SUCCESS', 'DENIED', 'FAILED']).optional().catch(undefined),
  from: day,
  to: day,
  emergency: z.enum(['on']).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(1_000_000).catch(1),
})

export type AuditFilter = z.infer<typeof AuditFilterSchema>

/** Unknown or malformed parameters are ignored rather than answered with an error page. */
export function parseAuditFilter(searchParams: URLSearchParams): AuditFilter {
  const raw = Object.fromEntries([...searchParams.entries()].filter(([, value]) => value !== ''))
  return AuditFilterSchema.parse(raw)
}

// Dates in the filter are calendar days in Germany, where the users are.
// Built once: a new Intl.DateTimeFormat with a time zone per call costs CPU and native memory the
// process never hands back (docs/performance.md, "Memory").
const berlinParts = new Intl.DateTimeFormat('en-US', {
  timeZone: 'Europe/Berlin',
  hourCycle: 'h23',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
})

function berlinOffsetMs(instant: Date) {
  const parts = berlinParts.formatToParts(instant)
  const get = (type: string) => partValue(parts, type)
  return Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second')) - instant.getTime()
}

function partValue(parts: Intl.DateTimeFormatPart[], type: string) {
  for (const part of parts) if (part.type === type) return Number(part.value)
  return Number.NaN
}

export function startOfBerlinDay(isoDay: string) {
  const utcMidnight = new Date(`${isoDay}T00:00:00Z`)
  return new Date(utcMidnight.getTime() - berlinOffsetMs(utcMidnight))
}

/**
 * The cases of the person with this pseudonym code (a merged code leads to the kept person,
 * decision 027); null when no code is asked for. An unknown code matches no case.
 */
async function casesOfCode(code: string | undefined): Promise<string[] | null> {
  if (!code) return null
  // The canonical form of what was typed, else the text as typed (codes of imported records).
  const candidates = [...new Set([normalizeCode(code), code.toUpperCase()].filter((value): value is string => Boolean(value)))]
  const client =
    (await prisma.client.findFirst({ where: { pseudonymCode: { in: candidates } }, select: { id: true } })) ??
    (await prisma.clientCodeAlias.findFirst({ where: { pseudonymCode: { in: candidates } }, select: { client: { select: { id: true } } } }))?.client
  if (!client) return []
  const cases = await prisma.case.findMany({ where: { clientId: client.id }, select: { id: true } })
  return cases.map((kase) => kase.id)
}

export async function resolveAuditWhere(filter: AuditFilter) {
  return auditWhere(filter, await casesOfCode(filter.code))
}

export function auditWhere(filter: AuditFilter, codeCases: string[] | null = null): Prisma.AuditEventWhereInput {
  const at: Prisma.DateTimeFilter = {}
  if (filter.from) at.gte = startOfBerlinDay(filter.from)
  if (filter.to) {
    const next = new Date(`${filter.to}T00:00:00Z`)
    next.setUTCDate(next.getUTCDate() + 1)
    at.lt = startOfBerlinDay(next.toISOString().slice(0, 10))
  }
  return {
    ...(filter.user ? { userId: filter.user } : {}),
    ...(filter.caseId || codeCases ? { caseId: { ...(filter.caseId ? { equals: filter.caseId } : {}), ...(codeCases ? { in: codeCases } : {}) } } : {}),
    ...(filter.action ? { action: filter.action } : {}),
    ...(filter.outcome ? { outcome: filter.outcome } : {}),
    ...(filter.emergency ? { emergency: true } : {}),
    ...(filter.from || filter.to ? { at } : {}),
  }
}

const eventSelect = {
  id: true,
  at: true,
  userId: true,
  action: true,
  entity: true,
  entityId: true,
  caseId: true,
  outcome: true,
  details: true,
  requestId: true,
  emergency: true,
} as const

type AuditRow = Prisma.AuditEventGetPayload<{ select: typeof eventSelect }>
/** An event of the log's page: its time as ISO text (`toISOString`'s form), as the page sends and renders it. */
type PageRow = Omit<AuditRow, 'at'> & { at: string }

/** Names and codes for a page of events: people, teams and the cases' pseudonym codes. */
type UserName = { id: string; displayName: string }

/**
 * The names, codes and teams the events mention. `everyUser`: every user, when the caller has them
 * already (the log's filter lists them all): the names come from there, not from another statement.
 */
async function lookupsFor(events: ReadonlyArray<Omit<AuditRow, 'at'>>, teams: Map<string, string>, everyUser?: readonly UserName[]) {
  const userIds = new Set<string>()
  const caseIds = new Set<string>()
  const clientIds = new Set<string>()
  for (const event of events) {
    if (event.userId) userIds.add(event.userId)
    if (event.caseId) caseIds.add(event.caseId)
    if (event.entity === 'user' && event.entityId) userIds.add(event.entityId)
    for (const [key, value] of Object.entries(parseDetails(event.details) ?? {})) {
      if (typeof value === 'string' && USER_KEYS.test(key)) userIds.add(value)
      if (typeof value === 'string' && CLIENT_KEYS.test(key)) clientIds.add(value)
    }
  }
  const [users, cases, clients] = await Promise.all([
    everyUser
      ? namedAmong(everyUser, userIds)
      : userIds.size
        ? prisma.user.findMany({ where: { id: { in: [...userIds] } }, select: { id: true, displayName: true } })
        : [],
    // The case's copy of its client's code (decision 045): one look-up per case instead of two. The
    // ids bound as `+?` (decision 146's appendix): SQLite compiles the statement once, not at every run.
    caseIds.size
      ? readRows<Array<{ id: string; code: string }>>`
          SELECT c."id", COALESCE(c."clientCode", (SELECT "pseudonymCode" FROM "Client" WHERE "id" = c."clientId")) AS code
          FROM "Case" c WHERE c."id" IN (${Prisma.join([...caseIds], ', +', '+')})`
      : [],
    clientIds.size ? prisma.client.findMany({ where: { id: { in: [...clientIds] } }, select: { id: true, pseudonymCode: true } }) : [],
  ])
  return {
    users: new Map(users.map((user) => [user.id, user.displayName])),
    codes: new Map(cases.map((kase) => [kase.id, kase.code])),
    clientCodes: new Map(clients.map((client) => [client.id, client.pseudonymCode])),
    teams,
  }
}

/** The users among `ids` (a loop in a module-level function, so V8 keeps its optimised code; see latestAuditEvents). */
function namedAmong(everyUser: readonly UserName[], ids: Set<string>) {
  const found: UserName[] = []
  for (const user of everyUser) if (ids.has(user.id)) found.push(user)
  return found
}

// The log page's reads go straight to the connection where they can (readRows, decision 067): the
// ORM's pipeline cost more CPU than SQLite needs for them (issue 19, session 12).
async function teamNames() {
  const teams = await readRows<Array<{ id: string; name: string }>>`SELECT "id", "name" FROM "Team"`
  return new Map(teams.map((team) => [team.id, team.name]))
}

export type AuditLookups = {
  users: Map<string, string>
  codes: Map<string, string>
  clientCodes: Map<string, string>
  teams: Map<string, string>
}
type Lookups = AuditLookups

const USER_KEYS = /^(userId|fromUserId|toUserId|counsellorId|substituteId|assigneeId)$/
const TEAM_KEYS = /^(teamId|fromTeamId|toTeamId|previousTeamId)$/
/** A person merged into another: shown by their pseudonym code (it stays as an alias, decision 027). */
const CLIENT_KEYS = /^(mergedClientId|intoClientId)$/
/**
 * Internal ids of records the event's object already names (the transfer, the takeover request,
 * the consent, the import run): never shown (issue 16).
 */
const HIDDEN_KEYS = /^(transferId|requestId|consentId|import)$/
/** Values people typed (a catalogue entry's code): shown as they are. */
const VERBATIM_KEYS = /^(code)$/
/** Lists of field names: each name in words. */
const FIELD_LIST_KEYS = /^(fields|changed|conflict|changedFields|filters)$/

/**
 * Where the UI already names a detail's values, by action and key (`*` for any action): the
 * namespace and key prefix to which the value is appended. Every other text value is looked up under
 * auditWords.value.<key>.<value>.
 */
const VALUE_LABELS: Record<string, Record<string, readonly [namespace: string, prefix: string]>> = {
  '*': {
    role: ['codes', 'role'],
    previousRole: ['codes', 'role'],
    catalogue: ['codes', 'catalogue'],
    regime: ['privacy', 'retention.regimes'],
    relation: ['clients', 'relations'],
  },
  'consent-template.version': { kind: ['consentTexts', 'kinds'] },
  'consent-template.review': { kind: ['consentTexts', 'kinds'] },
  'case.status': { from: ['codes', 'caseStatus'], to: ['codes', 'caseStatus'] },
  'referral.transition': { from: ['codes', 'referralStatus'], to: ['codes', 'referralStatus'] },
  'mediation.transition': { from: ['codes', 'mediationStatus'], to: ['codes', 'mediationStatus'] },
  'plan.goal-status': { fromStatus: ['codes', 'goalStatus'], toStatus: ['codes', 'goalStatus'] },
  'case.transfer': { reason: ['codes', 'transferReason'] },
  'case.transfer-request': { reason: ['codes', 'transferReason'] },
  'case.emergency-access': { reason: ['privacy', 'emergency.reasons'] },
  'identity.reveal': { reason: ['privacy', 'identity.reasons'] },
  'referral.create': { kind: ['codes', 'referralKind'] },
  'consent.create': { form: ['codes', 'consentForm'] },
}

function parseDetails(details: string | null): Record<string, unknown> | null {
  if (!details) return null
  try {
    const value: unknown = JSON.parse(details)
    if (Array.isArray(value)) return { fields: value }
    return value && typeof value === 'object' ? (value as Record<string, unknown>) : { note: String(value) }
  } catch {
    return { note: details }
  }
}

/** "camelCase" → "camel case", for a detail a newer version wrote and this one has no label for. */
function humanise(key: string) {
  return key.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase()
}

/** A field name in words: the audit log's own label, else the case form's, else the name spelled out. */
function fieldName(name: string, t: Translate) {
  return t(`privacy:auditWords.field.${name}`, { defaultValue: t(`cases:masterData.fields.${name}`, { defaultValue: humanise(name) }) })
}

/** A statistics scope key ("org", "team:<id>|programme:MBE") in words: the team's name, the programme's. */
function scopeInWords(scope: string, lookups: Lookups, t: Translate) {
  return scope
    .split('|')
    .map((part) => {
      const [kind, value] = part.split(':')
      if (kind === 'team') return lookups.teams.get(value ?? '') ?? t('privacy:auditWords.unknownTeam')
      if (kind === 'programme') return t(`codes:programme.${value}`, { defaultValue: value })
      return t('privacy:auditWords.value.scope.org')
    })
    .join(', ')
}

function detailValue(action: string, key: string, value: unknown, lookups: Lookups, t: Translate): string {
  if (value === null || value === undefined) return '–'
  if (typeof value === 'boolean') return t(value ? 'common:yes' : 'common:no')
  if (Array.isArray(value)) return value.map((item) => detailValue(action, key, item, lookups, t)).join(', ')
  if (typeof value === 'object') {
    return Object.entries(value as Record<string, unknown>)
      .map(([inner, item]) => `${fieldName(inner, t)} ${detailValue(action, inner, item, lookups, t)}`)
      .join(', ')
  }
  if (typeof value === 'number') return String(value)
  const text = String(value)
  if (TEAM_KEYS.test(key)) return lookups.teams.get(text) ?? t('privacy:auditWords.unknownTeam')
  if (USER_KEYS.test(key)) return lookups.users.get(text) ?? t('privacy:auditWords.unknownUser')
  if (CLIENT_KEYS.test(key)) return lookups.clientCodes.get(text) ?? t('privacy:auditWords.erasedPerson')
  if (FIELD_LIST_KEYS.test(key)) return fieldName(text, t)
  if (VERBATIM_KEYS.test(key)) return text
  if (key === 'scope') return scopeInWords(text, lookups, t)
  if (key === 'language') return languageName(text, t('privacy:auditWords.locale'))
  const labels = VALUE_LABELS[action]?.[key] ?? VALUE_LABELS['*']![key]
  if (labels) return t(`${labels[0]}:${labels[1]}.${text}`, { defaultValue: text })
  return t(`privacy:auditWords.value.${key}.${text.replaceAll('.', '_')}`, { defaultValue: text })
}

/** The details of an event in words: "Felder: Geburtsjahr, Geschlecht · an Team: Beratungsstelle Rostock". */
export function detailsInWords(details: string | null, lookups: Lookups, t: Translate, action = '') {
  const parsed = parseDetails(details)
  if (!parsed) return ''
  const words: string[] = []
  for (const [key, value] of Object.entries(parsed)) {
    if (HIDDEN_KEYS.test(key)) continue
    words.push(`${t(`privacy:auditWords.detail.${key}`, { defaultValue: humanise(key) })}: ${detailValue(action, key, value, lookups, t)}`)
  }
  return words.join(' · ')
}

/**
 * The labels of the entities, actions and outcomes, each asked of `t` once per value for a page (or an
 * export): a page of 50 events has a handful of each, and each `t` call with its key built and its
 * options made cost ≈ 70 kB of garbage a view of the audit log (session 26). On a page `t` is already
 * `translateOnce`'s, which remembers each key's text; these maps spare building the key and its options per
 * event before that look-up. The CSV export asks the plain `t`, where they save the translation itself.
 */
type Labels = { t: Translate; entities: Map<string, string>; actions: Map<string, string>; outcomes: Map<string, string> }

function labelsOf(t: Translate): Labels {
  return { t, entities: new Map(), actions: new Map(), outcomes: new Map() }
}

function entityLabel(labels: Labels, entity: string) {
  let text = labels.entities.get(entity)
  if (text === undefined) {
    text = labels.t(`privacy:auditWords.entity.${entity}`, { defaultValue: entity })
    labels.entities.set(entity, text)
  }
  return text
}

function actionLabel(labels: Labels, action: string) {
  let text = labels.actions.get(action)
  if (text === undefined) {
    text = labels.t(`privacy:${auditActionKey(action)}`, { defaultValue: action })
    labels.actions.set(action, text)
  }
  return text
}

function outcomeLabel(labels: Labels, outcome: string) {
  let text = labels.outcomes.get(outcome)
  if (text === undefined) {
    text = labels.t(`privacy:audit.outcome.${outcome}`, { defaultValue: outcome })
    labels.outcomes.set(outcome, text)
  }
  return text
}

/** One event as people read it, for the page and the CSV alike. */
function present<At>(event: Omit<AuditRow, 'at'> & { at: At }, lookups: Lookups, t: Translate, labels: Labels) {
  const entity = entityLabel(labels, event.entity)
  const named =
    event.entity === 'user' && event.entityId
      ? lookups.users.get(event.entityId)
      : event.entity === 'team' && event.entityId
        ? lookups.teams.get(event.entityId)
        : undefined
  return {
    id: event.id,
    at: event.at,
    userName: event.userId ? (lookups.users.get(event.userId) ?? t('privacy:auditWords.unknownUser')) : null,
    action: event.action,
    actionLabel: actionLabel(labels, event.action),
    object: named ? `${entity}: ${named}` : entity,
    // A case erased since has no code any more; its events stay (append-only).
    code: event.caseId ? (lookups.codes.get(event.caseId) ?? t('privacy:auditWords.erasedCase')) : null,
    outcome: event.outcome,
    outcomeLabel: outcomeLabel(labels, event.outcome),
    emergency: event.emergency,
    details: detailsInWords(event.details, lookups, t, event.action),
  }
}

export type PresentedAuditEvent = ReturnType<typeof present<string>>

/**
 * The list counts at most this many matching events: counting a million unfiltered events took
 * ≈ 200 ms a page view, for a number nobody reads exactly ("more than 10,000" says the same).
 */
export const AUDIT_COUNT_CAP = 10_000

/**
 * How many events match, at most AUDIT_COUNT_CAP + 1. Without a filter the count walks the index on
 * the time (every event has one): its entries are a few dozen bytes, the events' rows with their
 * details hundreds, so the first 10,001 events are ≈ 60 index pages instead of ≈ 400 table pages
 * (5.4 → 0.5 ms with the pages not cached, issue 19, session 10). It asks first whether a 10,001st
 * entry exists (an OFFSET steps over the entries without counting them one by one: 0.39 → 0.15 ms of
 * SQLite, session 25), and counts only a log shorter than that (COALESCE evaluates its second
 * argument only when the first is NULL). A filter keeps the ORM's count, which SQLite runs on the
 * filter's own index (user, case, action or time).
 */
// The cap is written into the SQL (a constant) and the page's limit and offset bound as `+?`: a plain
// `?` in a LIMIT is read by the planner and has SQLite compile the statement at every run (decision 146).
async function countAuditEvents(where: Prisma.AuditEventWhereInput) {
  if (Object.keys(where).length > 0) return prisma.auditEvent.count({ where, take: AUDIT_COUNT_CAP + 1 })
  const [row] = await readRows<Array<{ n: bigint | number }>>`
    SELECT COALESCE(
      (SELECT ${Prisma.raw(String(AUDIT_COUNT_CAP + 1))} FROM "AuditEvent" INDEXED BY "AuditEvent_at_idx" LIMIT 1 OFFSET ${Prisma.raw(String(AUDIT_COUNT_CAP))}),
      (SELECT COUNT(*) FROM "AuditEvent" INDEXED BY "AuditEvent_at_idx")
    ) AS n`
  return Number(row?.n ?? 0)
}

/**
 * The unfiltered log's page, newest first, as the ORM's findMany returns it (eventSelect's fields,
 * `at` a Date, `emergency` a boolean, `id` a number). Without a filter, as the count: a filter keeps
 * the ORM's query, whose where clause is the one the CSV export uses.
 */
async function latestAuditEvents(skip: number, take: number): Promise<PageRow[]> {
  // Each row as an array (decision 197): 0.21 → 0.12 ms of the statement for the page of 50.
  const rows = await readRowArrays<StoredAuditRow[]>`
    SELECT "id", "at", "userId", "action", "entity", "entityId", "caseId", "outcome", "details", "requestId", "emergency"
    FROM "AuditEvent" ORDER BY "id" DESC LIMIT +${take} OFFSET +${skip}`
  return rows.map(auditRowFrom)
}

/** An event of latestAuditEvents as read: the statement's columns in its order. */
type StoredAuditRow = [
  id: bigint | number,
  at: string,
  userId: AuditRow['userId'],
  action: AuditRow['action'],
  entity: AuditRow['entity'],
  entityId: AuditRow['entityId'],
  caseId: AuditRow['caseId'],
  outcome: AuditRow['outcome'],
  details: AuditRow['details'],
  requestId: AuditRow['requestId'],
  emergency: bigint | number,
]

// The page's per-row work is in module-level functions and loops, not callbacks made per request: V8 keeps a
// module-level function's optimised code, while a per-request closure's is dropped at every full collection and
// compiled again (docs/performance.md, "Language mediation, referrals, audit log and start page (2026-12-06, session 19)").
function auditRowFrom([id, at, userId, action, entity, entityId, caseId, outcome, details, requestId, emergency]: StoredAuditRow): PageRow {
  return { id: Number(id), at: instantText(at), userId, action, entity, entityId, caseId, outcome, details, requestId, emergency: Number(emergency) === 1 }
}

/** Prisma's stored form of an instant in UTC with milliseconds ("2026-12-05T19:30:00.123+00:00"). */
const STORED_UTC_INSTANT = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+00:00$/

/**
 * A stored time as `toISOString` writes it ("2026-12-05T19:30:00.123Z"). Prisma's stored form is that text
 * with "+00:00" for "Z": the text is cut instead of read into a Date and written out again (≈ 60 µs a page of
 * 50 events with the spread that replaced the Date by its text, session 30). Any other form goes through a
 * Date, as before.
 */
export function instantText(stored: string) {
  return STORED_UTC_INSTANT.test(stored) ? `${stored.slice(0, 23)}Z` : new Date(stored).toISOString()
}

/** An event the ORM read (a filtered page), its time as the page's text. */
function pageRowFrom(event: AuditRow): PageRow {
  return { ...event, at: event.at.toISOString() }
}

function presentAll(events: PageRow[], lookups: Lookups, t: Translate) {
  const shown: Array<ReturnType<typeof present<string>>> = []
  const labels = labelsOf(t)
  for (const event of events) shown.push(present(event, lookups, t, labels))
  return shown
}

/** One page of the log; `everyUser` as for lookupsFor (the page's filter reads them all anyway). */
export async function listAuditEvents(filter: AuditFilter, t: TFunction, everyUser?: readonly UserName[]) {
  const where = await resolveAuditWhere(filter)
  const counted = await countAuditEvents(where)
  const capped = counted > AUDIT_COUNT_CAP
  const total = Math.min(counted, AUDIT_COUNT_CAP)
  const pages = Math.max(1, Math.ceil(total / AUDIT_PAGE_SIZE))
  // Beyond the counted pages the list goes on page by page while events remain.
  const page = capped ? filter.page : Math.min(filter.page, pages)
  const skip = (page - 1) * AUDIT_PAGE_SIZE
  const events =
    Object.keys(where).length === 0
      ? await latestAuditEvents(skip, AUDIT_PAGE_SIZE)
      : (await prisma.auditEvent.findMany({ where, select: eventSelect, orderBy: { id: 'desc' }, skip, take: AUDIT_PAGE_SIZE })).map(pageRowFrom)
  const lookups = await lookupsFor(events, await teamNames(), everyUser)
  const more = capped && (page < pages || events.length === AUDIT_PAGE_SIZE)
  // A page of 50 events asks for the same few labels (action, object, outcome, detail names) again
  // and again: each translated once for the page (≈ 3 ms of `t()` per view before).
  const once = translateOnce(t)
  return { events: presentAll(events, lookups, once), total, capped, more, page, pages }
}

/**
 * The CSV export, streamed: rows are read a page at a time (newest first, below the last id read)
 * and written as they come, only when the response asks for more — so the server holds one page,
 * not the whole file, whatever the size (issue 16: 100,000 rows built in memory needed 160–190 MB).
 * The rows are fixed when the export starts (ids up to the newest one then), so the count audited
 * up front is the count written.
 */
export async function streamAuditCsv(actor: { id: string }, filter: AuditFilter, t: TFunction, { pageRows = AUDIT_EXPORT_PAGE_ROWS }: { pageRows?: number } = {}) {
  const where = await resolveAuditWhere(filter)
  const newest = await prisma.auditEvent.findFirst({ where, select: { id: true }, orderBy: { id: 'desc' } })
  const fixed: Prisma.AuditEventWhereInput = { AND: [where, { id: { lte: newest?.id ?? 0 } }] }
  const rows = Math.min(AUDIT_EXPORT_MAX_ROWS, newest ? await prisma.auditEvent.count({ where: fixed }) : 0)
  await auditAuditLogExport(actor, filter, rows)
  const teams = await teamNames()
  const encoder = new TextEncoder()
  const line = (cells: Array<string | number | null>) => `${cells.map((cell) => csvCell(cell)).join(';')}\r\n`
  const header = ['at', 'user', 'action', 'object', 'code', 'outcome', 'emergency', 'details', 'requestId'].map((column) => t(`privacy:auditWords.csv.${column}`))
  let below = Number.MAX_SAFE_INTEGER
  let written = 0
  let started = false
  const dateTime = new Intl.DateTimeFormat(t('privacy:auditWords.locale'), { dateStyle: 'short', timeStyle: 'medium', timeZone: 'Europe/Berlin' })
  const labels = labelsOf(t)
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!started) {
        started = true
        controller.enqueue(encoder.encode(BOM + line(header)))
        return
      }
      const take = Math.min(pageRows, rows - written)
      const events = take > 0 ? await prisma.auditEvent.findMany({ where: { AND: [fixed, { id: { lt: below } }] }, select: eventSelect, orderBy: { id: 'desc' }, take }) : []
      if (events.length === 0) {
        controller.close()
        return
      }
      below = events[events.length - 1]!.id
      written += events.length
      const lookups = await lookupsFor(events, teams)
      let chunk = ''
      for (const event of events) {
        const shown = present(event, lookups, t, labels)
        chunk += line([dateTime.format(shown.at), shown.userName ?? t('privacy:audit.system'), shown.actionLabel, shown.object, shown.code, shown.outcomeLabel, shown.emergency ? t('common:yes') : t('common:no'), shown.details, event.requestId])
      }
      controller.enqueue(encoder.encode(chunk))
    },
  }, { highWaterMark: 0 })
}


/** A copy of the log leaving the system is itself audited (which filters, how many rows). */
export async function auditAuditLogExport(actor: { id: string }, filter: AuditFilter, rows: number) {
  await audit({ userId: actor.id, action: 'audit.export', entity: 'auditEvent', details: { rows, filters: Object.keys(auditWhere(filter, filter.code ? [] : null)) } })
}

/**
 * The user filter's choices: every user (also inactive ones), by name. The action filter's choices
 * are made where the page renders (app/components/audit-action-options.ts).
 */
export async function getAuditFilterOptions() {
  // Each row as an array (decision 197), the objects made here: 0.12 → 0.09 ms for the bench's 71 users.
  const rows = await readRowArrays<Array<[id: string, displayName: string, email: string]>>`
    SELECT "id", "displayName", "email" FROM "User" ORDER BY "displayName"`
  return { users: userChoices(rows) }
}

function userChoices(rows: Array<[id: string, displayName: string, email: string]>) {
  const users: Array<{ id: string; displayName: string; email: string }> = []
  for (const [id, displayName, email] of rows) users.push({ id, displayName, email })
  return users
}
