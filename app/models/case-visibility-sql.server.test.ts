// The raw-SQL overviews (open referrals, language mediation) must show exactly what the ORM's
// need-to-know filter (visibleCasesWhere) allows — for every role and relation — and their counts
// must agree with the rows. Each expectation is computed with the ORM over the same filter.
import { describe, expect, test } from 'vitest'
import { BILLABLE_STATUSES, OPEN_STATUSES } from '#app/domain/mediation-lifecycle.ts'
import { OPEN_REFERRAL_STATUSES, waitingTimes } from '#app/domain/referral-lifecycle.ts'
import { visibleCasesWhere } from '#app/models/case-access.server.ts'
import { visibleCasesSql } from '#app/models/case-visibility-sql.server.ts'
import {
  mediationOverview,
  mediationSummary,
  mediationYears,
  openMediationRequests,
  openRequest,
} from '#app/models/language-mediation.server.ts'
import {
  listOpenReferrals,
  OVERVIEW_PAGE_SIZE,
  overThresholdCutoff,
} from '#app/models/referral.server.ts'
import { prisma } from '#app/utils/db.server.ts'
import { createTestCase, createUser, getTeams } from '#tests/factories.ts'
import { seedPartners } from '../../prisma/partners.ts'

const DAY = 86_400_000
const NOW = new Date('2026-03-29T10:30:00Z') // the day summer time starts in Germany

async function world() {
  await seedPartners()
  const partners = await prisma.partnerOrganisation.findMany({
    select: { id: true },
    take: 4,
    orderBy: { id: 'asc' },
  })
  const { eae, rostock } = await getTeams()
  await prisma.team.update({ where: { id: eae.id }, data: { referralWaitThresholdDays: 10 } })
  const lead = await createUser({ role: 'TEAM_LEAD', teamId: eae.id })
  const substitute = await createUser({ teamId: eae.id })
  const absent = await createUser({ teamId: eae.id })
  const colleague = await createUser({ teamId: eae.id })
  const stranger = await createUser({ teamId: rostock.id })
  const strangerLead = await createUser({ role: 'TEAM_LEAD', teamId: rostock.id })
  const admin = await createUser({ role: 'ADMIN' })
  await prisma.absence.create({
    data: {
      userId: absent.id,
      substituteId: substitute.id,
      startsOn: new Date(Date.now() - 2 * DAY),
      endsOn: new Date(Date.now() + 2 * DAY),
    },
  })
  const cases = [
    await createTestCase({ teamId: eae.id, counsellorId: substitute.id }),
    await createTestCase({ teamId: eae.id, counsellorId: absent.id }),
    await createTestCase({ teamId: eae.id, counsellorId: colleague.id }),
    await createTestCase({ teamId: eae.id, counsellorId: colleague.id, sharedForSubstitution: true }),
    await createTestCase({ teamId: eae.id }),
    await createTestCase({ teamId: rostock.id, counsellorId: stranger.id }),
  ]
  const statuses = [...OPEN_REFERRAL_STATUSES, 'COMPLETED', 'CANCELLED']
  let n = 0
  for (const [index, kase] of cases.entries()) {
    // Sent times around the threshold's day boundary in Germany (10 days before NOW) and far from it,
    // and one at the boundary itself (11 days and 11.5 hours back: not over the threshold).
    const offsets = [0, 9, 10, 11, 30].flatMap((days) =>
      [-2, 0, 21.9, 22.1].map((hours) => days * DAY + hours * 3_600_000),
    )
    offsets.push(NOW.getTime() - overThresholdCutoff(10, NOW).getTime())
    for (const offset of offsets) {
      n += 1
      await prisma.referral.create({
        data: {
          caseId: kase.id,
          partnerId: n % 5 === 0 ? null : partners[(n + index) % partners.length]!.id,
          kind: n % 2 ? 'PSYCHOSOCIAL_CENTRE' : 'LEGAL_ADVICE',
          urgency: 'REGULAR',
          status: statuses[n % statuses.length]!,
          sentAt: new Date(NOW.getTime() - offset),
          consentFlaggedAt: n % 7 === 0 ? NOW : null,
        },
      })
    }
    const mediationStatuses = [...BILLABLE_STATUSES, ...OPEN_STATUSES, 'CANCELLED_IN_TIME']
    for (let month = 0; month < 14; month += 1) {
      n += 1
      const requestedAt = new Date(Date.UTC(2025, month, 28, 23, 30))
      await prisma.languageMediation.create({
        data: {
          caseId: kase.id,
          languageCode: ['arb', 'rus', 'ukr'][n % 3]!,
          mode: n % 2 ? 'PHONE' : 'ON_SITE',
          providerKind: 'POOL',
          providerId: n % 4 === 0 ? null : partners[n % partners.length]!.id,
          requestedAt,
          performedAt: n % 3 === 0 ? null : new Date(requestedAt.getTime() + 3 * DAY),
          billedMinutes: n % 5 === 0 ? null : 30 + month,
          costCents: n % 6 === 0 ? null : 1000 + n,
          costBearer: n % 4 === 1 ? null : 'LAND',
          status: mediationStatuses[n % mediationStatuses.length]!,
        },
      })
    }
  }
  // A partner only another team has an open referral with, and one the team has only closed referrals
  // with: neither is a choice of the team's overview.
  const [elsewhere, closedOnly] = await prisma.partnerOrganisation.findMany({ select: { id: true }, skip: 4, take: 2, orderBy: { id: 'asc' } })
  for (const [kase, partner, status] of [
    [cases[5]!, elsewhere!, 'WAITING_LIST'],
    [cases[0]!, closedOnly!, 'COMPLETED'],
  ] as const)
    await prisma.referral.create({
      data: { caseId: kase.id, partnerId: partner.id, kind: 'LEGAL_ADVICE', urgency: 'REGULAR', status, sentAt: new Date(NOW.getTime() - 40 * DAY) },
    })
  return { actors: { lead, substitute, absent, colleague, stranger, strangerLead, admin } }
}

