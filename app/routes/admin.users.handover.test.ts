// Staff changes (issue 14, item 5): deactivating a counsellor or moving them to another team first
// shows their open work and asks whom it goes to; the change and the handover are one transaction,
// audited per case; the team lead sees what came back to the queue, and /team flags cases whose
// counsellor is gone.
import { describe, expect, test, vi } from 'vitest'
import { unpackQueueRows } from '#app/components/team-rows.ts'
import type * as staffChange from '#app/models/staff-change.server.ts'
import { getOpenWork } from '#app/models/staff-change.server.ts'
import { prisma } from '#app/utils/db.server.ts'
import { createTestCase, createUser, getTeams, requestAs, settle, statusOf } from '#tests/factories.ts'
import { action } from './admin.users.$userId.tsx'
import { loader as noticesLoader } from './privacy.notices.tsx'
import { loader as teamLoader } from './team._index.tsx'
import { loader as queueLoader } from './team.queue.tsx'

// The open-work check as the real one, but a test can make it answer "nothing" once: work given to the person
// between that check and the change (a race of two administrators' or a lead's requests).
vi.mock('#app/models/staff-change.server.ts', async (importOriginal) => {
  const actual = await importOriginal<typeof staffChange>()
  return { ...actual, getOpenWork: vi.fn(actual.getOpenWork) }
})

let teamCounter = 0

async function arrange() {
  teamCounter += 1
  const admin = await createUser({ role: 'ADMIN' })
  const team = await prisma.team.create({ data: { name: `Beratungsstelle Wechsel ${teamCounter}-${Date.now()}`, kind: 'REGIONAL' }, select: { id: true } })
  const lead = await createUser({ role: 'TEAM_LEAD', teamId: team.id })
  const leaving = await createUser({ teamId: team.id, displayName: 'Leaving Counsellor' })
  const colleague = await createUser({ teamId: team.id, displayName: 'Staying Colleague' })
  const active = await createTestCase({ teamId: team.id, counsellorId: leaving.id, status: 'ACTIVE' })
  const open = await createTestCase({ teamId: team.id, counsellorId: leaving.id })
  const closed = await createTestCase({ teamId: team.id, counsellorId: leaving.id, status: 'CLOSED' })
  const colleaguesCase = await createTestCase({ teamId: team.id, counsellorId: colleague.id })
  const yesterday = new Date(Date.now() - 2 * 86_400_000)
  await prisma.followUp.createMany({
    data: [
      { caseId: active.id, assigneeId: leaving.id, source: 'MANUAL', dueDate: yesterday },
      { caseId: open.id, assigneeId: leaving.id, source: 'MANUAL', dueDate: new Date(Date.now() + 7 * 86_400_000) },
      // a follow-up on a colleague's case that was given to the leaving person goes back to that case's counsellor
      { caseId: colleaguesCase.id, assigneeId: leaving.id, source: 'MANUAL', dueDate: new Date(Date.now() + 86_400_000) },
    ],
  })
  return { admin, team, lead, leaving, colleague, active, open, closed, colleaguesCase }
}

async function post(adminId: string, userId: string, form: Record<string, string>) {
  return settle(action({ request: await requestAs(adminId, `/admin/users/${userId}`, { form }), params: { userId }, context: {} }))
}

type Step = { data: { handover: { work: { cases: number; byStatus: Record<string, number>; followUps: number; overdue: number }; colleagues: Array<{ value: string; label: string }>; fields: string[][]; error: string | null } } }

const counsellorOf = async (id: string) => (await prisma.case.findUniqueOrThrow({ where: { id }, select: { counsellorId: true } })).counsellorId

