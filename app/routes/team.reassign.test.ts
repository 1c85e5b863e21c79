// Bulk reassignment from the workload (issue 14, item 5): all or some cases of one counsellor to
// another, confirmed with a summary first, one transaction audited per case; with parallel requests
// no case is lost or assigned twice.
import { describe, expect, test } from 'vitest'
import { prisma } from '#app/utils/db.server.ts'
import { createTestCase, createUser, getTeams, requestAs, settle, statusOf } from '#tests/factories.ts'
import { action, loader } from './team.reassign.tsx'

let teamCounter = 0

async function arrange() {
  teamCounter += 1
  const team = await prisma.team.create({ data: { name: `Beratungsstelle Umverteilung ${teamCounter}-${Date.now()}`, kind: 'REGIONAL' }, select: { id: true } })
  const lead = await createUser({ role: 'TEAM_LEAD', teamId: team.id })
  const secondLead = await createUser({ role: 'TEAM_LEAD', teamId: team.id })
  const from = await createUser({ teamId: team.id, displayName: 'Anna From' })
  const to = await createUser({ teamId: team.id, displayName: 'Ben To' })
  const other = await createUser({ teamId: team.id, displayName: 'Cleo Other' })
  const cases = await Promise.all([0, 1, 2].map(() => createTestCase({ teamId: team.id, counsellorId: from.id })))
  await prisma.followUp.create({ data: { caseId: cases[0]!.id, assigneeId: from.id, source: 'MANUAL', dueDate: new Date() } })
  return { team, lead, secondLead, from, to, other, cases }
}

async function post(userId: string, form: Record<string, string | string[]>) {
  return settle(action({ request: await requestAs(userId, '/team/reassign', { form }), params: {}, context: {} }))
}

const holders = async (ids: string[]) => (await prisma.case.findMany({ where: { id: { in: ids } }, select: { counsellorId: true } })).map((row) => row.counsellorId)

describe('bulk reassignment', () => {
  test('lists the counsellor\'s open cases, confirms with a summary, then moves the selected ones with their follow-ups, audited per case', async () => {
    const { lead, from, to, cases } = await arrange()
    const page = (await settle(loader({ request: await requestAs(lead.id, `/team/reassign?from=${from.id}`), params: {}, context: {} }))) as Awaited<ReturnType<typeof loader>>
    expect(page.cases.map((kase) => kase.id).sort()).toEqual(cases.map((kase) => kase.id).sort())
    const chosen = page.cases.slice(0, 2).map((kase) => `${kase.id}:${kase.version}`)
    const form = { fromId: from.id, toId: to.id, case: chosen }

    const summary = (await post(lead.id, form)) as unknown as { data?: unknown; confirm: { count: number; toName: string } }
    expect(summary.confirm).toMatchObject({ count: 2, toName: 'Ben To' })
    expect(await holders(cases.map((kase) => kase.id))).toEqual([from.id, from.id, from.id])

    const done = await post(lead.id, { ...form, confirmed: 'yes' })
    expect((done as Response).headers.get('Location')).toBe('/team?done=reassigned#workload')
    const moved = page.cases.slice(0, 2).map((kase) => kase.id)
    expect(await holders(moved)).toEqual([to.id, to.id])
    expect(await holders([page.cases[2]!.id])).toEqual([from.id])
    const events = await prisma.auditEvent.findMany({ where: { action: 'case.assign', userId: lead.id }, select: { caseId: true, details: true } })
    expect(events.map((event) => event.caseId).sort()).toEqual([...moved].sort())
    expect(await prisma.assignment.count({ where: { fromUserId: from.id, toUserId: to.id, note: 'bulk', readAt: null } })).toBe(2)
    if (moved.includes(cases[0]!.id)) expect((await prisma.followUp.findFirstOrThrow({ where: { caseId: cases[0]!.id } })).assigneeId).toBe(to.id)
  })

  test('a case sent twice is one case in the summary, as it is one case moved', async () => {
    const { lead, from, to, cases } = await arrange()
    const once = `${cases[0]!.id}:${cases[0]!.version}`
    const summary = (await post(lead.id, { fromId: from.id, toId: to.id, case: [once, once, `${cases[1]!.id}:${cases[1]!.version}`] })) as unknown as { confirm: { count: number } }
    expect(summary.confirm.count).toBe(2)
  })

  test('two team leads reassign the same cases at the same moment: one move wins whole, the other changes nothing', async () => {
    const { lead, secondLead, from, to, other, cases } = await arrange()
    const versions = cases.map((kase) => `${kase.id}:${kase.version}`)
    const results = await Promise.all([
      post(lead.id, { fromId: from.id, toId: to.id, case: versions, confirmed: 'yes' }),
      post(secondLead.id, { fromId: from.id, toId: other.id, case: versions, confirmed: 'yes' }),
    ])
    expect(results.map(statusOf).sort()).toEqual([302, 409])
    const now = await holders(cases.map((kase) => kase.id))
    expect(new Set(now).size).toBe(1)
    const winner = now[0]!
    expect([to.id, other.id]).toContain(winner)
    // every case assigned exactly once, by one lead
    expect(await prisma.assignment.count({ where: { caseId: { in: cases.map((kase) => kase.id) } } })).toBe(3)
    expect(await prisma.auditEvent.count({ where: { action: 'case.assign', caseId: { in: cases.map((kase) => kase.id) } } })).toBe(3)
    const loser = results.find((result) => statusOf(result) === 409) as unknown as { data: { stale: number } }
    expect(loser.data.stale).toBe(3)
  })

  test('a case another lead moved in between stops the whole move; targets outside the team and empty selections are refused', async () => {
    const { lead, from, to, cases } = await arrange()
    const versions = cases.map((kase) => `${kase.id}:${kase.version}`)
    await prisma.case.update({ where: { id: cases[1]!.id }, data: { version: { increment: 1 } } })
    const stale = await post(lead.id, { fromId: from.id, toId: to.id, case: versions, confirmed: 'yes' })
    expect(statusOf(stale)).toBe(409)
    expect(await holders(cases.map((kase) => kase.id))).toEqual([from.id, from.id, from.id])
    const outsider = await createUser({ teamId: (await getTeams()).rostock.id })
    expect(statusOf(await post(lead.id, { fromId: from.id, toId: outsider.id, case: versions }))).toBe(400)
    expect(statusOf(await post(lead.id, { fromId: from.id, toId: to.id }))).toBe(400)
    expect(statusOf(await post(from.id, { fromId: from.id, toId: to.id, case: versions }))).toBe(403)
    // A lead of another team moves nothing of this team, even with the right ids and versions.
    const otherLead = await createUser({ role: 'TEAM_LEAD', teamId: (await getTeams()).rostock.id })
    const otherTo = await createUser({ teamId: (await getTeams()).rostock.id })
    const fresh = (await prisma.case.findMany({ where: { id: { in: cases.map((kase) => kase.id) } }, select: { id: true, version: true } })).map((kase) => `${kase.id}:${kase.version}`)
    expect(statusOf(await post(otherLead.id, { fromId: from.id, toId: otherTo.id, case: fresh, confirmed: 'yes' }))).toBe(409)
    expect(await holders(cases.map((kase) => kase.id))).toEqual([from.id, from.id, from.id])
  })
})
