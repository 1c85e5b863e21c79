// Retention (PRODUCT.md §6): anonymises clients whose cases have all been closed for longer than
// the retention period. Used by /admin/retention and `npm run retention`. The rule set is documented
// in docs/data-protection.md; the pure rules live in app/domain/retention.ts.
//
// What anonymisation does, per client:
//   - identity key deleted; documents deleted, rows and encrypted files (they carry names);
//   - links to family members and merged former codes deleted (issue 14);
//   - birth year coarsened to the start of its five-year band; pseudonym code replaced by ANON-…;
//   - every free text removed: contact notes and next steps, follow-up notes, assignment notes,
//     handover notes, goal texts, consent purposes, referral reasons, mediation dialect and
//     interpreter reference;
//   - kept: gender, nationality, country of origin, arrival month, district, household, languages,
//     residence history, dates, codes and counts — what the statistics are computed from;
//   - Client.anonymisedAt set, so a second run skips the client (idempotent).
// Frozen statistics (StatisticsSnapshot) are not touched, so published figures do not change — and
// a client is anonymised only when every year one of their cases counts in (docs/statistics.md R2)
// is frozen: coarsening the birth year could otherwise move the person to another age band in a
// year whose figures are still computed live (decision 016). The others are held back; the dry run
// names the years to freeze, and the administrator can freeze them from the retention page.
import {
  anonymousCode,
  berlinYear,
  coarsenBirthYear,
  isFinishedYear,
  latestExpiredClosureYear,
  parsePrivacyRegime,
  parseRetentionYears,
  PRIVACY_REGIME_SETTING_KEY,
  RETENTION_SETTING_KEY,
  summariseHeldBack,
  yearsToFreeze,
  type HeldBackClient,
  type PrivacyRegime,
} from '#app/domain/retention.ts'
import { Prisma } from '#app/generated/prisma/client.ts'
import { deleteDocumentRowsOfCases, removeDocumentFiles } from '#app/models/document.server.ts'
import { audit } from '#app/utils/audit.server.ts'
import { prisma, type TransactionClient } from '#app/utils/db.server.ts'
import { startOfBerlinDay } from './audit-log.server.ts'
import { officeYearSql } from './office-calendar.server.ts'
import { freezeYear } from './statistics.server.ts'

const BATCH_SIZE = 200

export async function getRetentionYears() {
  const setting = await prisma.setting.findUnique({ where: { key: RETENTION_SETTING_KEY }, select: { value: true } })
  return parseRetentionYears(setting?.value)
}

export async function getPrivacyRegime(): Promise<PrivacyRegime> {
  const setting = await prisma.setting.findUnique({ where: { key: PRIVACY_REGIME_SETTING_KEY }, select: { value: true } })
  return parsePrivacyRegime(setting?.value)
}

export async function savePrivacySettings({ userId, years, regime }: { userId: string; years: number; regime: PrivacyRegime }) {
  await prisma.$transaction(async (tx) => {
    const before = await tx.setting.findMany({ where: { key: { in: [RETENTION_SETTING_KEY, PRIVACY_REGIME_SETTING_KEY] } }, select: { key: true, value: true } })
    const value = (key: string) => before.find((setting) => setting.key === key)?.value
    const changed = [
      ...(value(RETENTION_SETTING_KEY) !== String(years) ? [RETENTION_SETTING_KEY] : []),
      ...(value(PRIVACY_REGIME_SETTING_KEY) !== regime ? [PRIVACY_REGIME_SETTING_KEY] : []),
    ]
    await tx.setting.upsert({ where: { key: RETENTION_SETTING_KEY }, create: { key: RETENTION_SETTING_KEY, value: String(years) }, update: { value: String(years) } })
    await tx.setting.upsert({ where: { key: PRIVACY_REGIME_SETTING_KEY }, create: { key: PRIVACY_REGIME_SETTING_KEY, value: regime }, update: { value: regime } })
    await audit({ userId, action: 'settings.privacy', entity: 'setting', details: { changed, retentionYears: years, regime } }, tx)
  })
}

