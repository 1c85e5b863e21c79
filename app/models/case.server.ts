// Creating a client with its first case, and the case list (PRODUCT.md §2, §8 `/cases`,
// `/cases/new`). All queries select only what the pages show; every list and count goes through
// visibleCasesWhere (need-to-know).
import { type Actor } from '#app/domain/access-policy.ts'
import { CASE_LIST_PAGE_SIZE, type CaseListQuery } from '#app/domain/case-list-query.ts'
import { CASE_STATUSES, type Catalogue } from '#app/domain/codes.ts'
import { defaultClientLanguage } from '#app/domain/consent-templates.ts'
import { dayOf, officeDay, parseDay } from '#app/domain/follow-up.ts'
import {
  generatePseudonymCode,
  normalizeSymbols,
  formatSymbols,
  validateCode,
  CODE_SYMBOLS,
} from '#app/domain/pseudonym-code.ts'
import { assignableSql, assignableWhere, mayReceiveCase } from '#app/models/assignable.server.ts'
import { visibleCasesWhere } from '#app/models/case-access.server.ts'
import { recordPrivacyText } from '#app/models/consent-template.server.ts'
import { type MasterDataInput } from '#app/models/case-file.server.ts'
import { visibleCasesSql, type VisibleCasesSql } from '#app/models/case-visibility-sql.server.ts'
import { audit } from '#app/utils/audit.server.ts'
import { Prisma } from '#app/generated/prisma/client.ts'
import { prisma, readRowArrays, readRows, type TransactionClient } from '#app/utils/db.server.ts'
import { isCountryCode, isLanguageCode } from '#app/utils/iso.server.ts'
import { isoOfStored } from '#app/models/timeline.server.ts'
import { UNKNOWN_LANGUAGE_ERROR } from '#app/forms/fields.ts'
import { catalogueLabel } from '#app/utils/format.ts'
export { inMarkupOnly } from '#app/utils/iso.server.ts'

// ---------------------------------------------------------------- new client + case

/**
 * The validated input of the new-case form (empty optional fields are undefined): the master data
 * of the edit form, plus the residence status that starts the history and the first assignment.
 */
export type NewCaseInput = MasterDataInput & {
  residenceStatusId: number
  residenceStatusSince: Date
  /** null: into the team's unassigned queue (team leads only) */
  counsellorId: string | null
  /** YYYY-MM-DD, the day a running case was opened (go-live); undefined: today */
  openedOn?: string
}

export type NewCaseField = keyof NewCaseInput

export type CreateCaseResult =
  | { ok: true; caseId: string; pseudonymCode: string }
  | { ok: false; fieldErrors: Partial<Record<NewCaseField, string[]>> }

/** Only counsellors and team leads open cases; administrators see no case content at all. */
export function mayCreateCases(actor: Pick<Actor, 'role'>) {
  return actor.role === 'COUNSELLOR' || actor.role === 'TEAM_LEAD'
}

/** Colleagues a team lead may assign a new case to: active counsellors and leads of the team. */
export async function assignableCounsellors(teamId: string) {
  return prisma.user.findMany({
    where: assignableWhere(teamId),
    select: { id: true, displayName: true },
    orderBy: { displayName: 'asc' },
  })
}

export async function teamDefaults(teamId: string) {
  return prisma.team.findUnique({
    where: { id: teamId },
    select: { kind: true, defaultSharedForSubstitution: true },
  })
}

const MAX_CODE_ATTEMPTS = 5

/**
 * Creates the pseudonymised client and its first case in one transaction: client, languages,
 * the first residence-status entry, the case (OPEN), its first programme period and status change,
 * the assignment, and the audit event. Checks everything the browser cannot be trusted with —
 * catalogue ids, ISO codes, and who may be assigned — and answers field errors without saving.
 * A (very unlikely, 1 in 2⁴⁰ per pair) collision of the random code is retried with a new one.
 */
export async function createClientAndCase(
  actor: Actor,
  input: NewCaseInput,
  {
    now = new Date(),
    generateCode = generatePseudonymCode,
  }: { now?: Date; generateCode?: () => string } = {},
): Promise<CreateCaseResult> {
  if (!mayCreateCases(actor)) throw new Response('Forbidden', { status: 403 })
  const fieldErrors = await checkNewCase(actor, input, now)
  if (Object.keys(fieldErrors).length > 0) return { ok: false, fieldErrors }
  const counsellorId = actor.role === 'COUNSELLOR' ? actor.id : input.counsellorId

  for (let attempt = 1; ; attempt++) {
    const pseudonymCode = generateCode()
    try {
      const caseId = await prisma.$transaction((tx) =>
        writeNewCase(tx, actor, { ...input, counsellorId }, pseudonymCode, now),
      )
      return { ok: true, caseId, pseudonymCode }
    } catch (error) {
      if (error instanceof CounsellorUnavailable) return { ok: false, fieldErrors: { counsellorId: ['cases:errors.counsellor'] } }
      if (attempt < MAX_CODE_ATTEMPTS && isPseudonymCodeCollision(error)) continue
      throw error
    }
  }
}

function isPseudonymCodeCollision(error: unknown) {
  if (!error || typeof error !== 'object' || !('code' in error) || error.code !== 'P2002') return false
  const meta = (error as { meta?: { target?: unknown; driverAdapterError?: unknown } }).meta
  return JSON.stringify(meta ?? {}).includes('pseudonymCode')
}

async function writeNewCase(
  tx: TransactionClient,
  actor: Actor,
  input: NewCaseInput,
  pseudonymCode: string,
  now: Date,
) {
  const client = await tx.client.create({
    data: {
      pseudonymCode,
      birthYear: input.birthYear,
      gender: input.gender,
      nationality: input.nationality ?? null,
      countryOfOrigin: input.countryOfOrigin ?? null,
      arrivalMonth: input.arrivalMonth ?? null,
      districtId: input.districtId ?? null,
      householdAdults: input.householdAdults,
      householdChildren: input.householdChildren,
      languages: { create: [...new Set(input.languages)].map((languageCode) => ({ languageCode })) },
      residenceStatuses: {
        create: {
          statusId: input.residenceStatusId,
          validFrom: input.residenceStatusSince,
          createdById: actor.id,
        },
      },
    },
    select: { id: true },
  })
  return writeCase(tx, actor, client.id, input, input.languages, now, { fields: filledFields(input) })
}

