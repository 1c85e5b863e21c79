// Decision 146's appendix (session 21): the daily pages' own statements bind every value the planner
// could read as `+?` — with a plain `?` compared to an indexed column, or in a LIMIT, SQLite (STAT4)
// compiles the statement anew at every run. Each statement, caught as the app prepares it, must have
// no plain `?` and answer the same with plain `?`; the case list's filters keep theirs (their plans
// depend on the value) and say so here. The plans are compared with and without statistics.
import { describe, expect, test } from 'vitest'
import { START_PAGE_LIMITS } from '#app/components/follow-up-list.tsx'
import { getUnreadAssignments } from '#app/models/assignment-inbox.server.ts'
import { getAuditFilterOptions, listAuditEvents, parseAuditFilter } from '#app/models/audit-log.server.ts'
import { requireCaseAccess, visibleCasesWhere } from '#app/models/case-access.server.ts'
import { caseListFilterOptions, listCases } from '#app/models/case.server.ts'
import { getCatalogue } from '#app/models/catalogue.server.ts'
import { earlierContactFollowUp, mediationOptions, quickEntryDefaults } from '#app/models/contact.server.ts'
import { getMyFollowUps } from '#app/models/follow-up.server.ts'
import { mediationSummary, openMediationRequests } from '#app/models/language-mediation.server.ts'
import { listOpenReferrals } from '#app/models/referral.server.ts'
import { getStartPageCounts } from '#app/models/start-page.server.ts'
import { getQueue } from '#app/models/team-lead.server.ts'
import { getUser } from '#app/utils/auth.server.ts'
import { prisma } from '#app/utils/db.server.ts'
import { createTestCase, createUser, getTeams, requestAs } from '#tests/factories.ts'
import {
  type CaughtStatement,
  expectBoundOutsideThePlanner,
  planFor,
  plansOf,
} from '#tests/statement-plans.ts'
import { seedPartners } from '../../prisma/partners.ts'

const DAY = 86_400_000
const NOW = new Date()

async function world() {
  await seedPartners()
  const partner = await prisma.partnerOrganisation.findFirstOrThrow({ select: { id: true } })
  const { eae, rostock } = await getTeams()
  const lead = await createUser({ role: 'TEAM_LEAD', teamId: eae.id })
  const counsellor = await createUser({ teamId: eae.id })
  const colleague = await createUser({ teamId: eae.id })
  const admin = await createUser({ role: 'ADMIN', teamId: eae.id })
  const own = await createTestCase({ teamId: eae.id, counsellorId: counsellor.id })
  const shared = await createTestCase({
    teamId: eae.id,
    counsellorId: colleague.id,
    sharedForSubstitution: true,
  })
  await createTestCase({ teamId: eae.id, counsellorId: colleague.id, status: 'ACTIVE' })
  await createTestCase({ teamId: rostock.id })
  for (const [index, kase] of [own, shared].entries()) {
    await prisma.followUp.create({
      data: {
        caseId: kase.id,
        assigneeId: counsellor.id,
        dueDate: new Date(NOW.getTime() - (index + 1) * DAY),
        source: 'MANUAL',
        note: 'Anrufen',
      },
    })
    await prisma.followUp.create({
      data: { caseId: kase.id, dueDate: new Date(NOW.getTime() + DAY), source: 'CONTACT' },
    })
    await prisma.assignment.create({
      data: {
        caseId: kase.id,
        toUserId: counsellor.id,
        assignedById: lead.id,
        at: new Date(NOW.getTime() - index * 60_000),
      },
    })
    await prisma.contact.create({
      data: {
        caseId: kase.id,
        date: new Date(NOW.getTime() - DAY),
        mode: 'IN_PERSON',
        setting: 'INDIVIDUAL',
        durationMinutes: 30,
        languageCode: 'deu',
        authorId: counsellor.id,
      },
    })
    for (const status of ['WAITING_LIST', 'INQUIRY', 'COMPLETED'])
      await prisma.referral.create({
        data: {
          caseId: kase.id,
          partnerId: partner.id,
          kind: 'PSYCHOSOCIAL_CENTRE',
          urgency: 'REGULAR',
          status,
          sentAt: new Date(NOW.getTime() - 40 * DAY),
        },
      })
    for (const status of ['REQUESTED', 'DONE'])
      await prisma.languageMediation.create({
        data: {
          caseId: kase.id,
          languageCode: 'arb',
          mode: 'PHONE',
          providerKind: 'POOL',
          status,
          requestedAt: new Date(NOW.getTime() - 3 * DAY),
          performedAt: status === 'DONE' ? new Date(NOW.getTime() - 2 * DAY) : null,
          billedMinutes: 30,
          costCents: 1000,
        },
      })
    await prisma.notification.create({
      data: { userId: counsellor.id, kind: 'HANDOVER_ANSWERED', caseId: kase.id },
    })
    // the lead's own: a follow-up and an unread assignment
    await prisma.followUp.create({
      data: {
        caseId: kase.id,
        assigneeId: lead.id,
        dueDate: new Date(NOW.getTime() - DAY),
        source: 'MANUAL',
        note: 'Prüfen',
      },
    })
    await prisma.assignment.create({
      data: { caseId: kase.id, toUserId: lead.id, assignedById: counsellor.id, at: NOW },
    })
  }
  await prisma.auditEvent.create({
    data: {
      userId: counsellor.id,
      action: 'case.read',
      entity: 'case',
      entityId: own.id,
      caseId: own.id,
      outcome: 'SUCCESS',
    },
  })
  return { eae, lead, counsellor, colleague, admin, own, shared }
}