describe('staff changes', () => {
  test('deactivating shows the open work, requires a choice, then hands everything to the colleague in one go', async () => {
    const { admin, leaving, colleague, lead, active, open, closed, colleaguesCase } = await arrange()
    const summary = (await post(admin.id, leaving.id, { intent: 'deactivate' })) as unknown as Step
    expect(statusOf(summary)).toBe(200)
    expect(summary.data.handover.work).toEqual({ cases: 2, byStatus: { ACTIVE: 1, OPEN: 1 }, followUps: 3, overdue: 1 })
    expect(summary.data.handover.colleagues.map((person) => person.label).sort()).toEqual([colleague.displayName, lead.displayName].sort())
    // The administrator sees figures only, never which clients.
    expect(JSON.stringify(summary.data.handover)).not.toMatch(/T\d{4}-/)
    expect((await prisma.user.findUniqueOrThrow({ where: { id: leaving.id }, select: { active: true } })).active).toBe(true)

    // Confirming without a choice changes nothing and asks again.
    const unchosen = (await post(admin.id, leaving.id, { intent: 'deactivate', confirmed: 'yes' })) as unknown as Step
    expect(statusOf(unchosen)).toBe(400)
    expect(unchosen.data.handover.error).toBe('admin:users.handover.choose')
    // Someone outside the team is no choice either.
    const outsider = await createUser({ teamId: (await getTeams()).rostock.id })
    expect(statusOf(await post(admin.id, leaving.id, { intent: 'deactivate', confirmed: 'yes', handover: outsider.id }))).toBe(400)

    const done = await post(admin.id, leaving.id, { intent: 'deactivate', confirmed: 'yes', handover: colleague.id })
    expect(statusOf(done)).toBe(302)
    expect((await prisma.user.findUniqueOrThrow({ where: { id: leaving.id }, select: { active: true } })).active).toBe(false)
    expect(await counsellorOf(active.id)).toBe(colleague.id)
    expect(await counsellorOf(open.id)).toBe(colleague.id)
    // a closed case keeps its history as it was
    expect(await counsellorOf(closed.id)).toBe(leaving.id)
    expect(await prisma.followUp.count({ where: { assigneeId: leaving.id, doneAt: null } })).toBe(0)
    expect(await prisma.followUp.count({ where: { assigneeId: colleague.id, doneAt: null } })).toBe(3)
    expect((await prisma.followUp.findFirstOrThrow({ where: { caseId: colleaguesCase.id } })).assigneeId).toBe(colleague.id)
    const events = await prisma.auditEvent.findMany({ where: { action: 'case.assign', userId: admin.id }, select: { caseId: true, details: true } })
    expect(events.map((event) => event.caseId).sort()).toEqual([active.id, open.id].sort())
    for (const event of events) expect(JSON.parse(event.details!)).toEqual({ fromUserId: leaving.id, toUserId: colleague.id, via: 'staff-change', reason: 'deactivated' })
    expect(await prisma.assignment.count({ where: { fromUserId: leaving.id, toUserId: colleague.id, note: 'staff-change' } })).toBe(2)
    expect(await prisma.auditEvent.count({ where: { action: 'user.deactivate', entityId: leaving.id } })).toBe(1)
  })

  test('moving to another team hands the cases to the queue: the lead is notified per case; /team flags what was left behind', async () => {
    const { admin, team, leaving, lead, active, open } = await arrange()
    const { rostock } = await getTeams()
    const form = { intent: 'save', email: `moved.${Date.now()}@test.example`, displayName: 'Leaving Counsellor', role: 'COUNSELLOR', teamId: rostock.id, languages: '' }
    const summary = (await post(admin.id, leaving.id, form)) as unknown as Step
    expect(summary.data.handover.work.cases).toBe(2)
    expect(summary.data.handover.fields).toEqual(expect.arrayContaining([['teamId', rostock.id], ['intent', 'save']]))
    expect((await prisma.user.findUniqueOrThrow({ where: { id: leaving.id }, select: { teamId: true } })).teamId).toBe(team.id)

    // Before: a case of a counsellor deactivated some other way (directly in the database) is flagged.
    const stray = await createUser({ teamId: team.id, displayName: 'Gone Elsewhere' })
    const strayCase = await createTestCase({ teamId: team.id, counsellorId: stray.id })
    await prisma.user.update({ where: { id: stray.id }, data: { teamId: rostock.id } })
    const flagged = (await settle(teamLoader({ request: await requestAs(lead.id, '/team'), params: {}, context: {} }))) as Awaited<ReturnType<typeof teamLoader>>
    expect(flagged.orphaned).toEqual([expect.objectContaining({ id: strayCase.id, counsellor: 'Gone Elsewhere', why: 'other-team' })])

    const done = await post(admin.id, leaving.id, { ...form, confirmed: 'yes', handover: 'queue' })
    expect(statusOf(done)).toBe(302)
    expect((await prisma.user.findUniqueOrThrow({ where: { id: leaving.id }, select: { teamId: true } })).teamId).toBe(rostock.id)
    expect(await counsellorOf(active.id)).toBeNull()
    expect(await counsellorOf(open.id)).toBeNull()
    expect(await prisma.followUp.count({ where: { caseId: { in: [active.id, open.id] }, assigneeId: null, doneAt: null } })).toBe(2)
    expect(await prisma.notification.count({ where: { userId: lead.id, kind: 'QUEUED' } })).toBe(2)
    const notices = (await settle(noticesLoader({ request: await requestAs(lead.id, '/privacy/notices'), params: {}, context: {} }))) as Awaited<ReturnType<typeof noticesLoader>>
    expect(notices.notices.filter((notice) => notice.kind === 'QUEUED').map((notice) => notice.reason)).toEqual(['team-change', 'team-change'])
    const after = (await settle(teamLoader({ request: await requestAs(lead.id, '/team'), params: {}, context: {} }))) as Awaited<ReturnType<typeof teamLoader>>
    const queue = (await settle(queueLoader({ request: await requestAs(lead.id, '/team/queue'), params: {}, context: {} }))) as Awaited<ReturnType<typeof queueLoader>>
    expect(unpackQueueRows(queue.queue.rows).map((row) => row.id).sort()).toEqual([active.id, open.id].sort())
    // The moved counsellor's cases are no longer flagged: they are in the queue now.
    expect(after.orphaned.map((row) => row.id)).toEqual([strayCase.id])
  })

  test('without open work the account changes at once, as before', async () => {
    const { admin, colleague } = await arrange()
    await prisma.case.updateMany({ where: { counsellorId: colleague.id }, data: { status: 'CLOSED' } })
    await prisma.followUp.deleteMany({ where: { assigneeId: colleague.id } })
    const done = await post(admin.id, colleague.id, { intent: 'deactivate' })
    expect(statusOf(done)).toBe(302)
    expect((await prisma.user.findUniqueOrThrow({ where: { id: colleague.id }, select: { active: true } })).active).toBe(false)
  })

  test('work given to the person after the check for open work goes to the queue with the change, audited: nothing stays with someone who left', async () => {
    for (const change of ['deactivate', 'team', 'administrator'] as const) {
      const { admin, team, leaving, lead, active, open, colleaguesCase } = await arrange()
      const { rostock } = await getTeams()
      // the check saw nothing; the cases and follow-ups of arrange() stand for what came in since
      vi.mocked(getOpenWork).mockResolvedValueOnce({ cases: 0, byStatus: {}, followUps: 0, overdue: 0 })
      const form: Record<string, string> =
        change === 'deactivate'
          ? { intent: 'deactivate' }
          : { intent: 'save', email: `raced.${change}.${Date.now()}@test.example`, displayName: 'Leaving Counsellor', role: change === 'administrator' ? 'ADMIN' : 'COUNSELLOR', teamId: change === 'team' ? rostock.id : team.id, languages: '' }
      expect(statusOf(await post(admin.id, leaving.id, form)), change).toBe(302)
      expect(await counsellorOf(active.id), change).toBeNull()
      expect(await counsellorOf(open.id), change).toBeNull()
      expect(await prisma.followUp.count({ where: { assigneeId: leaving.id, doneAt: null } }), change).toBe(0)
      expect((await prisma.followUp.findFirstOrThrow({ where: { caseId: colleaguesCase.id } })).assigneeId, change).not.toBe(leaving.id)
      expect(await prisma.auditEvent.count({ where: { action: 'case.assign', userId: admin.id, caseId: { in: [active.id, open.id] } } }), change).toBe(2)
      expect(await prisma.notification.count({ where: { userId: lead.id, kind: 'QUEUED', caseId: { in: [active.id, open.id] } } }), change).toBe(2)
    }
  })
})