function expiredClientsWhere(now: Date, years: number): Prisma.ClientWhereInput {
  const cutoff = startOfBerlinDay(`${latestExpiredClosureYear(now, years) + 1}-01-01`)
  return { anonymisedAt: null, cases: { some: {}, every: { status: 'CLOSED', closedAt: { lt: cutoff } } } }
}

type Db = TransactionClient | typeof prisma

/** Years with a frozen snapshot (freezing stores every scope at once; the organisation's marks it). */
async function frozenYears(db: Db) {
  const rows = await db.statisticsSnapshot.findMany({ where: { scopeKey: 'org' }, select: { year: true } })
  return new Set(rows.map((row) => row.year))
}

/**
 * Every reporting year each client's cases count in: the year (R1: German time; an instant's year,
 * a calendar day's own year) of each activity that makes a case "a case of the year" (R2) — opened, a contact, closed (closedAt or a status change to
 * CLOSED), a group session taken part in (R18), a referral sent, a language mediation requested or
 * performed. Keep in step with R2's definition of the cases of the year (the `CaseYear` facts'
 * recount trigger and backfill, migration 20261205052152_case_year, decision 047).
 */
async function countedYears(db: Db, clientIds: readonly string[]) {
  const years = new Map<string, Set<number>>(clientIds.map((id) => [id, new Set<number>()]))
  if (clientIds.length === 0) return years
  const rows = await db.$queryRaw<Array<{ clientId: string; year: string }>>`
    WITH cs AS (SELECT "id", "clientId" FROM "Case" WHERE "clientId" IN (${Prisma.join([...clientIds])}))
    SELECT DISTINCT cs."clientId" AS clientId, a.year AS year FROM (
      SELECT "id" AS caseId, ${officeYearSql(Prisma.raw('"openedAt"'))} AS year FROM "Case" WHERE "id" IN (SELECT "id" FROM cs)
      UNION SELECT "id", ${officeYearSql(Prisma.raw('"closedAt"'))} FROM "Case" WHERE "id" IN (SELECT "id" FROM cs) AND "closedAt" IS NOT NULL
      UNION SELECT "caseId", ${officeYearSql(Prisma.raw('"at"'))} FROM "CaseStatusChange" WHERE "caseId" IN (SELECT "id" FROM cs) AND "toStatus" = 'CLOSED'
      UNION SELECT "caseId", substr("date", 1, 4) FROM "Contact" WHERE "caseId" IN (SELECT "id" FROM cs)
      UNION SELECT gp."caseId", substr(g."date", 1, 4) FROM "GroupSessionParticipant" gp JOIN "GroupSession" g ON g."id" = gp."groupSessionId" WHERE gp."caseId" IN (SELECT "id" FROM cs)
      UNION SELECT "caseId", substr("sentAt", 1, 4) FROM "Referral" WHERE "caseId" IN (SELECT "id" FROM cs)
      UNION SELECT "caseId", substr("requestedAt", 1, 4) FROM "LanguageMediation" WHERE "caseId" IN (SELECT "id" FROM cs)
      UNION SELECT "caseId", substr("performedAt", 1, 4) FROM "LanguageMediation" WHERE "caseId" IN (SELECT "id" FROM cs) AND "performedAt" IS NOT NULL
    ) a JOIN cs ON cs."id" = a.caseId`
  for (const row of rows) years.get(row.clientId)?.add(Number(row.year))
  return years
}

/** The expired clients of a batch split into those ready for anonymisation and those held back. */
async function sortOutHeldBack(db: Db, clients: ReadonlyArray<{ id: string; cases: number }>) {
  const [frozen, counted] = await Promise.all([frozenYears(db), countedYears(db, clients.map((client) => client.id))])
  const ready: string[] = []
  const heldBack: HeldBackClient[] = []
  for (const client of clients) {
    const missingYears = yearsToFreeze(counted.get(client.id) ?? [], frozen)
    if (missingYears.length === 0) ready.push(client.id)
    else heldBack.push({ clientId: client.id, cases: client.cases, missingYears })
  }
  return { ready, heldBack }
}