/** Every caught statement's plan, the same with plain `?` as with `+?` (the values the app bound). */
async function expectSamePlans(caught: CaughtStatement[]) {
  const differing: string[] = []
  for (const { sql, values, plan } of caught) {
    const plain = await planFor(sql.replaceAll('+?', '?'), values)
    if (plain !== plan) differing.push(`${sql}\n  plain: ${plain}\n  +?:    ${plan}`)
  }
  expect(differing).toEqual([])
}

async function dailyReads(actors: Awaited<ReturnType<typeof world>>) {
  const { lead, counsellor, own } = actors
  const caught: CaughtStatement[] = []
  const catch_ = async (marker: string, work: () => Promise<unknown>) =>
    caught.push(...(await plansOf(work, marker)))
  await catch_('FROM "Session" WHERE', async () =>
    expect(await getUser(await requestAs(counsellor.id, '/about'))).toMatchObject({ id: counsellor.id }),
  )
  await catch_('FROM "Case" c WHERE c."id" = +?', () => requireCaseAccess(counsellor, own.id, 'read'))
  await catch_('SELECT', async () => {
    for (const actor of [counsellor, lead]) {
      await getMyFollowUps(actor, NOW)
      await getUnreadAssignments(actor)
      await getStartPageCounts(actor)
    }
  })
  await catch_('SELECT', async () => {
    for (const actor of [counsellor, lead]) {
      expect((await listCases(actor, { sort: 'opened-desc', page: 1 }, NOW)).total).toBeGreaterThan(0)
      await caseListFilterOptions(actor, 'de')
    }
  })
  await catch_('"Referral" r', async () => {
    for (const actor of [counsellor, lead])
      expect(
        (await listOpenReferrals(await visibleCasesWhere(actor), {}, { userId: actor.id })).total,
      ).toBeGreaterThan(0)
  })
  await catch_('"LanguageMediation" m', async () => {
    for (const actor of [counsellor, lead])
      expect((await openMediationRequests(await visibleCasesWhere(actor))).total).toBeGreaterThan(0)
  })
  await catch_('"MediationFigure" f', async () =>
    mediationSummary(await visibleCasesWhere(lead), NOW.getUTCFullYear()),
  )
  await catch_('SELECT', async () => {
    const options = await getAuditFilterOptions()
    await listAuditEvents(
      parseAuditFilter(new URLSearchParams()),
      ((key: string) => key) as never,
      options.users,
    )
  })
  await catch_('WHERE "caseId" = +?', async () => {
    await mediationOptions(own.id, 'de')
    await quickEntryDefaults(own.id)
    expect(await earlierContactFollowUp(own.id)).not.toBeNull()
  })
  await catch_('FROM "CatalogueEntry"', () => getCatalogue('TOPIC', 'de'))
  return caught
}