/** The case fields both a new client's first case and a returning client's further case carry. */
export type CaseColumnsInput = Pick<
  NewCaseInput,
  | 'programme'
  | 'accessRoute'
  | 'germanLevel'
  | 'startPlace'
  | 'kind'
  | 'familyMembersCounselled'
  | 'sharedForSubstitution'
  | 'legalBasisId'
  | 'privacyInfoGivenAt'
  | 'privacyInfoLanguage'
  | 'privacyInfoForm'
  | 'counsellorId'
  | 'openedOn'
>

/**
 * The opening of a case as stored: today's cases keep the moment they were opened; a running case
 * entered at go-live (an earlier day) opens at the start of that calendar day (UTC midnight, which
 * is the same day in the office's time zone), so it is counted in that day's year (issue 14).
 */
export function openingOf(openedOn: string | undefined, now: Date): Date {
  if (!openedOn || openedOn >= officeDay(now)) return now
  return parseDay(openedOn) ?? now
}

/**
 * Thrown inside a case's transaction when the counsellor it is for may no longer receive a case of the team (decision
 * 241): the transaction is undone, the form answers with the counsellor's error.
 */
export class CounsellorUnavailable extends Error {
  constructor() {
    super('counsellor-unavailable')
  }
}

/** Writes a case (OPEN) for an existing client: programme period, status change, assignment, audit. */
export async function writeCase(
  tx: TransactionClient,
  actor: Actor,
  clientId: string,
  input: CaseColumnsInput,
  clientLanguages: string[],
  now: Date,
  auditDetails: Record<string, unknown>,
) {
  // The counsellor checked again where the case is written, as an assignment is (decision 241): the form's check ran
  // before the transaction, and a colleague deactivated or moved in between (their open work handed over in that
  // change's transaction) would otherwise receive the new case after their handover.
  if (input.counsellorId && !(await mayReceiveCase(tx, actor.teamId, input.counsellorId))) throw new CounsellorUnavailable()
  const openedAt = openingOf(input.openedOn, now)
  // Privacy information given without a language named: the client's first language with a text.
  const privacyLanguage = input.privacyInfoGivenAt
    ? (input.privacyInfoLanguage ?? defaultClientLanguage(clientLanguages))
    : (input.privacyInfoLanguage ?? null)
  const kase = await tx.case.create({
    data: {
      clientId,
      teamId: actor.teamId,
      counsellorId: input.counsellorId,
      openedAt,
      status: 'OPEN',
      startPlace: input.startPlace,
      kind: input.kind,
      programme: input.programme,
      accessRoute: input.accessRoute,
      germanLevel: input.germanLevel,
      familyMembersCounselled: input.familyMembersCounselled,
      sharedForSubstitution: input.sharedForSubstitution,
      legalBasisId: input.legalBasisId ?? null,
      privacyInfoGivenAt: input.privacyInfoGivenAt ? parseDay(input.privacyInfoGivenAt) : null,
      privacyInfoLanguage: privacyLanguage,
      privacyInfoForm: input.privacyInfoForm ?? null,
      updatedById: actor.id,
      programmes: { create: { programme: input.programme, validFrom: openedAt } },
      statusChanges: { create: { fromStatus: null, toStatus: 'OPEN', at: openedAt, byUserId: actor.id } },
      ...(input.counsellorId
        ? {
            assignments: {
              create: {
                toUserId: input.counsellorId,
                assignedById: actor.id,
                at: now,
                // Someone who assigns a case to themselves needs no "assigned to you" notice.
                readAt: input.counsellorId === actor.id ? now : null,
              },
            },
          }
        : {}),
    },
    select: { id: true },
  })
  if (input.privacyInfoGivenAt) await recordPrivacyText(tx, kase.id, privacyLanguage)
  await audit(
    {
      userId: actor.id,
      action: 'case.create',
      entity: 'case',
      entityId: kase.id,
      caseId: kase.id,
      details: {
        ...auditDetails,
        ...(openedAt !== now ? { openedInPast: true } : {}),
        assigned: input.counsellorId ? (input.counsellorId === actor.id ? 'self' : 'other') : 'queue',
      },
    },
    tx,
  )
  return kase.id
}

/** Names of the fields that carry a value: the audit log says what was recorded, never the values. */
function filledFields(input: NewCaseInput): string[] {
  return (Object.keys(input) as NewCaseField[]).filter((field) => {
    const value = input[field]
    if (field === 'counsellorId' || field === 'openedOn') return false
    return Array.isArray(value) ? value.length > 0 : value !== undefined && value !== null
  })
}

async function checkNewCase(actor: Actor, input: NewCaseInput, now: Date) {
  const errors: Partial<Record<NewCaseField, string[]>> = {}
  const add = (field: NewCaseField, message: string) => {
    errors[field] = [...(errors[field] ?? []), message]
  }
  const year = Number(officeDay(now).slice(0, 4))
  if (!Number.isInteger(input.birthYear) || input.birthYear < 1900 || input.birthYear > year)
    add('birthYear', 'cases:errors.birthYear')
  if (input.nationality !== undefined && !isCountryCode(input.nationality))
    add('nationality', 'cases:errors.country')
  if (input.countryOfOrigin !== undefined && !isCountryCode(input.countryOfOrigin))
    add('countryOfOrigin', 'cases:errors.country')
  if (input.languages.some((code) => !isLanguageCode(code))) add('languages', UNKNOWN_LANGUAGE_ERROR)
  if (input.privacyInfoLanguage !== undefined && !isLanguageCode(input.privacyInfoLanguage))
    add('privacyInfoLanguage', 'cases:errors.language')
  if (input.arrivalMonth !== undefined && input.arrivalMonth > monthOf(now))
    add('arrivalMonth', 'cases:errors.arrivalFuture')
  // Calendar days compare with the office's today, never with the instant (decision 029).
  if (dayOf(input.residenceStatusSince) > officeDay(now)) add('residenceStatusSince', 'cases:errors.dateFuture')
  for (const error of openingErrors(input.openedOn, input.birthYear, now)) add('openedOn', error)
  if (input.privacyInfoGivenAt !== undefined) {
    const given = parseDay(input.privacyInfoGivenAt)
    if (!given) add('privacyInfoGivenAt', 'cases:errors.date')
    else if (input.privacyInfoGivenAt > officeDay(now)) add('privacyInfoGivenAt', 'cases:errors.dateFuture')
  }

  const catalogueChecks: Array<[NewCaseField, Catalogue, number | undefined]> = [
    ['residenceStatusId', 'RESIDENCE_STATUS', input.residenceStatusId],
    ['districtId', 'PLACE', input.districtId],
    ['legalBasisId', 'LEGAL_BASIS', input.legalBasisId],
  ]
  const ids = catalogueChecks.map(([, , id]) => id).filter((id): id is number => id !== undefined)
  const entries = await prisma.catalogueEntry.findMany({
    where: { id: { in: ids }, active: true },
    select: { id: true, catalogue: true },
  })
  for (const [field, catalogue, id] of catalogueChecks) {
    if (id !== undefined && !entries.some((entry) => entry.id === id && entry.catalogue === catalogue))
      add(field, 'cases:errors.catalogue')
  }

  if (actor.role === 'TEAM_LEAD' && input.counsellorId) {
    const counsellor = await prisma.user.findFirst({
      where: { id: input.counsellorId, ...assignableWhere(actor.teamId) },
      select: { id: true },
    })
    if (!counsellor) add('counsellorId', 'cases:errors.counsellor')
  }
  if (actor.role === 'COUNSELLOR' && input.counsellorId && input.counsellorId !== actor.id)
    add('counsellorId', 'cases:errors.counsellor')
  return errors
}

