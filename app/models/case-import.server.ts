// Go-live import of running cases from the CSV template (issue 14, decision 039). An administrator
// uploads a file for one team; every row is checked against the same rules as the new-case form
// (decision 028 for the opening day) and reported row by row; only a file without errors is written,
// in one transaction, with batched inserts. The row key makes a second run import nothing twice.
// The counsellors are checked against the assignment rule twice: with the rows, and again inside
// the writing transaction (decision 241, update of session 31); a file whose counsellor can no
// longer receive cases by then writes nothing and names that person's rows.
// The administrator imports but cannot read the cases afterwards: the access policy is unchanged.
import { type Actor } from '#app/domain/access-policy.ts'
import {
  IMPORT_COLUMNS,
  IMPORT_HEADERS,
  MAX_IMPORT_ROWS,
  MAX_ROW_KEY_LENGTH,
  REQUIRED_HEADERS,
  lookUp,
  normaliseLabel,
  parseImportDay,
  parseImportMonth,
  parseWholeNumber,
  parseYesNo,
  splitList,
  vocabulary,
  type ImportColumn,
  type Vocabulary,
} from '#app/domain/case-import.ts'
import { ACCESS_ROUTES, CASE_KINDS, GENDERS, GERMAN_LEVELS, PROGRAMMES, START_PLACES } from '#app/domain/codes.ts'
import { officeDay, parseDay } from '#app/domain/follow-up.ts'
import { generatePseudonymCode } from '#app/domain/pseudonym-code.ts'
import codesDe from '#app/locales/de/codes.json'
import codesEn from '#app/locales/en/codes.json'
import { assignableWhere, mayReceiveCase } from '#app/models/assignable.server.ts'
import { openingErrors, openingOf } from '#app/models/case.server.ts'
import { audit, auditMany } from '#app/utils/audit.server.ts'
import { decodeUpload, EXTRA_CELLS, readCsv, type UploadEncoding, type UploadProblem } from '#app/utils/csv-upload.server.ts'
import { prisma, type TransactionClient } from '#app/utils/db.server.ts'
import { encryptIdentity, identityKeyStatus, identityMatchHash } from '#app/utils/identity-crypto.server.ts'
import { isCountryCode, isLanguageCode } from '#app/utils/iso.server.ts'
import { turnOfEventLoop } from '#app/utils/event-loop.server.ts'

/** One problem in one row: `line` is the row's line in the file, `column` the header it concerns. */
export type RowError = { line: number; column: string | null; message: string; values?: Record<string, string | number> }

/** A checked row, ready to be written. */
type ImportRow = {
  line: number
  rowKey: string
  openedOn: string
  programme: string
  counsellorId: string | null
  /** the counsellor's e-mail address as the file writes it (for the report) */
  counsellorEmail: string
  birthYear: number
  gender: string
  nationality: string | null
  countryOfOrigin: string | null
  languages: string[]
  arrivalMonth: string | null
  districtId: number | null
  householdAdults: number
  householdChildren: number
  residenceStatusId: number
  residenceStatusSince: string
  accessRoute: string
  germanLevel: string
  startPlace: string
  kind: string
  familyMembersCounselled: number
  sharedForSubstitution: boolean
  legalBasisId: number | null
  identity: { name: string; dateOfBirth: string } | null
}

/** The one problem found only while importing: the transaction ran past its time limit and was undone. */
export type ImportProblem = UploadProblem | { kind: 'tookTooLong' }

export type ImportReport =
  | { ok: false; problem: ImportProblem }
  | {
      ok: true
      dryRun: boolean
      encoding: UploadEncoding
      rows: number
      /** rows that would be (dry run) or were imported */
      imported: number
      /** rows whose key was imported by an earlier run */
      skipped: number
      errors: RowError[]
      /** how many errors there were in all; `errors` lists the first MAX_REPORTED_ERRORS */
      errorCount: number
    }

/** A report of 10,000 broken rows helps nobody: the first ones show what is wrong with the file. */
export const MAX_REPORTED_ERRORS = 200
const BATCH = 400

/** Teams an administrator may import into: the active ones. */
export async function importTeams() {
  return prisma.team.findMany({ where: { active: true }, select: { id: true, name: true }, orderBy: { name: 'asc' } })
}

/**
 * Reads, checks and (unless `dryRun`) imports a file for a team. Nothing is written when any row has
 * an error. Audited: one event per run (counts only) and one per created case (no content).
 */