async function allPages(visible: Awaited<ReturnType<typeof visibleCasesWhere>>, filters = {}) {
  const first = await listOpenReferrals(visible, filters, { userId: 'test' }, { now: NOW })
  const rows = [...first.referrals]
  for (let page = 2; page <= first.pages; page += 1)
    rows.push(
      ...(await listOpenReferrals(visible, filters, { userId: 'test' }, { page, now: NOW })).referrals,
    )
  return { first, rows }
}

describe('raw overviews keep the need-to-know filter', () => {
  test('open referrals, their counts and partner options equal the ORM over visibleCasesWhere for every role', async () => {
    const { actors } = await world()
    const seen = new Map<string, number>()
    for (const [name, actor] of Object.entries(actors)) {
      const visible = await visibleCasesWhere(actor)
      const expected = await prisma.referral.findMany({
        where: { case: visible, status: { in: [...OPEN_REFERRAL_STATUSES] } },
        select: {
          id: true,
          status: true,
          sentAt: true,
          clearingAt: true,
          admittedAt: true,
          closedAt: true,
          consentFlaggedAt: true,
          partnerId: true,
          kind: true,
          case: { select: { team: { select: { referralWaitThresholdDays: true } } } },
        },
        orderBy: [{ sentAt: 'asc' }, { id: 'asc' }],
      })
      const { first, rows } = await allPages(visible)
      expect(
        rows.map((row) => row.id),
        name,
      ).toEqual(expected.map((row) => row.id))
      expect(first.total, name).toBe(expected.length)
      expect(first.flaggedCount, name).toBe(expected.filter((row) => row.consentFlaggedAt).length)
      const over = expected.filter((row) => {
        const waited = waitingTimes(row, NOW).waitingSoFar
        return waited !== null && waited > row.case.team.referralWaitThresholdDays
      })
      expect(first.overCount, name).toBe(over.length)
      expect(rows.filter((row) => row.overThreshold).length, name).toBe(over.length)

      const partners = await prisma.partnerOrganisation.findMany({
        where: { referrals: { some: { case: visible, status: { in: [...OPEN_REFERRAL_STATUSES] } } } },
        select: { id: true, name: true },
        orderBy: { name: 'asc' },
      })
      expect(first.partners, name).toEqual(partners)

      for (const partner of partners) {
        // the partner's referrals of one status and kind, and its counts; the choices stay all partners
        const filtered = await allPages(visible, { partnerId: partner.id, kind: 'LEGAL_ADVICE', status: 'REGISTERED' })
        const chosen = await prisma.referral.findMany({
          where: { case: visible, status: 'REGISTERED', partnerId: partner.id, kind: 'LEGAL_ADVICE' },
          select: { id: true, sentAt: true, status: true, clearingAt: true, admittedAt: true, closedAt: true, consentFlaggedAt: true },
          orderBy: [{ sentAt: 'asc' }, { id: 'asc' }],
        })
        expect(filtered.rows.map((row) => row.id), name).toEqual(chosen.map((row) => row.id))
        expect(filtered.first, name).toMatchObject({ partnerId: partner.id, total: chosen.length, partners })
        expect(filtered.first.flaggedCount, name).toBe(chosen.filter((row) => row.consentFlaggedAt).length)
        const threshold = filtered.first.threshold
        expect(filtered.first.overCount, name).toBe(chosen.filter((row) => (waitingTimes(row, NOW).waitingSoFar ?? -1) > threshold).length)
        const byPartner = await allPages(visible, { partnerId: partner.id })
        expect(byPartner.rows.map((row) => row.id), name).toEqual(expected.filter((row) => row.partnerId === partner.id).map((row) => row.id))
        expect(byPartner.first.total, name).toBe(expected.filter((row) => row.partnerId === partner.id).length)
        expect(byPartner.first.overCount, name).toBe(over.filter((row) => row.partnerId === partner.id).length)
      }
      for (const filter of [{ status: 'REGISTERED' }, { kind: 'LEGAL_ADVICE' }, { status: 'WAITING_LIST', kind: 'PSYCHOSOCIAL_CENTRE' }]) {
        const filtered = await allPages(visible, filter)
        const chosen = expected.filter((row) => (!filter.status || row.status === filter.status) && (!('kind' in filter) || row.kind === filter.kind))
        expect(filtered.rows.map((row) => row.id), name).toEqual(chosen.map((row) => row.id))
        expect(filtered.first, name).toMatchObject({ total: chosen.length, flaggedCount: chosen.filter((row) => row.consentFlaggedAt).length, partners })
        expect(filtered.first.overCount, name).toBe(chosen.filter((row) => (waitingTimes(row, NOW).waitingSoFar ?? -1) > row.case.team.referralWaitThresholdDays).length)
      }
      // A partner filter naming no partner of these open referrals is ignored: all of them, as unfiltered.
      const elsewhere = await prisma.partnerOrganisation.findFirst({ where: { id: { notIn: partners.map((partner) => partner.id) } }, select: { id: true } })
      for (const partnerId of ['no-such-partner', ...(elsewhere ? [elsewhere.id] : [])]) {
        const ignored = await allPages(visible, { partnerId })
        expect(ignored.first, name).toMatchObject({ partnerId: undefined, total: first.total, overCount: first.overCount, flaggedCount: first.flaggedCount, partners })
        expect(ignored.rows.map((row) => row.id), name).toEqual(rows.map((row) => row.id))
      }
      seen.set(name, expected.length)
    }
    // The relations differ, so the comparison above is not trivially about equal sets.
    expect(seen.get('admin')).toBe(0)
    expect(seen.get('lead')!).toBeGreaterThan(OVERVIEW_PAGE_SIZE)
    expect(seen.get('substitute')!).toBeGreaterThan(seen.get('colleague')!)
    expect(seen.get('lead')!).toBeGreaterThan(seen.get('substitute')!)
    expect(seen.get('stranger')!).toBeGreaterThan(0)
  })

  test('the over-threshold cutoff is the start of the day in Germany, threshold days back', () => {
    // 29 March 2026 (summer time from 02:00): 10 days back is 19 March, winter time (UTC+1).
    expect(overThresholdCutoff(10, NOW).toISOString()).toBe('2026-03-18T23:00:00.000Z')
    expect(overThresholdCutoff(0, new Date('2026-07-01T22:30:00Z')).toISOString()).toBe(
      '2026-07-01T22:00:00.000Z',
    )
  })

  test('language-mediation figures, open requests and years equal the ORM over visibleCasesWhere', async () => {
    const { actors } = await world()
    for (const [name, actor] of Object.entries(actors)) {
      const visible = await visibleCasesWhere(actor)
      for (const year of [2025, 2026]) {
        const start = new Date(Date.UTC(year, 0, 1))
        const end = new Date(Date.UTC(year + 1, 0, 1))
        const records = await prisma.languageMediation.findMany({
          where: {
            case: visible,
            status: { in: [...BILLABLE_STATUSES] },
            OR: [
              { performedAt: { gte: start, lt: end } },
              { performedAt: null, requestedAt: { gte: start, lt: end } },
            ],
          },
          select: {
            languageCode: true,
            mode: true,
            costBearer: true,
            billedMinutes: true,
            costCents: true,
            performedAt: true,
            requestedAt: true,
          },
        })
        const detail = new Map<string, { count: number; minutes: number; costCents: number }>()
        for (const record of records) {
          const month = (record.performedAt ?? record.requestedAt).toISOString().slice(5, 7)
          const key = [month, record.languageCode, record.mode, record.costBearer ?? ''].join('|')
          const row = detail.get(key) ?? { count: 0, minutes: 0, costCents: 0 }
          row.count += 1
          row.minutes += record.billedMinutes ?? 0
          row.costCents += record.costCents ?? 0
          detail.set(key, row)
        }
        const overview = await mediationOverview(visible, year)
        expect(
          overview.detail.map(({ key, count, minutes, costCents }) => ({ key, count, minutes, costCents })),
          `${name} ${year}`,
        ).toEqual(
          [...detail.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([key, row]) => ({ key, ...row })),
        )
        expect(overview.total.count, `${name} ${year}`).toBe(records.length)
        expect(overview.months.reduce((sum, month) => sum + month.count, 0)).toBe(records.length)
        const { detail: _detail, ...splits } = overview
        expect(await mediationSummary(visible, year), `${name} ${year}: the page's figures`).toEqual(splits)
      }

      const open = await prisma.languageMediation.findMany({
        where: { case: visible, status: { in: [...OPEN_STATUSES] } },
        select: {
          id: true,
          caseId: true,
          languageCode: true,
          mode: true,
          status: true,
          requestedAt: true,
          provider: { select: { name: true } },
          case: { select: { client: { select: { pseudonymCode: true } } } },
        },
        orderBy: [{ requestedAt: 'asc' }, { id: 'asc' }],
      })
      const requests = []
      for (let page = 1, pages = 1; page <= pages; page += 1) {
        const result = await openMediationRequests(visible, { page })
        expect(result.total, name).toBe(open.length)
        requests.push(...result.rows.map(openRequest))
        pages = result.pages
      }
      expect(
        requests.map((row) => row.id),
        name,
      ).toEqual(open.map((row) => row.id))
      expect(
        requests.map((row) => row.case.client.pseudonymCode),
        name,
      ).toEqual(open.map((row) => row.case.client.pseudonymCode))
      // every field as the ORM reads it: the rows arrive as one JSON text (decision 193), ties of the
      // requested time (the same time in every case) in the order of their ids, providers named or none
      expect(requests, name).toEqual(open)
      if (requests.length > 0) expect(new Set(requests.map((row) => row.provider === null)), name).toEqual(new Set([true, false]))

      const oldest = await prisma.languageMediation.findFirst({
        where: { case: visible },
        select: { requestedAt: true },
        orderBy: { requestedAt: 'asc' },
      })
      const years = await mediationYears(visible, NOW)
      expect(years.at(-1), name).toBe(oldest ? oldest.requestedAt.getUTCFullYear() : NOW.getUTCFullYear())
    }
  })

  test('a case filter of another shape is refused rather than translated loosely', () => {
    expect(() => visibleCasesSql({ status: 'OPEN' })).toThrow(/unsupported/)
    expect(() => visibleCasesSql({ teamId: 't', OR: [{ counsellorId: { in: ['a'] } }] })).toThrow(
      /unsupported/,
    )
    expect(() => visibleCasesSql({ teamId: 't', counsellorId: 'a' })).toThrow(/unsupported/)
    expect(visibleCasesSql({ id: { in: [] } })).toEqual({ kind: 'none' })
  })
})