/** The opening day: a real calendar day, not after today (office time), not before the year of birth. */
export function openingErrors(openedOn: string | undefined, birthYear: number, now: Date): string[] {
  if (openedOn === undefined) return []
  if (!parseDay(openedOn)) return ['cases:errors.date']
  if (openedOn > officeDay(now)) return ['clients:errors.openedFuture']
  if (Number(openedOn.slice(0, 4)) < birthYear) return ['clients:errors.openedBeforeBirth']
  return []
}

/** The office's month of an instant (YYYY-MM), not the server's. */
function monthOf(date: Date) {
  return officeDay(date).slice(0, 7)
}

// ---------------------------------------------------------------- case list

/** What the search box made of `q`, shown to the user so the search explains itself. */
export type CodeSearch =
  | { kind: 'none' }
  /** `mergedInto`: the code was merged into this client's code (issue 14), the search follows it */
  | { kind: 'exact'; code: string; mergedInto?: string }
  | { kind: 'prefix'; prefix: string }
  /** a complete code whose check symbol is wrong; `didYouMean` are visible cases one typo away */
  | { kind: 'wrong-check'; code: string; didYouMean: Array<{ code: string; caseId: string }> }
  | { kind: 'invalid' }

export function interpretCodeQuery(q: string | undefined): CodeSearch {
  if (!q) return { kind: 'none' }
  const symbols = normalizeSymbols(q)
  if (!symbols || symbols.length > CODE_SYMBOLS) return { kind: 'invalid' }
  if (symbols.length < CODE_SYMBOLS) return { kind: 'prefix', prefix: formatSymbols(symbols) }
  const validation = validateCode(symbols)
  if (validation.status === 'ok') return { kind: 'exact', code: validation.code }
  if (validation.status === 'wrong-check')
    return { kind: 'wrong-check', code: validation.code, didYouMean: [] }
  return { kind: 'invalid' }
}

/** Up to this many clients matching a code prefix are looked up first (see codeCondition). */
const PREFIX_LOOKUP_LIMIT = 2000

/**
 * The code filter, driven from the unique index on Client.pseudonymCode: the matching clients are
 * looked up first and the cases filtered by clientId. (A relation filter would make SQLite walk
 * every case of the team and join its client.) Codes consist of digits, capitals and dashes, all
 * below '~' in code-point order, so a prefix is the index range [prefix, prefix + '~'); a LIKE
 * 'prefix%' would not use the index (SQLite's LIKE is case-insensitive). Only a very short prefix
 * matches more clients than the lookup takes; it falls back to the relation filter.
 * `small` says the result is small enough to sort in memory (see listCases).
 */
async function codeCondition(
  search: CodeSearch,
): Promise<{ where: Prisma.CaseWhereInput; small: boolean; clientIds?: string[]; range?: CodeRange } | null> {
  if (search.kind === 'none') return null
  if (search.kind === 'invalid') return { where: { id: { in: [] } }, small: true, clientIds: [] }
  const range = search.kind === 'prefix' ? { gte: search.prefix, lt: `${search.prefix}~` } : { gte: search.code, lt: `${search.code}~` }
  const pseudonymCode = search.kind === 'prefix' ? range : search.code
  // Straight from the connection (decision 067), in the unique index's order as the ORM read them.
  // The code's range stays a plain `?` (unlike the list's other values, decision 146's appendix): the
  // planner weighs the prefix's range by its value, and a page with a code search is not the daily list.
  const clients =
    search.kind === 'prefix'
      ? await readRows<Array<{ id: string }>>`
          SELECT "id" FROM "Client" WHERE "pseudonymCode" >= ${range.gte} AND "pseudonymCode" < ${range.lt}
          ORDER BY "pseudonymCode" ASC LIMIT ${PREFIX_LOOKUP_LIMIT + 1}`
      : await readRows<Array<{ id: string }>>`SELECT "id" FROM "Client" WHERE "pseudonymCode" = ${search.code}`
  if (search.kind === 'exact' && clients.length === 0) {
    // A merged code resolves to the client it was merged into (issue 14, decision 027).
    const [alias] = await readRows<Array<{ id: string; pseudonymCode: string }>>`
      SELECT cl."id", cl."pseudonymCode" FROM "ClientCodeAlias" a JOIN "Client" cl ON cl."id" = a."clientId"
      WHERE a."pseudonymCode" = ${search.code}`
    if (alias) {
      search.mergedInto = alias.pseudonymCode
      return { where: { clientId: alias.id }, small: true, clientIds: [alias.id] }
    }
  }
  if (clients.length > PREFIX_LOOKUP_LIMIT) return { where: { client: { pseudonymCode } }, small: false, range }
  const clientIds = clients.map((client) => client.id)
  return { where: { clientId: { in: clientIds } }, small: true, clientIds }
}

/** As SQLite gives the row (readRows): a DateTime in its stored text form. */
/** A case of the list's page as read (readRowArrays, decision 197): the statement's columns in its order. */
type CaseListRow$ = [
  id: string,
  status: string,
  programme: string,
  kind: string,
  openedAt: string,
  lastContactAt: string | null,
  pseudonymCode: string,
  counsellorName: string | null,
  nextFollowUp: string | null,
]