export async function importCases({
  actor,
  teamId,
  bytes,
  dryRun,
  now = new Date(),
  timeLimitMs,
}: {
  actor: Actor
  teamId: string
  bytes: Uint8Array
  dryRun: boolean
  now?: Date
  /** the transaction's time limit; default importTimeLimitMs(rows) (tests pass a short one) */
  timeLimitMs?: number
}): Promise<ImportReport> {
  if (actor.role !== 'ADMIN') throw new Response('Forbidden', { status: 403 })
  const team = await prisma.team.findFirst({ where: { id: teamId, active: true }, select: { id: true, defaultSharedForSubstitution: true } })
  if (!team) throw new Response('Not found', { status: 404 })

  const decoded = decodeUpload(bytes)
  if (!decoded.ok) return refuse(actor, teamId, dryRun, decoded.problem)
  const parsed = await readCsv(decoded.text, { columns: IMPORT_HEADERS, required: REQUIRED_HEADERS, maxRows: MAX_IMPORT_ROWS })
  if (!parsed.ok) return refuse(actor, teamId, dryRun, parsed.problem)

  const context = await checkContext(teamId, team.defaultSharedForSubstitution, now)
  const errors: RowError[] = []
  const rows: ImportRow[] = []
  const seenKeys = new Map<string, number>()
  for (const [index, { line, values }] of parsed.rows.entries()) {
    if (index > 0 && index % BATCH === 0) await turnOfEventLoop()
    const row = checkRow(line, values, context, errors)
    if (!row) continue
    const earlier = seenKeys.get(row.rowKey)
    if (earlier !== undefined) {
      errors.push({ line, column: IMPORT_COLUMNS.rowKey, message: 'import:rowErrors.duplicateKey', values: { line: earlier } })
      continue
    }
    seenKeys.set(row.rowKey, line)
    rows.push(row)
  }
  if (errors.some((error) => error.message === 'import:rowErrors.identityDisabled')) {
    // Said once for the file rather than on every row.
    const first = errors.find((error) => error.message === 'import:rowErrors.identityDisabled')!
    errors.splice(0, errors.length, first, ...errors.filter((error) => error.message !== 'import:rowErrors.identityDisabled'))
  }

  const report = (imported: number, skipped: number) => ({
    ok: true as const,
    dryRun,
    encoding: decoded.encoding,
    rows: parsed.rows.length,
    imported,
    skipped,
    errors: errors.sort((a, b) => a.line - b.line).slice(0, MAX_REPORTED_ERRORS),
    errorCount: errors.length,
  })

  if (errors.length > 0 || dryRun) {
    const skipped = await countImportedKeys(rows.map((row) => row.rowKey))
    if (errors.length > 0) {
      await audit({ userId: actor.id, action: 'case-import.refused', entity: 'team', entityId: teamId, outcome: 'FAILED', details: { dryRun, rows: parsed.rows.length, errors: errors.length } })
    }
    return report(errors.length > 0 ? 0 : rows.length - skipped, skipped)
  }

  // The key check runs inside the transaction: two runs of the same file are serialised by the one
  // database connection, and the second finds the first one's keys.
  let written: Awaited<ReturnType<typeof writeImport>>
  try {
    written = await prisma.$transaction((tx) => writeImport(tx, actor, teamId, rows, parsed.rows.length, now), {
      timeout: timeLimitMs ?? importTimeLimitMs(rows.length),
    })
  } catch (error) {
    // Prisma rolled the transaction back: not one row of the file is kept, and the report says so.
    // P2028 also names a transaction that could not start in time: that one is not this report's.
    if (transactionExpired(error)) {
      return refuse(actor, teamId, dryRun, { kind: 'tookTooLong' })
    }
    if (error instanceof CounsellorsUnavailable) {
      // Reported as the rows' errors, next to the others a file can have: the file is refused as a
      // whole (nothing written), as a file with any error is.
      for (const row of error.rows) {
        errors.push({ line: row.line, column: IMPORT_COLUMNS.counsellorEmail, message: 'import:rowErrors.counsellorUnavailable', values: { value: row.counsellorEmail } })
      }
      await audit({
        userId: actor.id,
        action: 'case-import.refused',
        entity: 'team',
        entityId: teamId,
        outcome: 'FAILED',
        details: { dryRun, rows: parsed.rows.length, errors: errors.length, counsellorsUnavailable: error.counsellors },
      })
      return report(0, error.skipped)
    }
    throw error
  }
  return report(written.imported, written.skipped)
}

