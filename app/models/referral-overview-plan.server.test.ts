// The /referrals page statement as listOpenReferrals runs it (caught on the connection, values and
// all) must walk the partial index Referral_open_waiting_idx in waiting order when every open status
// is asked for, so SQLite stops after the page instead of sorting the team's open referrals, and
// reads the page's rows from it (decision 079); with one status it keeps that status's range of
// Referral_overview_idx; a lead's counts without a filter are entries of partial indexes (decision 198),
// with a filter the walk of Referral_overview_idx (the whole team's over-threshold count, as ranges of it). Every page's rows are
// compared with the ORM elsewhere (case-visibility-sql.server.test.ts).
import { describe, expect, test } from 'vitest'
import { prisma } from '#app/utils/db.server.ts'
import { plansOf as plansOfMarked } from '#tests/statement-plans.ts'
import { createTestCase, createUser, getTeams } from '#tests/factories.ts'
import { seedPartners } from '../../prisma/partners.ts'
import { OPEN_REFERRAL_STATUSES } from '#app/domain/referral-lifecycle.ts'
import { visibleCasesWhere } from './case-access.server.ts'
import { listOpenReferrals } from './referral.server.ts'

/** Every statement on Referral prepared on the app's connection while `work` runs, with its plan. */
const plansOf = (work: () => Promise<unknown>) => plansOfMarked(work, 'FROM "Referral" r ')

