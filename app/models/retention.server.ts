// Retention (PRODUCT.md §6): anonymises clients whose cases have all been closed for longer than
// the retention period. Used by /admin/retention and `npm run retention`. The rule set is documented
// in docs/data-protection.md; the pure rules live in app/domain/retention.ts.
//
// What anonymisation does, per client:
//   - identity key deleted; documents deleted, rows and encrypted files (they carry names);
//   - birth year coarsened to the start of its five-year band; pseudonym code replaced by ANON-…;
//   - every free text removed: contact notes and next steps, follow-up notes, assignment notes,
//     handover notes, goal texts, consent purposes, referral reasons, mediation dialect and
//     interpreter reference;
//   - kept: gender, nationality, country of origin, arrival month, district, household, languages,
//     residence history, dates, codes and counts — what the statistics are computed from;
//   - Client.anonymisedAt set, so a second run skips the client (idempotent).
// Frozen statistics (StatisticsSnapshot) are not touched, so published figures do not change.
import {
  anonymousCode,
  berlinYear,
  coarsenBirthYear,
  latestExpiredClosureYear,
  parsePrivacyRegime,
  parseRetentionYears,
  PRIVACY_REGIME_SETTING_KEY,
  RETENTION_SETTING_KEY,
  type PrivacyRegime,
} from '#app/domain/retention.ts'
import { deleteDocumentRowsOfCases, removeDocumentFiles } from '#app/models/document.server.ts'
import { audit } from '#app/utils/audit.server.ts'
import { prisma, type Prisma, type TransactionClient } from '#app/utils/db.server.ts'
import { startOfBerlinDay } from './audit-log.server.ts'

const BATCH_SIZE = 200

export async function getRetentionYears() {
  const setting = await prisma.setting.findUnique({ where: { key: RETENTION_SETTING_KEY }, select: { value: true } })
  return parseRetentionYears(setting?.value)
}

export async function getPrivacyRegime(): Promise<PrivacyRegime> {
  const setting = await prisma.setting.findUnique({ where: { key: PRIVACY_REGIME_SETTING_KEY }, select: { value: true } })
  return parsePrivacyRegime(setting?.value)
}

export async function savePrivacySettings({ userId, years, regime, requestId }: { userId: string; years: number; regime: PrivacyRegime; requestId?: string }) {
  await prisma.$transaction(async (tx) => {
    const before = await tx.setting.findMany({ where: { key: { in: [RETENTION_SETTING_KEY, PRIVACY_REGIME_SETTING_KEY] } }, select: { key: true, value: true } })
    const value = (key: string) => before.find((setting) => setting.key === key)?.value
    const changed = [
      ...(value(RETENTION_SETTING_KEY) !== String(years) ? [RETENTION_SETTING_KEY] : []),
      ...(value(PRIVACY_REGIME_SETTING_KEY) !== regime ? [PRIVACY_REGIME_SETTING_KEY] : []),
    ]
    await tx.setting.upsert({ where: { key: RETENTION_SETTING_KEY }, create: { key: RETENTION_SETTING_KEY, value: String(years) }, update: { value: String(years) } })
    await tx.setting.upsert({ where: { key: PRIVACY_REGIME_SETTING_KEY }, create: { key: PRIVACY_REGIME_SETTING_KEY, value: regime }, update: { value: regime } })
    await audit({ userId, action: 'settings.privacy', entity: 'setting', details: { changed, retentionYears: years, regime }, requestId }, tx)
  })
}

function expiredClientsWhere(now: Date, years: number): Prisma.ClientWhereInput {
  const cutoff = startOfBerlinDay(`${latestExpiredClosureYear(now, years) + 1}-01-01`)
  return { anonymisedAt: null, cases: { some: {}, every: { status: 'CLOSED', closedAt: { lt: cutoff } } } }
}

export type RetentionPlan = {
  years: number
  latestClosureYear: number
  clients: number
  cases: number
  identityKeys: number
  documents: number
  byClosureYear: Array<{ year: number; cases: number }>
}

/** The dry run: what a run now would anonymise, changing nothing. */
export async function planRetention(now = new Date(), years?: number): Promise<RetentionPlan> {
  const period = years ?? (await getRetentionYears())
  const where = expiredClientsWhere(now, period)
  const [clients, identityKeys, documents, cases] = await Promise.all([
    prisma.client.count({ where }),
    prisma.identityKey.count({ where: { client: where } }),
    prisma.document.count({ where: { case: { client: where } } }),
    prisma.case.findMany({ where: { client: where }, select: { closedAt: true } }),
  ])
  const counts = new Map<number, number>()
  for (const kase of cases) {
    const year = berlinYear(kase.closedAt!)
    counts.set(year, (counts.get(year) ?? 0) + 1)
  }
  return {
    years: period,
    latestClosureYear: latestExpiredClosureYear(now, period),
    clients,
    cases: cases.length,
    identityKeys,
    documents,
    byClosureYear: [...counts.entries()].sort(([a], [b]) => a - b).map(([year, count]) => ({ year, cases: count })),
  }
}

export type RetentionResult = { clients: number; cases: number; identityKeys: number; documents: number; years: number; latestClosureYear: number }

async function anonymiseBatch(tx: TransactionClient, clientIds: string[], now: Date) {
  const clients = await tx.client.findMany({ where: { id: { in: clientIds }, anonymisedAt: null }, select: { id: true, birthYear: true } })
  const ids = clients.map((client) => client.id)
  const caseIds = (await tx.case.findMany({ where: { clientId: { in: ids } }, select: { id: true } })).map((kase) => kase.id)
  const inCases = { caseId: { in: caseIds } }
  const { count: identityKeys } = await tx.identityKey.deleteMany({ where: { clientId: { in: ids } } })
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
  return { clients: ids.length, cases: caseIds.length, identityKeys, files }
}

/**
 * Anonymises every expired client, in batches so that the server stays responsive during a large
 * first run. One audit event per run with the counts (no ids: they would point at the people).
 */
export async function runRetention({ userId = null, now = new Date(), requestId }: { userId?: string | null; now?: Date; requestId?: string } = {}): Promise<RetentionResult> {
  const years = await getRetentionYears()
  const where = expiredClientsWhere(now, years)
  const totals = { clients: 0, cases: 0, identityKeys: 0, documents: 0 }
  for (;;) {
    const batch = await prisma.client.findMany({ where, select: { id: true }, take: BATCH_SIZE, orderBy: { id: 'asc' } })
    if (batch.length === 0) break
    const done = await prisma.$transaction((tx) => anonymiseBatch(tx, batch.map((client) => client.id), now))
    removeDocumentFiles(done.files)
    totals.documents += done.files.length
    totals.clients += done.clients
    totals.cases += done.cases
    totals.identityKeys += done.identityKeys
    if (batch.length < BATCH_SIZE) break
  }
  const latestClosureYear = latestExpiredClosureYear(now, years)
  await audit({ userId, action: 'retention.run', entity: 'client', details: { ...totals, years, latestClosureYear }, requestId })
  return { ...totals, years, latestClosureYear }
}