/** Prisma's answer to a statement of a transaction that ran past its time limit (and was rolled back). */
function transactionExpired(error: unknown) {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown }
  return code === 'P2028' && typeof message === 'string' && message.includes('expired transaction')
}

/**
 * How long the import's transaction may take: 100 ms a row, at least a minute (10,000 rows: 17 min).
 * A row costs ≈ 3 ms on a quiet 2-core server and ≈ 30 ms at load 25 (docs/performance.md), so the
 * limit only ends an import that hangs, not one on a busy machine; a fixed 5 minutes had ended the
 * 10,000-row import at load 25. While it runs, other writes wait for it (one SQLite writer).
 */
export function importTimeLimitMs(rows: number) {
  return Math.max(60_000, rows * 100)
}

async function refuse(actor: Actor, teamId: string, dryRun: boolean, problem: ImportProblem): Promise<ImportReport> {
  await audit({ userId: actor.id, action: 'case-import.refused', entity: 'team', entityId: teamId, outcome: 'FAILED', details: { dryRun, problem: problem.kind } })
  return { ok: false, problem }
}

async function countImportedKeys(keys: string[]) {
  let count = 0
  for (let start = 0; start < keys.length; start += BATCH) {
    if (start > 0) await turnOfEventLoop()
    count += await prisma.caseImportKey.count({ where: { rowKey: { in: keys.slice(start, start + BATCH) } } })
  }
  return count
}

// ---------------------------------------------------------------- checking rows

type CheckContext = {
  today: string
  now: Date
  teamDefaultShared: boolean
  identityEnabled: boolean
  words: Record<'programme' | 'gender' | 'accessRoute' | 'germanLevel' | 'startPlace' | 'kind', Vocabulary>
  residenceStatus: Vocabulary
  district: Vocabulary
  legalBasis: Vocabulary
  counsellors: ReadonlyMap<string, string>
}

function codeWords(codes: readonly string[], group: keyof typeof codesDe & keyof typeof codesEn): Vocabulary {
  const de = codesDe[group] as Record<string, string>
  const en = codesEn[group] as Record<string, string>
  return vocabulary(codes.map((code) => ({ code, labels: [de[code] ?? code, en[code] ?? code] })))
}

async function checkContext(teamId: string, teamDefaultShared: boolean, now: Date): Promise<CheckContext> {
  const [entries, counsellors] = await Promise.all([
    prisma.catalogueEntry.findMany({
      where: { catalogue: { in: ['RESIDENCE_STATUS', 'PLACE', 'LEGAL_BASIS'] }, active: true },
      select: { id: true, catalogue: true, code: true, labelDe: true, labelEn: true },
    }),
    prisma.user.findMany({ where: assignableWhere(teamId), select: { id: true, email: true } }),
  ])
  // Catalogue entries are identified by their id; the vocabulary maps code and labels to it.
  const catalogue = (name: string) =>
    vocabulary(entries.filter((entry) => entry.catalogue === name).map((entry) => ({ code: String(entry.id), labels: [entry.code, entry.labelDe, entry.labelEn] })))
  return {
    today: officeDay(now),
    now,
    teamDefaultShared,
    identityEnabled: identityKeyStatus().enabled,
    words: {
      programme: codeWords(PROGRAMMES, 'programme'),
      gender: codeWords(GENDERS, 'gender'),
      accessRoute: codeWords(ACCESS_ROUTES, 'accessRoute'),
      germanLevel: codeWords(GERMAN_LEVELS, 'germanLevel'),
      startPlace: codeWords(START_PLACES, 'startPlace'),
      kind: codeWords(CASE_KINDS, 'caseKind'),
    },
    residenceStatus: catalogue('RESIDENCE_STATUS'),
    district: catalogue('PLACE'),
    legalBasis: catalogue('LEGAL_BASIS'),
    counsellors: new Map(counsellors.map((user) => [normaliseLabel(user.email), user.id])),
  }
}