/**
 * The shown columns of a page of cases (at most one page of ids, already filtered and ordered):
 * one statement instead of the ORM's query per relation (client, counsellor, next follow-up). The
 * client's code is the case's copy (`clientCode`, kept by triggers, decision 045: no look-up of the
 * client, whose rows are large). The next follow-up is the case's earliest open due date as kept by the FollowUp triggers
 * (`openFollowUpDue`, decision 049): the same MIN over the open follow-ups, without a look-up per row.
 */
async function caseListRows(ids: string[]) {
  if (ids.length === 0) return []
  // Straight from the connection (decision 067), as every statement of the list below: through
  // `$queryRaw` each paid the ORM's pipeline and its garbage (issue 19, session 13).
  // Each row as an array (decision 197): 0.13 → 0.09 ms of the statement for the page of 25.
  const rows = await readRowArrays<CaseListRow$[]>`
    SELECT c."id", c."status", c."programme", c."kind", c."openedAt", c."lastContactAt", c."clientCode" AS "pseudonymCode",
      u."displayName" AS counsellorName, c."openFollowUpDue" AS nextFollowUp
    FROM "Case" c LEFT JOIN "User" u ON u."id" = c."counsellorId"
    WHERE c."id" IN (${Prisma.join(ids, ', +', '+')})`
  const byId = new Map(rows.map((row) => [row[0], row]))
  return ids.map((id) => byId.get(id)).filter((row) => row !== undefined)
}

type SortKeys = { id: string; openedAt: Date; lastContactAt: Date | null; client: { pseudonymCode: string } }

/** The same orders as ORDER BY clauses of the raw list query (`c` the case, `cl` its client). */
const sqlSorts: Record<CaseListQuery['sort'], Prisma.Sql> = {
  'opened-desc': Prisma.sql`ORDER BY c."openedAt" DESC, c."id" DESC`,
  'opened-asc': Prisma.sql`ORDER BY c."openedAt" ASC, c."id" ASC`,
  // SQLite sorts NULL lowest, so never-contacted cases come last in descending order.
  'last-contact': Prisma.sql`ORDER BY c."lastContactAt" DESC, c."id" ASC`,
  // The case's copy of its client's code (kept by triggers, decision 045): no join to sort.
  code: Prisma.sql`ORDER BY c."clientCode" ASC, c."id" ASC`,
}

/**
 * Whether a page of the list sorted by code is read by walking the team's cases in code order (the
 * index (teamId, clientCode, id); each case's row read only when another filter needs it) rather
 * than sorting every matching case. The walk reads about (skip + page) × the team's cases ÷ matches
 * cases before the page is full; the sort reads every match. A team lead's unfiltered list: the walk
 * reads skip + page index entries and no row (page 40 of 39,000 cases: ≈ 2,000 entries instead of
 * ≈ 5,100 clients with a look-up each, decision 045); a counsellor's 300 cases, or the last pages of
 * a narrow filter: the sort. The team's case count is kept by triggers (TeamCaseCount).
 */
async function codeOrderFromIndex(teamId: string, matches: number, skip: number) {
  if (matches === 0) return false
  return ((skip + CASE_LIST_PAGE_SIZE) * (await teamCaseCount(teamId))) / matches < matches
}

/**
 * What a gathered page (gatheredPage) costs per matching case, in cases the walk reads: on the bench
 * file a gathered match ≈ 1–3 µs (its index entry, its row by rowid, its place in the sort), a case
 * the walk reads ≈ 0.7–1 µs (session 28, decision 221).
 */
const GATHERED_MATCH_COST = 2.5

/**
 * Whether a counsellor's page is cheaper gathered than walked. The walk (the team's cases in the
 * list's order, each case's row read to test the need-to-know filter, stopping when the page is full)
 * reads about (skip + page) × the team's cases ÷ matches cases: the first pages of a counsellor's
 * list cost next to nothing (their open cases are the newest), a deep page reads most of the team
 * (page 40 of the bench counsellor's open cases: ≈ 39,000 rows, 27 ms of SQLite). The gathered page
 * reads every match, whatever the page. The team's case count is kept by triggers (TeamCaseCount).
 */
async function gatherCheaper(teamId: string, matches: number, skip: number) {
  if (matches === 0) return false
  return ((skip + CASE_LIST_PAGE_SIZE) * (await teamCaseCount(teamId))) / matches > GATHERED_MATCH_COST * matches
}

/**
 * A page of a counsellor's list when the walk of the team's cases in the list's order is not the cheap way
 * (decision 221). "Overdue": the team's overdue cases, a range of (teamId, openFollowUpDue) — 641 in the bench's
 * biggest team — each row read and tested, then sorted: ≈ 0.4 ms on every page and in every order, where the walk
 * read the team's index entries to the page and, ordered by last contact or by code, every row (up to 170 ms).
 * Otherwise, when every filter is one the index entries answer (`gatherable`) and the walk would read more than
 * the matches cost: the gathered page. Else the walk.
 */
async function counsellorPage(
  visible: VisibleCasesSql & { kind: 'team' },
  counsellorIds: string[],
  query: CaseListQuery,
  { filter, countFilter, byCaseColumns, gatherable }: { filter: Prisma.Sql; countFilter: Prisma.Sql; byCaseColumns: boolean; gatherable: boolean },
  matches: number,
  skip: number,
) {
  if (query.overdue)
    return readRows<Array<{ id: string }>>`
      SELECT c."id" FROM "Case" c INDEXED BY "Case_teamId_openFollowUpDue_idx" WHERE ${filter} ${sqlSorts[query.sort]} ${PAGE_LIMIT} OFFSET +${skip}`
  if (gatherable && (query.sort === 'code' || (await gatherCheaper(visible.teamId, matches, skip))))
    return gatheredPage(visible, counsellorIds, countFilter, byCaseColumns, query.sort, skip)
  return readRows<Array<{ id: string }>>`
    SELECT c."id" FROM "Case" c WHERE ${filter} ${sqlSorts[query.sort]} ${PAGE_LIMIT} OFFSET +${skip}`
}