/** One page of expired clients after `afterId`, with their number of cases. */
async function expiredBatch(db: Db, where: Prisma.ClientWhereInput, afterId: string | null) {
  const clients = await db.client.findMany({
    where: afterId ? { AND: [where, { id: { gt: afterId } }] } : where,
    select: { id: true, _count: { select: { cases: true } } },
    take: BATCH_SIZE,
    orderBy: { id: 'asc' },
  })
  return clients.map((client) => ({ id: client.id, cases: client._count.cases }))
}

export type RetentionPlan = {
  years: number
  latestClosureYear: number
  /** ready for anonymisation now */
  clients: number
  cases: number
  identityKeys: number
  documents: number
  byClosureYear: Array<{ year: number; cases: number }>
  /** expired, but waiting for years to be frozen */
  heldBack: ReturnType<typeof summariseHeldBack>
}

/** The dry run: what a run now would anonymise, and what it would hold back and why. Changes nothing. */
export async function planRetention(now = new Date(), years?: number): Promise<RetentionPlan> {
  const period = years ?? (await getRetentionYears())
  const where = expiredClientsWhere(now, period)
  const ready: string[] = []
  const heldBack: HeldBackClient[] = []
  for (let afterId: string | null = null; ; ) {
    const batch = await expiredBatch(prisma, where, afterId)
    if (batch.length === 0) break
    const sorted = await sortOutHeldBack(prisma, batch)
    ready.push(...sorted.ready)
    heldBack.push(...sorted.heldBack)
    afterId = batch.at(-1)!.id
    if (batch.length < BATCH_SIZE) break
  }
  const counts = new Map<number, number>()
  let identityKeys = 0
  let documents = 0
  let cases = 0
  for (let index = 0; index < ready.length; index += BATCH_SIZE) {
    const ids = ready.slice(index, index + BATCH_SIZE)
    const [closed, keys, files] = await Promise.all([
      prisma.case.findMany({ where: { clientId: { in: ids } }, select: { closedAt: true } }),
      prisma.identityKey.count({ where: { clientId: { in: ids } } }),
      prisma.document.count({ where: { case: { clientId: { in: ids } } } }),
    ])
    identityKeys += keys
    documents += files
    cases += closed.length
    for (const kase of closed) {
      const year = berlinYear(kase.closedAt!)
      counts.set(year, (counts.get(year) ?? 0) + 1)
    }
  }
  return {
    years: period,
    latestClosureYear: latestExpiredClosureYear(now, period),
    clients: ready.length,
    cases,
    identityKeys,
    documents,
    byClosureYear: [...counts.entries()].sort(([a], [b]) => a - b).map(([year, count]) => ({ year, cases: count })),
    heldBack: summariseHeldBack(heldBack, now),
  }
}

export type FreezeForRetentionResult = { ok: true } | { ok: false; error: 'not-finished' | 'already-frozen' }

/**
 * Freezes a year the dry run asked for, from the retention page (the same Jahresabschluss as on
 * /statistics, audited as `statistics.freeze`). A year already frozen is left alone: freezing again
 * would recompute — and could change — figures that were published.
 */
export async function freezeYearForRetention(year: number, user: { id: string; displayName: string }, { now = new Date() }: { now?: Date } = {}): Promise<FreezeForRetentionResult> {
  if (!isFinishedYear(year, now)) return { ok: false, error: 'not-finished' }
  if ((await frozenYears(prisma)).has(year)) return { ok: false, error: 'already-frozen' }
  await freezeYear(year, user)
  return { ok: true }
}