/** Checks one row; adds its errors and answers null when it has any. */
function checkRow(line: number, values: Record<string, string>, context: CheckContext, errors: RowError[]): ImportRow | null {
  const before = errors.length
  const cell = (column: ImportColumn) => (values[IMPORT_COLUMNS[column]] ?? '').trim()
  const fail = (column: ImportColumn | null, message: string, extra?: Record<string, string | number>) =>
    errors.push({ line, column: column ? IMPORT_COLUMNS[column] : null, message, ...(extra ? { values: extra } : {}) })
  const required = (column: ImportColumn) => {
    const value = cell(column)
    if (!value) fail(column, 'import:rowErrors.required')
    return value
  }
  const code = (column: keyof CheckContext['words']) => {
    const value = required(column)
    if (!value) return ''
    const found = lookUp(value, context.words[column])
    if (!found) fail(column, 'import:rowErrors.unknownCode', { value })
    return found ?? ''
  }
  const catalogueEntry = (column: ImportColumn, words: Vocabulary, mandatory: boolean) => {
    const value = mandatory ? required(column) : cell(column)
    if (!value) return null
    const found = lookUp(value, words)
    if (!found) fail(column, 'import:rowErrors.unknownCode', { value })
    return found ? Number(found) : null
  }
  const count = (column: ImportColumn, fallback: number) => {
    const value = cell(column)
    if (!value) return fallback
    const number = parseWholeNumber(value)
    if (number === null || number > 30) fail(column, 'import:rowErrors.count')
    return number ?? fallback
  }
  const country = (column: ImportColumn) => {
    const value = cell(column).toUpperCase()
    if (!value) return null
    if (!isCountryCode(value)) fail(column, 'import:rowErrors.country', { value })
    return value
  }

  if (values[EXTRA_CELLS]) fail(null, 'import:rowErrors.extraCells')

  const rowKey = required('rowKey')
  if (rowKey.length > MAX_ROW_KEY_LENGTH) fail('rowKey', 'import:rowErrors.rowKeyLength', { max: MAX_ROW_KEY_LENGTH })

  const birthYearText = required('birthYear')
  const birthYear = /^\d{4}$/.test(birthYearText) ? Number(birthYearText) : NaN
  if (birthYearText && (!Number.isInteger(birthYear) || birthYear < 1900 || birthYear > Number(officeDay(context.now).slice(0, 4)))) fail('birthYear', 'cases:errors.birthYear')

  // The opening day follows the new-case form's rules (decision 028): a real day, not in the future
  // (office time), not before the year of birth.
  const openedText = required('openedOn')
  const openedOn = openedText ? parseImportDay(openedText) : null
  if (openedText && !openedOn) fail('openedOn', 'import:rowErrors.date')
  else if (openedOn) for (const message of openingErrors(openedOn, Number.isInteger(birthYear) ? birthYear : 1900, context.now)) fail('openedOn', message)

  const email = cell('counsellorEmail')
  const counsellorId = email ? (context.counsellors.get(normaliseLabel(email)) ?? null) : null
  if (email && !counsellorId) fail('counsellorEmail', 'import:rowErrors.counsellor', { value: email })

  const languages: string[] = []
  for (const part of splitList(cell('languages'))) {
    const language = part.toLowerCase()
    if (isLanguageCode(language)) languages.push(language)
    else fail('languages', 'import:rowErrors.language', { value: part })
  }

  const arrivalText = cell('arrivalMonth')
  const arrivalMonth = arrivalText ? parseImportMonth(arrivalText) : null
  if (arrivalText && (!arrivalMonth || !parseDay(`${arrivalMonth}-01`))) fail('arrivalMonth', 'import:rowErrors.month')
  else if (arrivalMonth && arrivalMonth > context.today.slice(0, 7)) fail('arrivalMonth', 'cases:errors.arrivalFuture')
  else if (arrivalMonth && Number.isInteger(birthYear) && Number(arrivalMonth.slice(0, 4)) < birthYear) fail('arrivalMonth', 'cases:errors.arrivalBeforeBirth')

  const sinceText = cell('residenceStatusSince')
  const since = sinceText ? parseImportDay(sinceText) : openedOn
  if (sinceText && (!since || !parseDay(since))) fail('residenceStatusSince', 'import:rowErrors.date')
  else if (sinceText && since && since > context.today) fail('residenceStatusSince', 'cases:errors.dateFuture')

  const sharedText = cell('sharedForSubstitution')
  const shared = sharedText ? parseYesNo(sharedText) : context.teamDefaultShared
  if (shared === null) fail('sharedForSubstitution', 'import:rowErrors.yesNo', { value: sharedText })

  const name = cell('identityName')
  const dateOfBirthText = cell('identityDateOfBirth')
  let identity: ImportRow['identity'] = null
  if (name || dateOfBirthText) {
    const dateOfBirth = dateOfBirthText ? parseImportDay(dateOfBirthText) : null
    // The values are never echoed: they are the one place a name may stand in this file.
    if (!context.identityEnabled) fail(null, 'import:rowErrors.identityDisabled')
    else if (name.length < 2 || name.length > 200) fail('identityName', 'import:rowErrors.identityName')
    else if (!dateOfBirth || !parseDay(dateOfBirth) || dateOfBirth > context.today) fail('identityDateOfBirth', 'import:rowErrors.date')
    else identity = { name, dateOfBirth }
  }

  const row: ImportRow = {
    line,
    rowKey,
    openedOn: openedOn ?? '',
    programme: code('programme'),
    counsellorId,
    counsellorEmail: email,
    birthYear,
    gender: code('gender'),
    nationality: country('nationality'),
    countryOfOrigin: country('countryOfOrigin'),
    languages: [...new Set(languages)],
    arrivalMonth,
    districtId: catalogueEntry('district', context.district, false),
    householdAdults: count('householdAdults', 1),
    householdChildren: count('householdChildren', 0),
    residenceStatusId: catalogueEntry('residenceStatus', context.residenceStatus, true) ?? 0,
    residenceStatusSince: since ?? '',
    accessRoute: code('accessRoute'),
    germanLevel: code('germanLevel'),
    startPlace: code('startPlace'),
    kind: code('kind'),
    familyMembersCounselled: count('familyMembersCounselled', 0),
    sharedForSubstitution: shared ?? false,
    legalBasisId: catalogueEntry('legalBasis', context.legalBasis, false),
    identity,
  }
  return errors.length > before ? null : row
}