describe('the /referrals statements and their indexes', () => {
  test('the page of every open status walks the partial index in waiting order; one status keeps the overview index; a lead\'s counts read partial indexes\' entries (with a filter the overview index), a counsellor\'s ranges of their own', async () => {
    await seedPartners()
    const partner = await prisma.partnerOrganisation.findFirstOrThrow({ select: { id: true } })
    const { eae } = await getTeams()
    const lead = await createUser({ role: 'TEAM_LEAD', teamId: eae.id })
    const counsellor = await createUser({ teamId: eae.id })
    const kase = await createTestCase({ teamId: eae.id, counsellorId: counsellor.id })
    const statuses = ['INQUIRY', 'WAITING_LIST', 'ADMITTED', 'COMPLETED', 'DECLINED', 'CANCELLED']
    for (let i = 0; i < 60; i++) {
      await prisma.referral.create({
        data: { caseId: kase.id, partnerId: partner.id, kind: 'PSYCHOSOCIAL_CENTRE', urgency: 'REGULAR', status: statuses[i % statuses.length]!, sentAt: new Date(Date.UTC(2026, 0, 1 + i)) },
      })
    }
    await prisma.$executeRawUnsafe('ANALYZE "Referral"')
    for (const user of [lead, counsellor]) {
      const visible = await visibleCasesWhere(user)
      const all = await plansOf(() => listOpenReferrals(visible, {}, { userId: user.id }))
      const page = all.filter((statement) => statement.sql.includes('LIMIT'))
      const counts = all.filter((statement) => statement.sql.includes('COUNT('))
      expect(page).toHaveLength(1)
      expect(page[0]!.plan).toMatch(/USING COVERING INDEX Referral_open_waiting_idx \(caseTeamId=\?\)/)
      // the page's rows from the index alone, no sort of the walked entries (an ORDER BY of the
      // outer query would sort only the page's 50 rows)
      const walk = page[0]!.plan.split(' | SCAN r')[0]!
      expect(walk).toMatch(/^CO-ROUTINE r \| SEARCH r USING COVERING INDEX Referral_open_waiting_idx \(caseTeamId=\?\)$/)
      expect(counts).toHaveLength(1)
      // a lead's counts walk the team's range of the overview index; a counsellor's are the team's shared
      // open referrals and each counsellor's own unshared ones, ranges of Referral_open_visible_idx (session 25)
      if (user === lead) {
        // without a filter each count reads entries only: the open ones of the narrow partial index, the
        // flagged ones of their own partial index (decision 198); with a filter the walk of the overview index
        expect(counts[0]!.plan).toMatch(/SEARCH r USING COVERING INDEX Referral_open_partner_idx \(caseTeamId=\?\)/)
        expect(counts[0]!.plan).toMatch(/SEARCH r USING INDEX Referral_open_flagged_idx \(caseTeamId=\? AND status=\?\)/)
        const filtered = (await plansOf(() => listOpenReferrals(visible, { kind: 'PSYCHOSOCIAL_CENTRE' }, { userId: user.id }))).filter((statement) =>
          statement.sql.includes('COUNT('),
        )
        expect(filtered).toHaveLength(1)
        expect(filtered[0]!.plan).toMatch(/^SEARCH r USING COVERING INDEX Referral_overview_idx \(caseTeamId=\? AND status=\?\)/)
        expect(filtered[0]!.plan).not.toMatch(/Referral_open_flagged_idx/)
      } else {
        expect(counts[0]!.plan).not.toMatch(/Referral_overview_idx/)
        expect(counts[0]!.plan).toMatch(/SEARCH r USING COVERING INDEX Referral_open_visible_idx \(caseTeamId=\? AND caseShared=\?\)/)
        expect(counts[0]!.plan.match(/SEARCH r USING COVERING INDEX Referral_open_visible_idx \(caseTeamId=\? AND caseShared=\? AND caseCounsellorId=\?/g), counts[0]!.plan).toHaveLength(2)
        // each range counted by an aggregate of its own, the rows added up in JavaScript: no range's entries
        // handed up through a union to one aggregate (session 28)
        expect(counts[0]!.plan, counts[0]!.plan).toMatch(/^COMPOUND QUERY \| LEFT-MOST SUBQUERY/)
        expect(counts[0]!.plan, counts[0]!.plan).not.toMatch(/CO-ROUTINE/)
      }
      // The whole team's over-threshold count: the waiting statuses' ranges before the cut-off, entries
      // counted without reading a column; a counsellor's is a FILTER of the one walk.
      if (user === lead)
        expect(counts[0]!.plan).toMatch(
          /SCALAR SUBQUERY \d+ \| SEARCH r USING COVERING INDEX Referral_overview_idx \(caseTeamId=\? AND status=\? AND sentAt<\?\)/,
        )
      else expect(counts[0]!.plan).not.toMatch(/SCALAR SUBQUERY/)
      // The lead's partner choices: one look-up per partner in the partial index of open referrals
      // (decision 164); a counsellor's come from the walk of the counts.
      const partnerChoices = await plansOfMarked(
        () => listOpenReferrals(visible, {}, { userId: user.id }),
        'FROM "PartnerOrganisation" p',
      )
      expect(partnerChoices).toHaveLength(1)
      if (user === lead) {
        expect(partnerChoices[0]!.plan, partnerChoices[0]!.plan).toMatch(/SEARCH r EXISTS USING COVERING INDEX Referral_open_partner_idx \(caseTeamId=\? AND partnerId=\? AND status=\?\)/)
        expect(counts[0]!.sql).not.toMatch(/json_group_array/)
      } else expect(partnerChoices[0]!.sql).toMatch(/json_each/)
      const one = await plansOf(() => listOpenReferrals(visible, { status: 'WAITING_LIST' }, { userId: user.id }))
      expect(one.find((statement) => statement.sql.includes('LIMIT'))!.plan).toMatch(/SEARCH r USING COVERING INDEX Referral_overview_idx \(caseTeamId=\? AND status=\?\)/)
    }
  })

  test('the partial indexes list exactly the open statuses of the referral lifecycle', async () => {
    // The statements name OPEN_REFERRAL_STATUSES as literals; SQLite uses a partial index only when
    // they imply its condition, and the page (or a lead's partner choices) would silently miss referrals
    // of a status added to the lifecycle but not to the index (decisions 079, 164). The migrated
    // database's indexes are the reference.
    for (const name of ['Referral_open_waiting_idx', 'Referral_open_partner_idx', 'Referral_open_visible_idx', 'Referral_open_flagged_idx']) {
      const [index] = await prisma.$queryRawUnsafe<Array<{ sql: string }>>(
        "SELECT sql FROM sqlite_master WHERE type = 'index' AND name = ?",
        name,
      )
      const condition = /(?:WHERE|AND)\s+status\s+IN\s*\(([^)]*)\)\s*$/i.exec(index!.sql)
      expect(condition, index!.sql).not.toBeNull()
      const listed = condition![1]!.split(',').map((literal) => literal.trim().replace(/^'(.*)'$/, '$1'))
      expect([...listed].sort(), name).toEqual([...OPEN_REFERRAL_STATUSES].sort())
      expect(new Set(listed).size).toBe(listed.length)
    }
  })
})