/**
 * A page of a counsellor's list read from their matching cases alone (decision 221): the two disjoint
 * parts of the need-to-know filter as countCases counts them — the own cases (and those of the
 * colleagues they stand in for) from (teamId, counsellorId, …), the shared cases of anyone else from
 * (teamId, sharedForSubstitution, …), each with the list's filters (`filter`, without the need-to-know
 * filter) — as rowids, then each match's row by its rowid for the sort. The same cases in the same
 * order as the walk (`filter` and the need-to-know filter select the same cases; the order is
 * total). It costs what the matches cost on every page: ≈ 1 ms for the bench counsellor's 987 open
 * cases, where the walk's page 40 read ≈ 39,000 rows.
 */
async function gatheredPage(
  visible: VisibleCasesSql & { kind: 'team' },
  counsellorIds: string[],
  filter: Prisma.Sql,
  byCaseColumns: boolean,
  sort: CaseListQuery['sort'],
  skip: number,
) {
  const team = Prisma.sql`c."teamId" = +${visible.teamId}`
  const ids = Prisma.join(counsellorIds, ', +', '+')
  return readRows<Array<{ id: string }>>`
    SELECT c."id" FROM (
      SELECT c.rowid AS "r" FROM "Case" c WHERE ${team} AND c."counsellorId" IN (${ids}) AND ${filter}
      UNION ALL
      SELECT c.rowid FROM ${byCaseColumns ? SHARED_BY_CASE_COLUMNS : CASE_TABLE}
      WHERE ${team} AND c."sharedForSubstitution" = 1 AND (c."counsellorId" IS NULL OR c."counsellorId" NOT IN (${ids})) AND ${filter}
    ) p CROSS JOIN "Case" c ON c.rowid = p."r"
    ${sqlSorts[sort]} ${PAGE_LIMIT} OFFSET +${skip}`
}

/**
 * The list counts at most this many cases when a topic is chosen. Whether a case has a contact on
 * the topic is one index look-up per case, and the most frequent topic matches ≈ 17,000 of the
 * largest team's 39,000 cases: counting them all took ≈ 120 ms of SQLite per view, for a number
 * nobody reads exactly ("more than 1,000 cases" says the same). The pages go on while cases remain
 * (decision 049). Every other filter is counted exactly: their counts are index ranges.
 */
export const CASE_LIST_COUNT_CAP = 1000

/**
 * The list's filters as SQL conditions on `c`, exactly those of the ORM filter in listCases (the
 * tests of listCases run through both paths), for the count and the page of ids: one statement
 * each instead of the ORM's grouped count and sub-selects.
 *
 * "Overdue" reads the case's earliest open due date, kept by triggers on FollowUp (migration
 * 20261205030926_case_open_follow_up_due): "an open follow-up due before now" is exactly
 * `openFollowUpDue < now`, and the team lead's count is a range of the index (teamId,
 * openFollowUpDue) instead of a follow-up look-up for each of the team's ≈ 39,000 cases (≈ 55 ms).
 */
/**
 * "Not closed" is written two ways for the same set of cases. The count names the other statuses
 * (`IN`): each is one range of an index that starts with the team and the status, so counting the
 * team's ≈ 1,000 open case-management cases reads those entries (0.5 ms) instead of the team's
 * ≈ 39,000 (14–20 ms, issue 19, session 10). The page keeps `<>`: SQLite then walks the team's cases
 * newest first and stops after the page, where an `IN` would make it collect and sort every match.
 * With a counsellor filter the page names the statuses too: SQLite then reads that counsellor's cases
 * from the index (teamId, counsellorId, status, openedAt, id) and sorts them either way, and the `IN`
 * makes that three ranges of the open cases instead of all of them, the closed ones included: the
 * bench's busiest counsellor's 272 open cases instead of 2,110, with their rows where the counsellor's
 * need-to-know filter asks whether a case is shared (0.38 → 0.13 ms of SQLite, session 25).
 */
// The page's limit written into the SQL (a constant the code fixes). A bound `?` was compiled anew at
// every run (decision 146) without the planner ever using it: better-sqlite3 binds a JS number as REAL,
// which SQLite does not take as a limit. The literal gives the planner a limit it never had; the plans
// of old and new SQL were compared on the bench file with and without statistics: the same (session 21).
const PAGE_LIMIT = Prisma.raw(`LIMIT ${CASE_LIST_PAGE_SIZE + 1}`)

const NOT_CLOSED_SQL = {
  count: Prisma.sql`c."status" IN (${Prisma.join(CASE_STATUSES.filter((status) => status !== 'CLOSED'))})`,
  page: Prisma.sql`c."status" <> 'CLOSED'`,
}

function listConditionsSql(
  actor: Actor,
  query: CaseListQuery,
  /** null: without the need-to-know filter (countCases adds it) */
  visible: Prisma.Sql | null,
  code: CodeRange | null,
  now: Date,
  purpose: 'count' | 'page',
) {
  // The filters' values stay plain `?` (decision 146's appendix): status, kind, programme, counsellor,
  // topic and due date are skewed, and with STAT4 the planner picks its index by the value (a rare
  // status by the status index, a common one by the team's). The statement of a filtered list is
  // then compiled at every run; the plain list (the team alone, `+?`) is compiled once.
  const conditions: Prisma.Sql[] = [visible ?? Prisma.sql`1`]
  if (code) conditions.push(Prisma.sql`c."clientId" IN (SELECT "id" FROM "Client" WHERE "pseudonymCode" >= ${code.gte} AND "pseudonymCode" < ${code.lt})`)
  if (query.status === 'NOT_CLOSED') conditions.push(NOT_CLOSED_SQL[query.counsellor ? 'count' : purpose])
  else if (query.status) conditions.push(Prisma.sql`c."status" = ${query.status}`)
  if (query.kind) conditions.push(Prisma.sql`c."kind" = ${query.kind}`)
  if (query.programme) conditions.push(Prisma.sql`c."programme" = ${query.programme}`)
  if (query.team) conditions.push(Prisma.sql`c."teamId" = ${query.team}`)
  if (query.counsellor === 'me') conditions.push(Prisma.sql`c."counsellorId" = ${actor.id}`)
  else if (query.counsellor === 'none') conditions.push(Prisma.sql`c."counsellorId" IS NULL`)
  else if (query.counsellor) conditions.push(Prisma.sql`c."counsellorId" = ${query.counsellor}`)
  if (query.topic)
    conditions.push(
      Prisma.sql`EXISTS (SELECT 1 FROM "ContactTopic" t WHERE t."caseId" = c."id" AND t."topicId" = ${query.topic})`,
    )
  if (query.overdue) conditions.push(Prisma.sql`c."openFollowUpDue" < ${now}`)
  return Prisma.join(conditions, ' AND ')
}

