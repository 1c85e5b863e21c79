// A colleague who leaves meets an assignment in flight: the team lead's form checked the assignee a moment before
// the person was deactivated, moved to another team or made administrator (their open work handed over in that
// change's transaction, decision 203). The assignment's own transaction checks the person again: nothing is
// assigned to someone who can no longer work on the case — from the queue (/team/queue) or on the case's page.
import { describe, expect, test } from 'vitest'
import { prisma } from '#app/utils/db.server.ts'
import { createTestCase, createUser, getTeams, inRequest } from '#tests/factories.ts'
import { bulkReassign, handOverOpenWork, HandoverTargetUnavailable } from './staff-change.server.ts'
import { assignFromQueue, reassignCase } from './team-lead.server.ts'
import { setUserActive, updateUser } from './user.server.ts'

/** The work's result, run as inside a request (the audit's request id). */
async function run<T>(work: () => Promise<T>) {
  return (await inRequest(work)).result
}

async function team() {
  const { rostock, greifswald } = await getTeams()
  const lead = await createUser({ role: 'TEAM_LEAD', teamId: rostock.id })
  const admin = await createUser({ role: 'ADMIN', teamId: rostock.id })
  const person = await createUser({ role: 'COUNSELLOR', teamId: rostock.id })
  const queued = await Promise.all([0, 1, 2].map(() => createTestCase({ teamId: rostock.id })))
  return { rostock, greifswald, lead, admin, person, queued: queued.map((kase) => kase.id) }
}

async function unchanged(caseIds: string[]) {
  const cases = await prisma.case.findMany({ where: { id: { in: caseIds } }, select: { counsellorId: true, version: true } })
  expect(cases.map((kase) => kase.counsellorId)).toEqual(caseIds.map(() => null))
  expect(await prisma.assignment.count({ where: { caseId: { in: caseIds } } })).toBe(0)
  expect(await prisma.auditEvent.count({ where: { action: 'case.assign', caseId: { in: caseIds } } })).toBe(0)
}