// ---------------------------------------------------------------- writing

async function writeImport(tx: TransactionClient, actor: Actor, teamId: string, rows: ImportRow[], rowsTotal: number, now: Date) {
  const done = new Set<string>()
  for (let start = 0; start < rows.length; start += BATCH) {
    if (start > 0) await turnOfEventLoop()
    const keys = rows.slice(start, start + BATCH).map((row) => row.rowKey)
    const found = await tx.caseImportKey.findMany({ where: { rowKey: { in: keys } }, select: { rowKey: true } })
    for (const { rowKey } of found) done.add(rowKey)
  }
  const todo = rows.filter((row) => !done.has(row.rowKey))
  await checkCounsellorsAgain(tx, teamId, todo, done.size)
  const codes = await freshCodes(tx, todo.length)

  const run = await tx.caseImport.create({
    data: { teamId, importedById: actor.id, rowsTotal, imported: todo.length, skipped: done.size, at: now },
    select: { id: true },
  })
  for (let start = 0; start < todo.length; start += BATCH) {
    // Between batches the server answers what needs no database (turnOfEventLoop); the rest waits
    // for this transaction, as before.
    await turnOfEventLoop()
    const batch = todo.slice(start, start + BATCH).map((row, index) => ({
      row,
      clientId: crypto.randomUUID(),
      caseId: crypto.randomUUID(),
      code: codes[start + index]!,
      openedAt: openingOf(row.openedOn, now),
    }))
    await tx.client.createMany({
      data: batch.map(({ row, clientId, code }) => ({
        id: clientId,
        pseudonymCode: code,
        birthYear: row.birthYear,
        gender: row.gender,
        nationality: row.nationality,
        countryOfOrigin: row.countryOfOrigin,
        arrivalMonth: row.arrivalMonth,
        districtId: row.districtId,
        householdAdults: row.householdAdults,
        householdChildren: row.householdChildren,
      })),
    })
    await tx.clientLanguage.createMany({
      data: batch.flatMap(({ row, clientId }) => row.languages.map((languageCode) => ({ clientId, languageCode }))),
    })
    await tx.residenceStatusEntry.createMany({
      data: batch.map(({ row, clientId }) => ({
        clientId,
        statusId: row.residenceStatusId,
        validFrom: parseDay(row.residenceStatusSince)!,
        createdById: actor.id,
      })),
    })
    await tx.case.createMany({
      data: batch.map(({ row, clientId, caseId, openedAt }) => ({
        id: caseId,
        clientId,
        teamId,
        counsellorId: row.counsellorId,
        openedAt,
        status: 'OPEN',
        startPlace: row.startPlace,
        kind: row.kind,
        programme: row.programme,
        accessRoute: row.accessRoute,
        germanLevel: row.germanLevel,
        familyMembersCounselled: row.familyMembersCounselled,
        sharedForSubstitution: row.sharedForSubstitution,
        legalBasisId: row.legalBasisId,
        updatedById: actor.id,
      })),
    })
    await tx.programmePeriod.createMany({
      data: batch.map(({ row, caseId, openedAt }) => ({ caseId, programme: row.programme, validFrom: openedAt })),
    })
    await tx.caseStatusChange.createMany({
      data: batch.map(({ caseId, openedAt }) => ({ caseId, fromStatus: null, toStatus: 'OPEN', at: openedAt, byUserId: actor.id })),
    })
    // The assignment is history, not news: thousands of "assigned to you" notices on go-live day
    // would bury the real ones, so they are written as read; the counsellor finds the cases in "/cases".
    await tx.assignment.createMany({
      data: batch
        .filter(({ row }) => row.counsellorId)
        .map(({ row, caseId }) => ({ caseId, toUserId: row.counsellorId, assignedById: actor.id, at: now, readAt: now })),
    })
    const withIdentity = batch.filter(({ row }) => row.identity)
    if (withIdentity.length > 0) {
      await tx.identityKey.createMany({
        data: withIdentity.map(({ row, clientId }) => ({
          clientId,
          ...encryptIdentity(clientId, { name: row.identity!.name, dateOfBirth: row.identity!.dateOfBirth, phone: '' }),
          matchHash: identityMatchHash(row.identity!.name, row.identity!.dateOfBirth),
        })),
      })
    }
    await tx.caseImportKey.createMany({ data: batch.map(({ row, caseId }) => ({ rowKey: row.rowKey, importId: run.id, caseId, at: now })) })
    await auditMany(
      batch.map(({ row, caseId, openedAt }) => ({
        userId: actor.id,
        action: 'case.create',
        entity: 'case',
        entityId: caseId,
        caseId,
        details: {
          import: run.id,
          ...(openedAt !== now ? { openedInPast: true } : {}),
          assigned: row.counsellorId ? 'other' : 'queue',
          ...(row.identity ? { identityKey: true } : {}),
        },
      })),
      tx,
    )
  }
  await audit({
    userId: actor.id,
    action: 'case-import.run',
    entity: 'caseImport',
    entityId: run.id,
    details: { teamId, rows: rowsTotal, imported: todo.length, skipped: done.size },
  }, tx)
  return { imported: todo.length, skipped: done.size }
}