/**
 * The number of cases matching the filter, at most CASE_LIST_COUNT_CAP + 1 when `capped` (then the
 * statement stops after that many). `filter` holds every condition but the need-to-know filter,
 * which comes as `visible`.
 *
 * A counsellor's filter "own cases (and those of the colleagues they stand in for) or shared" is
 * counted as two disjoint parts added up: the own cases, then the shared cases of anyone else (or
 * of no one). As one `OR` SQLite collected the matches of two indexes and read each matching case's
 * row to count it once — ≈ 7,400 rows for the bench's busiest counsellor, scattered over the file,
 * the reason their list cost more than the team lead's 38,700 cases counted from TeamCaseCount
 * (issue 19, session 13). Each part alone is a range of one index, without the rows when no other
 * filter needs them: (teamId, counsellorId, …) and (teamId, sharedForSubstitution, counsellorId).
 * The same number: a case is in the first part exactly when its counsellor is one of them, in the
 * second exactly when it is shared and its counsellor is not (NULL included). Capped, each part
 * stops after the cap and the sum is capped again: min(cap + 1, a + b), as the single count gives.
 *
 * Without any filter (a counsellor's plain list, `unfiltered`) the second part is the team's shared
 * cases less those of the counsellors: both ranges of (teamId, sharedForSubstitution, counsellorId)
 * without a condition to test on each entry. The same number: a shared case whose counsellor is one
 * of them is in the second range, one without a counsellor is not (`IN` is not true for NULL). For
 * the bench's busiest counsellor 5,711 shared entries less 311 instead of 5,711 entries each tested
 * against `IS NULL OR NOT IN`: 0.59 → 0.27 ms of SQLite (session 27, decision 207). With a filter
 * the subtraction costs more than it saves (the filter is tested on both ranges' rows): not used.
 *
 * Filtered by status, kind or programme alone (`byCaseColumns`), the shared part reads the index
 * (teamId, sharedForSubstitution, status, kind, programme, counsellorId), named: the status is a range
 * of it, kind, programme and counsellor are tested on its entries, no case's row is read. Left to
 * itself SQLite takes (teamId, status, programme, …) for a status and a programme (its estimate of
 * that range is smaller) and reads the row of each of the team's matching cases for the sharing: the
 * bench's closed refugee cases 18 ms, 0.7 ms from the named index (decision 212). The own part needs
 * no name: (teamId, counsellorId, status, openedAt, id, kind, programme) holds every column it tests.
 */
async function countCases(
  visible: VisibleCasesSql & { kind: 'team' },
  filter: Prisma.Sql,
  capped: boolean,
  unfiltered: boolean,
  byCaseColumns: boolean,
) {
  // The cap is written into the SQL (a constant the code fixes; see PAGE_LIMIT), the team and the
  // counsellors bound as `+?`: no value the planner reads is bound (decision 146's appendix).
  const limit = capped ? Prisma.sql`LIMIT ${Prisma.raw(String(CASE_LIST_COUNT_CAP + 1))}` : Prisma.empty
  const part = (condition: Prisma.Sql, from: Prisma.Sql = CASE_TABLE) =>
    Prisma.sql`(SELECT COUNT(*) FROM (SELECT 1 FROM ${from} WHERE ${condition} AND ${filter} ${limit}))`
  const team = Prisma.sql`c."teamId" = +${visible.teamId}`
  const ids = visible.counsellorIds
  const own = (list: string[]) => Prisma.sql`c."counsellorId" IN (${Prisma.join(list, ', +', '+')})`
  const [count] =
    ids === null
      ? await readRows<Array<{ n: bigint | number }>>`SELECT ${part(team)} AS n`
      : unfiltered && !capped
        ? await readRows<Array<{ n: bigint | number }>>`
          SELECT ${part(Prisma.sql`${team} AND ${own(ids)}`)}
            + ${part(Prisma.sql`${team} AND c."sharedForSubstitution" = 1`)}
            - ${part(Prisma.sql`${team} AND c."sharedForSubstitution" = 1 AND ${own(ids)}`)} AS n`
        : await readRows<Array<{ n: bigint | number }>>`
          SELECT ${part(Prisma.sql`${team} AND ${own(ids)}`)}
            + ${part(
              Prisma.sql`${team} AND c."sharedForSubstitution" = 1 AND (c."counsellorId" IS NULL OR c."counsellorId" NOT IN (${Prisma.join(ids, ', +', '+')}))`,
              byCaseColumns ? SHARED_BY_CASE_COLUMNS : CASE_TABLE,
            )} AS n`
  const n = Number(count?.n ?? 0)
  return capped ? Math.min(n, CASE_LIST_COUNT_CAP + 1) : n
}

const CASE_TABLE = Prisma.sql`"Case" c`
const SHARED_BY_CASE_COLUMNS = Prisma.sql`"Case" c INDEXED BY "Case_teamId_sharedForSubstitution_status_kind_programme_counsellorId_idx"`

/**
 * How many of the team's cases have a contact on the topic, at most CASE_LIST_COUNT_CAP + 1: one
 * range of the index (caseTeamId, topicId, caseId) on the contact topics' copy of their case's team
 * (kept by triggers, decision 045), read in case order so that each case counts once. The same
 * number as countCases with the team and topic filter, which looks up each of the team's cases.
 */
async function teamTopicCount(teamId: string, topicId: number) {
  const [row] = await readRows<Array<{ n: bigint | number }>>`
    SELECT COUNT(*) AS n FROM (SELECT DISTINCT "caseId" FROM "ContactTopic" WHERE "caseTeamId" = ${teamId} AND "topicId" = ${topicId} LIMIT ${CASE_LIST_COUNT_CAP + 1})`
  return Number(row?.n ?? 0)
}

/** How many cases the team holds (TeamCaseCount, kept by triggers on Case: insert, delete, change of team). */
async function teamCaseCount(teamId: string) {
  const [row] = await readRows<Array<{ n: bigint | number }>>`SELECT "n" FROM "TeamCaseCount" WHERE "teamId" = ${teamId}`
  return Number(row?.n ?? 0)
}