describe('the assignee is checked inside the assignment', () => {
  test('deactivated after the form was checked: nothing assigned from the queue, and the outcome says why', async () => {
    const { rostock, lead, admin, person, queued } = await team()
    await setUserActive(person.id, false, admin.id)
    const outcome = await run(() => assignFromQueue({ teamId: rostock.id, caseIds: queued, counsellorId: person.id, note: null }, lead.id))
    expect(outcome).toEqual({ assigned: [], alreadyAssigned: [], notInTeam: [], assigneeUnavailable: true })
    await unchanged(queued)
  })

  test('moved to another team or made administrator: nothing assigned', async () => {
    const { rostock, greifswald, lead, admin, person, queued } = await team()
    const input = { email: `${person.id}@test.example`, displayName: person.displayName, languages: [] as string[] }
    await updateUser(person.id, { ...input, role: 'COUNSELLOR', teamId: greifswald.id }, admin.id)
    expect((await run(() => assignFromQueue({ teamId: rostock.id, caseIds: queued, counsellorId: person.id, note: null }, lead.id))).assigneeUnavailable).toBe(true)
    const other = await createUser({ role: 'COUNSELLOR', teamId: rostock.id })
    await updateUser(other.id, { ...input, email: `${other.id}@test.example`, role: 'ADMIN', teamId: rostock.id }, admin.id)
    expect((await run(() => assignFromQueue({ teamId: rostock.id, caseIds: queued, counsellorId: other.id, note: null }, lead.id))).assigneeUnavailable).toBe(true)
    await unchanged(queued)
    // an active colleague still gets them, all three
    const colleague = await createUser({ role: 'COUNSELLOR', teamId: rostock.id })
    const outcome = await run(() => assignFromQueue({ teamId: rostock.id, caseIds: queued, counsellorId: colleague.id, note: null }, lead.id))
    expect(outcome).toEqual({ assigned: queued, alreadyAssigned: [], notInTeam: [], assigneeUnavailable: false })
  })

  test("on the case's page: 'assignee-unavailable', the case and its version unchanged; unassigning needs nobody", async () => {
    const { rostock, lead, admin, person, queued } = await team()
    const caseId = queued[0]!
    const { version } = await prisma.case.findUniqueOrThrow({ where: { id: caseId }, select: { version: true } })
    await setUserActive(person.id, false, admin.id)
    const saved = await run(() => reassignCase({ caseId, teamId: rostock.id, version, counsellorId: person.id, note: null }, lead.id))
    expect(saved).toEqual({ ok: false, reason: 'assignee-unavailable' })
    expect(await prisma.case.findUniqueOrThrow({ where: { id: caseId }, select: { version: true } })).toEqual({ version })
    await unchanged([caseId])
    const colleague = await createUser({ role: 'COUNSELLOR', teamId: rostock.id })
    expect(await run(() => reassignCase({ caseId, teamId: rostock.id, version, counsellorId: colleague.id, note: null }, lead.id))).toEqual({ ok: true })
    expect(await run(() => reassignCase({ caseId, teamId: rostock.id, version: version + 1, counsellorId: null, note: null }, lead.id))).toEqual({ ok: true })
  })

  test("on the case's page: a version changed meanwhile is 'stale', nothing changed; the reason is part of the result", async () => {
    const { rostock, lead, person, queued } = await team()
    const caseId = queued[0]!
    const { version } = await prisma.case.findUniqueOrThrow({ where: { id: caseId }, select: { version: true } })
    const stale = await run(() => reassignCase({ caseId, teamId: rostock.id, version: version - 1, counsellorId: person.id, note: null }, lead.id))
    expect(stale).toEqual({ ok: false, reason: 'stale' })
    expect(await prisma.case.findUniqueOrThrow({ where: { id: caseId }, select: { version: true } })).toEqual({ version })
    await unchanged([caseId])
    // a case of another team is not reassigned from this team's page either
    const { greifswald } = await getTeams()
    expect(await run(() => reassignCase({ caseId, teamId: greifswald.id, version, counsellorId: null, note: null }, lead.id))).toEqual({ ok: false, reason: 'stale' })
    await unchanged([caseId])
  })

  test('a handover or a bulk reassignment to someone no longer in the team is refused by the same check, nothing moved', async () => {
    const { rostock, lead, admin, person } = await team()
    const leaving = await createUser({ role: 'COUNSELLOR', teamId: rostock.id })
    const held = await createTestCase({ teamId: rostock.id, counsellorId: leaving.id })
    const { version } = await prisma.case.findUniqueOrThrow({ where: { id: held.id }, select: { version: true } })
    await setUserActive(person.id, false, admin.id)
    const handOver = (target: string) =>
      run(() => setUserActive(leaving.id, false, admin.id, (tx) => handOverOpenWork(tx, { userId: leaving.id, teamId: rostock.id, target, actorId: admin.id, reason: 'deactivated' })))
    // to the deactivated colleague, and to the person leaving: refused, the account change undone with it
    await expect(handOver(person.id)).rejects.toBeInstanceOf(HandoverTargetUnavailable)
    await expect(handOver(leaving.id)).rejects.toBeInstanceOf(HandoverTargetUnavailable)
    expect(await prisma.user.findUniqueOrThrow({ where: { id: leaving.id }, select: { active: true } })).toEqual({ active: true })
    const reassign = (toId: string) => run(() => bulkReassign({ teamId: rostock.id, fromId: leaving.id, toId, cases: [{ id: held.id, version }] }, lead.id))
    expect(await reassign(person.id)).toEqual({ ok: false, reason: 'target' })
    expect(await reassign(leaving.id)).toEqual({ ok: false, reason: 'target' })
    expect(await prisma.case.findUniqueOrThrow({ where: { id: held.id }, select: { counsellorId: true, version: true } })).toEqual({ counsellorId: leaving.id, version })
    // an active colleague takes them
    const colleague = await createUser({ role: 'COUNSELLOR', teamId: rostock.id })
    expect(await reassign(colleague.id)).toEqual({ ok: true, moved: 1 })
  })

  test('deactivation and assignment at the same moment: the person never holds a case after leaving', async () => {
    const { rostock, admin, lead } = await getTeams().then(async (teams) => ({
      rostock: teams.rostock,
      admin: await createUser({ role: 'ADMIN', teamId: teams.rostock.id }),
      lead: await createUser({ role: 'TEAM_LEAD', teamId: teams.rostock.id }),
    }))
    for (let round = 0; round < 8; round++) {
      const person = await createUser({ role: 'COUNSELLOR', teamId: rostock.id })
      const queued = (await Promise.all([0, 1, 2].map(() => createTestCase({ teamId: rostock.id })))).map((kase) => kase.id)
      const leave = () =>
        run(() =>
          setUserActive(person.id, false, admin.id, (tx) => handOverOpenWork(tx, { userId: person.id, teamId: rostock.id, target: null, actorId: admin.id, reason: 'deactivated' })),
        )
      const assign = () => run(() => assignFromQueue({ teamId: rostock.id, caseIds: queued, counsellorId: person.id, note: null }, lead.id))
      // both orders of starting, so that either transaction may take the write lock first
      const [outcome] = round % 2 ? await Promise.all([assign(), leave()]) : (await Promise.all([leave(), assign()])).reverse() as [Awaited<ReturnType<typeof assign>>, unknown]
      // whichever came first: the person holds nothing now; assigned first, the handover put the cases back in the queue
      expect(await prisma.case.count({ where: { counsellorId: person.id, status: { not: 'CLOSED' } } })).toBe(0)
      const cases = await prisma.case.findMany({ where: { id: { in: queued } }, select: { counsellorId: true } })
      expect(cases.every((kase) => kase.counsellorId === null)).toBe(true)
      expect(outcome.assigned.length + (outcome.assigneeUnavailable ? 0 : outcome.alreadyAssigned.length)).toBe(outcome.assigneeUnavailable ? 0 : 3)
    }
  })
})