describe("the daily pages' statements (decision 146's appendix)", () => {
  test('bind every value the planner could read as +?, answer as with plain values, and plan the same', async () => {
    const actors = await world()
    const checks = async () => {
      const caught = await dailyReads(actors)
      const markers = [
        'FROM "Session" WHERE "id" = +? LIMIT 1) s',
        'FROM "FollowUp" f',
        'FROM "Assignment" a',
        '"openCases"',
        'ORDER BY c."openedAt" DESC',
        'u."displayName" AS counsellorName',
        "'counsellor' AS list",
        'FROM "Referral" r WHERE',
        'FROM "LanguageMediation" m',
        'FROM "MediationFigure" f',
        'FROM "AuditEvent" ORDER BY "id" DESC',
        'COALESCE(c."clientCode"',
        'FROM "LanguageMediation"\n',
        'FROM "Contact" WHERE',
        'FROM "FollowUp"\n',
        'FROM "CatalogueEntry"',
      ]
      for (const marker of markers)
        expect(
          caught.some((statement) => statement.sql.includes(marker)),
          marker,
        ).toBe(true)
      // the access check: a grant's time, the case, the substitutes — every value unplanned
      expect(caught.some((statement) => statement.sql.includes('"emergencyGrant"'))).toBe(true)
      // the pages' statements (the topic list has no value at all; the team's case count and the
      // referral threshold are not read by the planner)
      const bound = caught.filter(
        (statement) =>
          statement.values.length > 0 &&
          !/FROM "TeamCaseCount"|FROM "Team" WHERE|json_each|FROM "Absence" a\s+WHERE a."substituteId" = \?/.test(
            statement.sql,
          ),
      )
      await expectBoundOutsideThePlanner(
        bound.filter((statement) => statement.sql.includes('+?')),
        // values the planner does not read: the referral counts' cut-off (inside a FILTER, not the WHERE
        // clause; the open statuses not waiting are literals there, decision 231)
        /FILTER \(WHERE r\."status" NOT IN \('[A-Z_', ]+'\) AND r\."sentAt" < \?/g,
      )
      expect(
        bound.filter((statement) => !statement.sql.includes('+?')).map((statement) => statement.sql),
      ).toEqual([])
      await expectSamePlans(caught)
    }
    await checks() // no statistics
    await prisma.$executeRawUnsafe('ANALYZE') // statistics with samples (STAT4), as a used installation has
    await checks()
  })

  // Fixed limits are written into the SQL (session 22): the inbox's, the follow-ups' and the queue's
  // 50th case were bound as `+?` before, which the planner did not read either. Each must stay a
  // literal and plan and answer as it did bound.
  test('the start page and the queue write their fixed limits into the SQL, with the plans and rows they had bound', async () => {
    const { lead, counsellor, eae } = await world()
    const literals = [
      ['FROM "FollowUp" f', /WHEN 0 THEN (200|10)\b/], // each bucket's limit (decision 199): the default and the start page's
      ['FROM "Assignment" a', /LIMIT 50\b/],
      ['INDEXED BY "Case_teamId_queueSince_openedAt_id_idx"', /OFFSET 49\)/],
    ] as const
    for (const statistics of [false, true]) {
      if (statistics) await prisma.$executeRawUnsafe('ANALYZE')
      const caught = await plansOf(async () => {
        for (const actor of [counsellor, lead]) {
          await getMyFollowUps(actor, NOW)
          // the start page's own limits (10 / 10 / 5), as its loader asks (session 26's review)
          await getMyFollowUps(actor, NOW, START_PAGE_LIMITS)
          await getUnreadAssignments(actor)
        }
        await getQueue(eae.id, NOW)
      }, 'SELECT')
      for (const [marker, literal] of literals) {
        const statements = caught.filter((statement) => statement.sql.includes(marker))
        expect(statements.length, marker).toBeGreaterThan(0)
        for (const { sql, values, plan } of statements) {
          const found = literal.exec(sql)
          expect(found, sql).not.toBeNull()
          // the same statement with the number bound as `+?` where it stands
          const at = found!.index + found![0].search(/\d/)
          const digits = /\d+/.exec(sql.slice(at))![0]
          const bound = `${sql.slice(0, at)}+?${sql.slice(at + digits.length)}`
          const index = (sql.slice(0, at).match(/\?/g) ?? []).length
          const boundValues = [...values.slice(0, index), Number(digits), ...values.slice(index)]
          expect(await planFor(bound, boundValues), sql).toBe(plan)
          expect(await prisma.$queryRawUnsafe<unknown[]>(bound, ...boundValues)).toEqual(
            await prisma.$queryRawUnsafe<unknown[]>(sql, ...values),
          )
        }
      }
    }
  })

  test("the case list's filters keep a plain ? (the plan depends on the value); the team's is +?", async () => {
    const { lead } = await world()
    await prisma.$executeRawUnsafe('ANALYZE')
    const caught = await plansOf(
      () => listCases(lead, { sort: 'opened-desc', page: 1, status: 'ACTIVE', programme: 'MBE' }, NOW),
      'FROM "Case" c WHERE',
    )
    expect(caught.length).toBeGreaterThan(0)
    for (const { sql } of caught) {
      expect(sql).toMatch(/c\."teamId" = \+\?/)
      expect(sql).toMatch(/c\."status" = \?/)
      expect(sql).toMatch(/c\."programme" = \?/)
    }
    await expectSamePlans(caught)
  })
})