type CodeRange = { gte: string; lt: string }

/** The same orders in memory, for the few matches of a code search; the id makes every order total. */
const sorts: Record<
  CaseListQuery['sort'],
  { compare: (a: SortKeys, b: SortKeys) => number }
> = {
  'opened-desc': {
    compare: (a, b) => b.openedAt.getTime() - a.openedAt.getTime() || (a.id < b.id ? 1 : -1),
  },
  'opened-asc': {
    compare: (a, b) => a.openedAt.getTime() - b.openedAt.getTime() || (a.id < b.id ? -1 : 1),
  },
  // SQLite sorts NULL lowest, so never-contacted cases come last in descending order.
  'last-contact': {
    compare: (a, b) =>
      (b.lastContactAt?.getTime() ?? -Infinity) - (a.lastContactAt?.getTime() ?? -Infinity) ||
      (a.id < b.id ? -1 : 1),
  },
  code: {
    compare: (a, b) =>
      a.client.pseudonymCode < b.client.pseudonymCode
        ? -1
        : a.client.pseudonymCode > b.client.pseudonymCode
          ? 1
          : a.id < b.id
            ? -1
            : 1,
  },
}

export async function listCases(actor: Actor, query: CaseListQuery, now: Date = new Date()) {
  const visible = await visibleCasesWhere(actor)
  const search = interpretCodeQuery(query.q)
  const conditions: Prisma.CaseWhereInput[] = [visible]
  const code = await codeCondition(search)
  if (code) conditions.push(code.where)
  if (query.status === 'NOT_CLOSED') conditions.push({ status: { not: 'CLOSED' } })
  else if (query.status) conditions.push({ status: query.status })
  if (query.kind) conditions.push({ kind: query.kind })
  if (query.programme) conditions.push({ programme: query.programme })
  if (query.team) conditions.push({ teamId: query.team })
  if (query.counsellor === 'me') conditions.push({ counsellorId: actor.id })
  else if (query.counsellor === 'none') conditions.push({ counsellorId: null })
  else if (query.counsellor) conditions.push({ counsellorId: query.counsellor })
  if (query.topic) conditions.push({ contacts: { some: { topics: { some: { topicId: query.topic } } } } })
  if (query.overdue) conditions.push({ followUps: { some: { doneAt: null, dueDate: { lt: now } } } })
  const sort = sorts[query.sort]
  const skip = (query.page - 1) * CASE_LIST_PAGE_SIZE

  // A capped count reads no further than the cap; one row beyond the page tells whether a next
  // page exists.
  const capCount = Boolean(query.topic)
  let total: number
  let pageIds: string[]
  const visibleSql = visibleCasesSql(visible)
  if (code?.small) {
    // A code search finds a handful of cases. Without an ORDER BY, SQLite starts from the clientId
    // index; with one, lacking statistics, it would walk the team's cases in date order instead.
    // The client's code is the case's copy (decision 045), as in the sort by code.
    const clientIds = code.clientIds ?? []
    const candidates: SortKeys[] =
      visibleSql.kind === 'none' || clientIds.length === 0
        ? []
        : (
            await readRows<Array<{ id: string; openedAt: string; lastContactAt: string | null; clientCode: string }>>`
              SELECT c."id", c."openedAt", c."lastContactAt", c."clientCode" FROM "Case" c
              WHERE c."clientId" IN (${Prisma.join(clientIds)}) AND ${listConditionsSql(actor, query, visibleSql.sql, null, now, 'page')}`
          ).map((row) => ({
            id: row.id,
            openedAt: new Date(row.openedAt),
            lastContactAt: row.lastContactAt === null ? null : new Date(row.lastContactAt),
            client: { pseudonymCode: row.clientCode },
          }))
    total = candidates.length
    pageIds = candidates
      .sort(sort.compare)
      .slice(skip, skip + CASE_LIST_PAGE_SIZE + 1)
      .map((row) => row.id)
  } else {
    if (visibleSql.kind === 'none') {
      total = 0
      pageIds = []
    } else {
      const filter = listConditionsSql(actor, query, visibleSql.sql, code?.range ?? null, now, 'page')
      const countFilter = listConditionsSql(actor, query, null, code?.range ?? null, now, 'count')
      // Only status, kind and programme chosen (decision 212): the columns of the shared cases' index.
      const byCaseColumns =
        conditions.length > 1 && conditions.length === 1 + Number(Boolean(query.status)) + Number(Boolean(query.kind)) + Number(Boolean(query.programme))
      // Filters whose every condition the two parts of a counsellor's need-to-know filter test on index entries or on
      // the row they read anyway (decision 221): no topic, no overdue, no code range. Nor a counsellor filter: the page
      // then reads that person's cases from (teamId, counsellorId, status, openedAt, id), bounded on every page, where
      // gathering would add a range of the team's shared cases (`/cases?counsellor=me&status=NOT_CLOSED` +1.3 ms a view
      // gathered, the full bench of session 28).
      const gatherable = !query.topic && !query.overdue && !code?.range && !query.counsellor
      // The whole team without any filter (a team lead's plain list, every sort): the team's case
      // count kept by triggers instead of counting its ≈ 39,000 cases on every view. The whole team
      // with a topic alone: the count from the topics' copy of their case's team.
      const count = () =>
        visibleSql.wholeTeam && conditions.length === 1
          ? teamCaseCount(visibleSql.teamId)
          : visibleSql.wholeTeam && conditions.length === 2 && query.topic
            ? teamTopicCount(visibleSql.teamId, query.topic)
            : countCases(visibleSql, countFilter, capCount, conditions.length === 1, byCaseColumns)
      if (query.sort === 'code') {
        total = await count()
        // A capped count is a lower bound of the matches: the choice then leans to the sort, which
        // is exact either way.
        // The walk names its index: with a filter on status or programme SQLite would otherwise
        // take that filter's index and sort, whatever the page.
        const fromIndex = await codeOrderFromIndex(visibleSql.teamId, total, skip)
        // A counsellor's sort reads their matches first where it can (see counsellorPage).
        const page =
          !fromIndex && visibleSql.counsellorIds !== null
            ? await counsellorPage(visibleSql, visibleSql.counsellorIds, query, { filter, countFilter, byCaseColumns, gatherable }, total, skip)
            : await readRows<Array<{ id: string }>>`
          SELECT c."id" FROM ${fromIndex ? Prisma.sql`"Case" c INDEXED BY "Case_teamId_clientCode_id_idx"` : CASE_TABLE} WHERE ${filter} ${sqlSorts.code} ${PAGE_LIMIT} OFFSET +${skip}`
        pageIds = page.map((row) => row.id)
      } else if (visibleSql.counsellorIds !== null) {
        // A counsellor's list (decision 221): the count first, then the page read the cheaper way.
        total = await count()
        const page = await counsellorPage(visibleSql, visibleSql.counsellorIds, query, { filter, countFilter, byCaseColumns, gatherable }, total, skip)
        pageIds = page.map((row) => row.id)
      } else {
        const [counted, page] = await Promise.all([
          count(),
          readRows<Array<{ id: string }>>`
            SELECT c."id" FROM "Case" c WHERE ${filter} ${sqlSorts[query.sort]} ${PAGE_LIMIT} OFFSET +${skip}`,
        ])
        total = counted
        pageIds = page.map((row) => row.id)
      }
    }
  }
  const more = pageIds.length > CASE_LIST_PAGE_SIZE
  const capped = capCount && total > CASE_LIST_COUNT_CAP
  if (capped) total = CASE_LIST_COUNT_CAP
  const rows = await caseListRows(pageIds.slice(0, CASE_LIST_PAGE_SIZE))

  if (search.kind === 'wrong-check') search.didYouMean = await existingSuggestions(visible, search.code)
  // The kept code is named only when the actor sees one of its cases.
  if (search.kind === 'exact' && search.mergedInto && total === 0) delete search.mergedInto

  return {
    /** with `capped`, a lower bound: more than this many cases match */
    total,
    capped,
    /** whether a next page has cases (beyond `pages` when the count is capped) */
    more,
    page: query.page,
    pages: Math.max(1, Math.ceil(total / CASE_LIST_PAGE_SIZE)),
    search,
    cases: rows.map(([id, status, programme, kind, openedAt, lastContactAt, pseudonymCode, counsellorName, nextFollowUp]) => ({
      id,
      pseudonymCode,
      status,
      programme,
      kind,
      counsellorName,
      // the stored text rewritten as the ISO string where Date reads it as written (timeline.server.ts);
      // through Date every value cost about 0.07 ms a page of 25 cases (session 25)
      openedAt: isoOfStored(openedAt),
      lastContactAt: lastContactAt === null ? null : isoOfStored(lastContactAt),
      nextFollowUp: nextFollowUp === null ? null : isoOfStored(nextFollowUp),
      followUpOverdue: nextFollowUp === null ? false : new Date(nextFollowUp) < now,
    })),
  }
}