export type RetentionResult = { clients: number; cases: number; identityKeys: number; documents: number; heldBack: number; years: number; latestClosureYear: number }

/**
 * Anonymises the clients of a batch whose every counted year is frozen. The frozen years are read
 * in the same transaction, so a year re-opened a moment earlier holds its clients back.
 */
async function anonymiseBatch(tx: TransactionClient, batch: ReadonlyArray<{ id: string; cases: number }>, now: Date) {
  const { ready, heldBack } = await sortOutHeldBack(tx, batch)
  const clients = await tx.client.findMany({ where: { id: { in: ready }, anonymisedAt: null }, select: { id: true, birthYear: true } })
  const ids = clients.map((client) => client.id)
  const caseIds = (await tx.case.findMany({ where: { clientId: { in: ids } }, select: { id: true } })).map((kase) => kase.id)
  const inCases = { caseId: { in: caseIds } }
  const { count: identityKeys } = await tx.identityKey.deleteMany({ where: { clientId: { in: ids } } })
  // Links to family members and merged former codes would tie the anonymised record to people and
  // to old paper notes (issue 14, decision 027): both go.
  await tx.clientLink.deleteMany({ where: { OR: [{ clientId: { in: ids } }, { linkedClientId: { in: ids } }] } })
  await tx.clientCodeAlias.deleteMany({ where: { clientId: { in: ids } } })
  const files = await deleteDocumentRowsOfCases(tx, caseIds)
  for (const client of clients) {
    await tx.client.update({
      where: { id: client.id },
      data: { birthYear: coarsenBirthYear(client.birthYear), pseudonymCode: anonymousCode(), anonymisedAt: now },
    })
  }
  await tx.contact.updateMany({ where: inCases, data: { confidentialNote: null, nextStep: null } })
  await tx.followUp.updateMany({ where: inCases, data: { note: null } })
  await tx.assignment.updateMany({ where: inCases, data: { note: null } })
  await tx.transfer.updateMany({ where: inCases, data: { handoverNote: null } })
  await tx.planGoal.updateMany({ where: { plan: inCases }, data: { text: '' } })
  await tx.consent.updateMany({ where: inCases, data: { purpose: '' } })
  await tx.referral.updateMany({ where: inCases, data: { reason: null } })
  await tx.languageMediation.updateMany({ where: inCases, data: { dialect: null, interpreterRef: null } })
  return { clients: ids.length, cases: caseIds.length, identityKeys, files, heldBack: heldBack.length }
}

/**
 * Anonymises every expired client whose counted years are all frozen, in batches so that the server
 * stays responsive during a large first run; the others are held back (counted, untouched). One
 * audit event per run with the counts (no ids: they would point at the people).
 */
export async function runRetention({ userId = null, now = new Date() }: { userId?: string | null; now?: Date } = {}): Promise<RetentionResult> {
  const years = await getRetentionYears()
  const where = expiredClientsWhere(now, years)
  const totals = { clients: 0, cases: 0, identityKeys: 0, documents: 0, heldBack: 0 }
  // By id, after the last one seen: held-back clients stay expired and would come back in every batch.
  for (let afterId: string | null = null; ; ) {
    const batch = await expiredBatch(prisma, where, afterId)
    if (batch.length === 0) break
    const done = await prisma.$transaction((tx) => anonymiseBatch(tx, batch, now))
    // the files go once the rows are committed: a rolled-back batch keeps its documents whole
    removeDocumentFiles(done.files)
    totals.documents += done.files.length
    totals.clients += done.clients
    totals.cases += done.cases
    totals.identityKeys += done.identityKeys
    totals.heldBack += done.heldBack
    afterId = batch.at(-1)!.id
    if (batch.length < BATCH_SIZE) break
  }
  const latestClosureYear = latestExpiredClosureYear(now, years)
  await audit({ userId, action: 'retention.run', entity: 'client', details: { ...totals, years, latestClosureYear } })
  return { ...totals, years, latestClosureYear }
}