/** The rows whose counsellor may no longer receive a case of the team when the import's transaction runs. */
class CounsellorsUnavailable extends Error {
  constructor(
    readonly rows: ImportRow[],
    readonly counsellors: number,
    readonly skipped: number,
  ) {
    super('A counsellor of the import may no longer receive cases of the team')
  }
}

/**
 * The rows' counsellors, checked by the rule (decision 241) inside the transaction that writes their
 * cases: the rows were checked before it began, and a person deactivated or moved to another team
 * meanwhile (their open work handed over in that change's transaction, decision 203) would otherwise
 * receive cases after their handover. The transaction holds the database's one writer from its start
 * (BEGIN IMMEDIATE), so nobody changes between this check and the rows' writes. One look-up per
 * person, not per row: a file names a team's staff, tens of people.
 */
async function checkCounsellorsAgain(tx: TransactionClient, teamId: string, rows: ImportRow[], skipped: number) {
  const refused = new Set<string>()
  for (const counsellorId of new Set(rows.map((row) => row.counsellorId))) {
    if (counsellorId && !(await mayReceiveCase(tx, teamId, counsellorId))) refused.add(counsellorId)
  }
  if (refused.size > 0) {
    throw new CounsellorsUnavailable(
      rows.filter((row) => row.counsellorId && refused.has(row.counsellorId)),
      refused.size,
      skipped,
    )
  }
}

/**
 * `count` new pseudonym codes, unique among themselves, among the clients and among the codes of
 * merged clients. A collision is very unlikely (1 in 2⁴⁰ per pair); it is drawn again, not retried.
 */
async function freshCodes(tx: TransactionClient, count: number) {
  const codes = new Set<string>()
  while (codes.size < count) {
    const drawn = Array.from({ length: Math.min(BATCH, count - codes.size) }, () => generatePseudonymCode()).filter((code) => !codes.has(code))
    const [clients, aliases] = await Promise.all([
      tx.client.findMany({ where: { pseudonymCode: { in: drawn } }, select: { pseudonymCode: true } }),
      tx.clientCodeAlias.findMany({ where: { pseudonymCode: { in: drawn } }, select: { pseudonymCode: true } }),
    ])
    const taken = new Set([...clients, ...aliases].map((entry) => entry.pseudonymCode))
    for (const code of drawn) if (!taken.has(code)) codes.add(code)
  }
  return [...codes]
}