export type CaseListRow = Awaited<ReturnType<typeof listCases>>['cases'][number]

/** Of the codes one typo away, those the actor can actually open (at most three). */
async function existingSuggestions(visible: Prisma.CaseWhereInput, code: string) {
  const validation = validateCode(code)
  if (validation.status !== 'wrong-check') return []
  const found = await prisma.case.findMany({
    where: { AND: [visible, { client: { pseudonymCode: { in: validation.suggestions } } }] },
    select: { id: true, client: { select: { pseudonymCode: true } } },
    take: 10,
  })
  const rank = (candidate: string) => validation.suggestions.indexOf(candidate)
  return found
    .map((row) => ({ code: row.client.pseudonymCode, caseId: row.id }))
    .sort((a, b) => rank(a.code) - rank(b.code))
    .slice(0, 3)
}

/** How a person the case list filters by stands to the team, beyond the people who may receive its cases (decision 247). */
export type FormerHolder = 'deactivated' | 'elsewhere'

/**
 * Filter choices for the list: counsellors of the actor's team, topics of the catalogue. Only a team
 * lead chooses among the team's counsellors (a counsellor's list offers "mine" and "unassigned"):
 * for anyone else the counsellors are neither read nor sent to the page. A lead is offered the people
 * who may receive the team's cases (decision 241) and, after them, everyone else who holds one of the
 * team's cases, of any status (decision 247): a colleague deactivated or moved away keeps their closed
 * cases, and the lead looks for those too. `former` says why such a person may no longer receive one.
 */
export async function caseListFilterOptions(actor: Actor, language: string) {
  // One statement for both lists (every view of the case list shows them), straight from the
  // connection (decision 067). A lead's team's case holders: the rule, or a case of the team held
  // (a seek in Case(teamId, counsellorId, ...) per person the rule refuses).
  const counsellors =
    actor.role === 'TEAM_LEAD'
      ? Prisma.sql`SELECT 'counsellor' AS list, u."id", u."displayName" AS labelDe, u."displayName" AS labelEn,
            CASE WHEN ${assignableSql(actor.teamId, 'u')} THEN 0 WHEN u."active" = 0 THEN 1 ELSE 2 END AS k1, u."displayName" AS k2
          FROM "User" u
          WHERE ${assignableSql(actor.teamId, 'u')} OR EXISTS (SELECT 1 FROM "Case" c WHERE c."teamId" = +${actor.teamId} AND c."counsellorId" = u."id")
        UNION ALL`
      : Prisma.empty
  // Each row as an array (decision 197): 0.14 → 0.09 ms for a lead's 28 counsellors and 16 topics.
  const rows = await readRowArrays<Array<[list: 'counsellor' | 'topic', id: string, labelDe: string, labelEn: string, k1: number | bigint]>>`
    ${counsellors}
    SELECT 'topic' AS list, CAST("id" AS TEXT) AS "id", "labelDe", "labelEn", "sortOrder" AS k1, "id" AS k2 FROM "CatalogueEntry" WHERE "catalogue" = 'TOPIC'
    ORDER BY 1, 5, 6`
  const counsellorChoices: Array<{ value: string; label: string; former?: FormerHolder }> = []
  const topics: Array<{ value: string; label: string }> = []
  for (const [list, id, labelDe, labelEn, k1] of rows) {
    if (list === 'topic') topics.push({ value: String(id), label: catalogueLabel({ labelDe, labelEn }, language) })
    else if (Number(k1) === 0) counsellorChoices.push({ value: id, label: labelDe })
    else counsellorChoices.push({ value: id, label: labelDe, former: Number(k1) === 1 ? 'deactivated' : 'elsewhere' })
  }
  return { counsellors: counsellorChoices, topics }
}
