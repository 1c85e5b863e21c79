// A follow-up is always for someone who can see it (decision 203): the figure a team lead balances work by
// (/team's overdue follow-ups, counted by assignee) equals what each person's start page and /follow-ups show.
// One case walked through a year across every seam that changes who may read it, the figures compared for every
// active person of both teams after each step; then each writer that re-homes follow-ups on its own, and the
// migration that brought earlier data under the rule.
import { afterEach, describe, expect, test, vi } from 'vitest'
import { scaledAtStart } from '#tests/setup/slowdown.ts'
import { type Actor } from '#app/domain/access-policy.ts'
import { type Role } from '#app/domain/codes.ts'
import { FOLLOW_UPS_NOBODY_SHOULD_HOLD_SQL } from '#app/domain/follow-up-assignee.ts'
import { requireCaseAccess } from '#app/models/case-access.server.ts'
import { createContact } from '#app/models/contact.server.ts'
import { type ContactFormValues } from '#app/forms/contact.ts'
import { addResidenceStatus, changeCaseStatus, getMasterData, updateMasterData, type MasterDataInput } from '#app/models/case-file.server.ts'
import { createReturningCase } from '#app/models/client.server.ts'
import { getFollowUpPage, getMyFollowUps } from '#app/models/follow-up.server.ts'
import { handOverOpenWork } from '#app/models/staff-change.server.ts'
import { assignFromQueue, createAbsence, getWorkloadAndAssignable, reassignCase } from '#app/models/team-lead.server.ts'
import { completeTransfer } from '#app/models/transfer.server.ts'
import { setUserActive, updateUser } from '#app/models/user.server.ts'
import { prisma } from '#app/utils/db.server.ts'
import { catalogueId, createTestCase, createUser, getTeams, inRequest, requestAs, settle, statusOf } from '#tests/factories.ts'
import { migrationStatements } from '#tests/migration-statements.ts'
import { action as newContactAction } from '#app/routes/cases.$caseId.contacts.new.tsx'
import { action as followUpsAction } from '#app/routes/cases.$caseId.follow-ups.tsx'
import { action as adminUserAction } from '#app/routes/admin.users.$userId.tsx'

/** The walk runs on the calendar of 2025 (only Date is faked; timers stay real). */
function itIsNow(iso: string) {
  vi.useFakeTimers({ toFake: ['Date'] })
  vi.setSystemTime(new Date(iso))
}

afterEach(() => {
  vi.useRealTimers()
})

async function actorOf(id: string): Promise<Actor> {
  const user = await prisma.user.findUniqueOrThrow({ where: { id }, select: { id: true, role: true, teamId: true } })
  return { id: user.id, role: user.role as Role, teamId: user.teamId }
}

async function nobodyShouldHold() {
  return prisma.$queryRawUnsafe<Array<{ id: string; caseId: string; assigneeId: string | null }>>(FOLLOW_UPS_NOBODY_SHOULD_HOLD_SQL)
}

/**
 * After a step: for every active counsellor and team lead of the teams, /team's overdue figure equals the overdue
 * count of their /follow-ups and of their start page — their own: a substitute's pages also list the absent
 * colleague's (decision 211), counted apart as `standIn`, which /team counts for the colleague; every open
 * follow-up's assignee may read its case; the invariant's SQL finds nothing. Returns each person's overdue count of
 * their own, for the step's own expectations.
 */
async function figuresAgree(step: string, teamIds: string[]) {
  const now = new Date()
  const overdue: Record<string, number> = {}
  for (const teamId of teamIds) {
    const { workload } = await getWorkloadAndAssignable(teamId, 'name', 'asc', now)
    const people = await prisma.user.findMany({ where: { teamId, active: true, role: { in: ['COUNSELLOR', 'TEAM_LEAD'] } }, select: { id: true, displayName: true } })
    for (const person of people) {
      const actor = await actorOf(person.id)
      const onTeam = workload.rows.find((row) => row.id === person.id)?.overdueFollowUps
      const { counts: pageCounts, standIn: pageStandIn } = await getFollowUpPage(actor, { due: 'overdue', page: 1 }, now)
      const onPage = pageCounts.overdue - (pageStandIn?.overdue ?? 0)
      const start = await getMyFollowUps(actor, now)
      const onStart = start.counts.overdue - (start.standIn?.overdue ?? 0)
      expect({ step, person: person.displayName, onTeam, onPage }).toEqual({ step, person: person.displayName, onTeam: onStart, onPage: onStart })
      overdue[person.displayName] = onStart
    }
  }
  const open = await prisma.followUp.findMany({ where: { doneAt: null, assigneeId: { not: null }, case: { status: { not: 'CLOSED' } } }, select: { caseId: true, assigneeId: true } })
  for (const followUp of open) {
    const access = await settle(requireCaseAccess(await actorOf(followUp.assigneeId!), followUp.caseId, 'read'))
    expect({ step, assigneeReads: statusOf(access) }).toEqual({ step, assigneeReads: 200 })
  }
  expect({ step, nobodyShouldHold: await nobodyShouldHold() }).toEqual({ step, nobodyShouldHold: [] })
  return overdue
}

/** What a person's pages show today: the overdue follow-ups of each page, and how many of them they stand in for. */
async function overdueOnPages(personId: string) {
  const actor = await actorOf(personId)
  const start = await getMyFollowUps(actor)
  const page = await getFollowUpPage(actor, { due: 'overdue', page: 1 })
  expect(page.groups.overdue.map((row) => [row.id, row.standInFor ?? null])).toEqual(start.overdue.map((row) => [row.id, row.standInFor ?? null]))
  // /follow-ups' "Nur meine" and "Nur Vertretung" (decision 223) split exactly these, on the days one stands in
  const mine = await getFollowUpPage(actor, { due: 'overdue', page: 1, whose: 'mine' })
  const standIn = await getFollowUpPage(actor, { due: 'overdue', page: 1, whose: 'stand-in' })
  if (standIn.whose === 'stand-in') {
    expect(standIn.counts.overdue).toBe(start.standIn?.overdue ?? 0)
    expect(mine.counts.overdue + standIn.counts.overdue).toBe(page.counts.overdue)
    expect(standIn.groups.overdue.every((row) => row.standInFor)).toBe(true)
    expect(mine.groups.overdue.some((row) => row.standInFor)).toBe(false)
  } else {
    expect([mine.whose, start.standIn?.overdue ?? 0]).toEqual(['all', 0])
  }
  return { overdue: start.counts.overdue, standIn: start.standIn?.overdue ?? 0, page: page.counts.overdue, marked: [...new Set(start.overdue.flatMap((row) => row.standInFor ?? []))] }
}

async function addContact(userId: string, caseId: string, day: string, followUpDate: string) {
  const topicIds = [String(await catalogueId('TOPIC', 'HOUSING'))]
  const form = { date: day, durationMinutes: '30', mode: 'OFFICE', setting: 'INDIVIDUAL', personsPresent: '1', interpreting: 'NONE', topicIds, nextStep: 'Unterlagen prüfen', followUpDate }
  const result = await settle(newContactAction({ request: await requestAs(userId, `/cases/${caseId}/contacts/new`, { form }), params: { caseId }, context: {} }))
  expect(statusOf(result)).toBe(302)
}

async function addManual(userId: string, caseId: string, dueDate: string, assigneeId: string) {
  const form = { intent: 'create', dueDate, note: 'Termin nachhalten', assigneeId }
  return statusOf(await settle(followUpsAction({ request: await requestAs(userId, `/cases/${caseId}/follow-ups`, { form }), params: { caseId }, context: {} })))
}

/** The master-data form's save with only the sharing flag changed (`updateMasterData`, as the edit page calls it). */
async function setSharing(actor: Actor, caseId: string, shared: boolean) {
  const { values, version } = await getMasterData(caseId, actor)
  const text = (key: Exclude<keyof typeof values, 'languages'>) => String(values[key] ?? '')
  const optional = (key: Exclude<keyof typeof values, 'languages'>) => (text(key) === '' ? undefined : text(key))
  const input: MasterDataInput = {
    birthYear: Number(text('birthYear')),
    gender: text('gender'),
    nationality: optional('nationality'),
    countryOfOrigin: optional('countryOfOrigin'),
    languages: [...values.languages],
    arrivalMonth: optional('arrivalMonth'),
    districtId: optional('districtId') === undefined ? undefined : Number(text('districtId')),
    householdAdults: Number(text('householdAdults')),
    householdChildren: Number(text('householdChildren')),
    programme: text('programme'),
    accessRoute: text('accessRoute'),
    germanLevel: text('germanLevel'),
    startPlace: text('startPlace'),
    kind: text('kind'),
    familyMembersCounselled: Number(text('familyMembersCounselled')),
    sharedForSubstitution: shared,
    legalBasisId: optional('legalBasisId') === undefined ? undefined : Number(text('legalBasisId')),
    privacyInfoGivenAt: optional('privacyInfoGivenAt'),
    privacyInfoLanguage: optional('privacyInfoLanguage'),
    privacyInfoForm: optional('privacyInfoForm'),
  }
  const result = await updateMasterData({ caseId, actor, version, base: values, input })
  expect(result.ok).toBe(true)
}

const versionOf = async (caseId: string) => (await prisma.case.findUniqueOrThrow({ where: { id: caseId }, select: { version: true } })).version
const assigneesOf = async (caseId: string) =>
  (await prisma.followUp.findMany({ where: { caseId, doneAt: null }, select: { assigneeId: true }, orderBy: { dueDate: 'asc' } })).map((row) => row.assigneeId)

describe('a year of one case: every follow-up is for someone who can see it', () => {
  test('created, contact, reminders for the lead and a colleague, sharing off, reassigned, transferred, assigned, substituted, lead demoted, counsellor leaving, closed, reopened, returning', { timeout: scaledAtStart(180_000) }, async () => {
    itIsNow('2025-02-10T10:00:00Z')
    const { eae, rostock } = await getTeams()
    const teams = [eae.id, rostock.id]
    const admin = await createUser({ role: 'ADMIN', teamId: eae.id, displayName: 'Ada Admin' })
    const carla = await createUser({ teamId: eae.id, displayName: 'Carla EAE' })
    const colin = await createUser({ teamId: eae.id, displayName: 'Colin EAE' })
    const lena = await createUser({ role: 'TEAM_LEAD', teamId: eae.id, displayName: 'Lena Leitung EAE' })
    const rita = await createUser({ role: 'TEAM_LEAD', teamId: rostock.id, displayName: 'Rita Leitung Rostock' })
    const rosa = await createUser({ teamId: rostock.id, displayName: 'Rosa Rostock' })
    const rolf = await createUser({ teamId: rostock.id, displayName: 'Rolf Rostock' })
    const carlaA = await actorOf(carla.id)
    const lenaA = await actorOf(lena.id)
    const rolfA = await actorOf(rolf.id)

    // Created in the EAE for Carla; a second case of Colin's, not shared, on which the lead keeps a reminder.
    const kase = await createTestCase({ teamId: eae.id, counsellorId: carla.id, status: 'ACTIVE', openedAt: new Date('2025-02-03T09:00:00Z') })
    const colinsCase = await createTestCase({ teamId: eae.id, counsellorId: colin.id, status: 'ACTIVE', openedAt: new Date('2025-02-03T09:00:00Z') })
    await figuresAgree('created', teams)

    // A contact with a follow-up, then manual follow-ups for the lead and (while shared) for a colleague.
    await addContact(carla.id, kase.id, '2025-02-10', '2025-02-20')
    expect(await addManual(carla.id, kase.id, '2025-02-25', lena.id)).toBe(302)
    expect(await addManual(lena.id, colinsCase.id, '2025-02-26', lena.id)).toBe(302)
    // Not shared yet: a reminder for Colin on Carla's case is refused.
    expect(await addManual(carla.id, kase.id, '2025-03-01', colin.id)).toBe(400)
    await setSharing(carlaA, kase.id, true)
    expect(await addManual(carla.id, kase.id, '2025-03-01', colin.id)).toBe(302)
    await figuresAgree('contact and manual follow-ups', teams)

    // A month later all of them are overdue.
    itIsNow('2025-03-10T10:00:00Z')
    expect(await figuresAgree('overdue', teams)).toMatchObject({ 'Carla EAE': 1, 'Lena Leitung EAE': 2, 'Colin EAE': 1 })

    // Sharing switched off: Colin's reminder goes to Carla, audited.
    await setSharing(carlaA, kase.id, false)
    expect(await figuresAgree('sharing off', teams)).toMatchObject({ 'Carla EAE': 2, 'Lena Leitung EAE': 2, 'Colin EAE': 0 })
    expect(await prisma.auditEvent.count({ where: { action: 'follow-up.reassign', caseId: kase.id, details: { contains: 'sharing-off' } } })).toBe(1)

    // Reassigned to Colin by the lead: every open follow-up of the case goes with it.
    expect(await reassignCase({ caseId: kase.id, teamId: eae.id, version: await versionOf(kase.id), counsellorId: colin.id, note: null }, lena.id)).toEqual({ ok: true })
    expect(await assigneesOf(kase.id)).toEqual([colin.id, colin.id, colin.id])
    expect(await figuresAgree('reassigned', teams)).toMatchObject({ 'Carla EAE': 0, 'Lena Leitung EAE': 1, 'Colin EAE': 3 })

    // Transferred to Rostock with a handover note: the follow-ups wait for the receiving counsellor.
    const moved = await completeTransfer({ caseId: kase.id, fromTeamId: eae.id, actor: lenaA, input: { toTeamId: rostock.id, reason: 'DISTRIBUTION', handoverNote: 'Termin bei der Ausländerbehörde steht an', version: await versionOf(kase.id) } })
    expect(moved.ok).toBe(true)
    expect(await assigneesOf(kase.id)).toEqual([null, null, null])
    expect(await figuresAgree('transferred', teams)).toMatchObject({ 'Colin EAE': 0, 'Rita Leitung Rostock': 0 })

    // The receiving lead assigns Rosa: the follow-ups are hers.
    expect((await assignFromQueue({ teamId: rostock.id, caseIds: [kase.id], counsellorId: rosa.id, note: null }, rita.id)).assigned).toEqual([kase.id])
    expect(await figuresAgree('assigned in Rostock', teams)).toMatchObject({ 'Rosa Rostock': 3, 'Rolf Rostock': 0 })

    // Rosa is absent, Rolf stands in and records a contact with a follow-up: it is for Rosa, the case's counsellor
    // (and replaces the earlier contact's follow-up, decision 030).
    itIsNow('2025-04-14T10:00:00Z')
    await createAbsence({ userId: rosa.id, substituteId: rolf.id, startsOn: new Date('2025-04-14T00:00:00Z'), endsOn: new Date('2025-04-25T00:00:00Z') }, rita.id)
    await addContact(rolf.id, kase.id, '2025-04-14', '2025-04-16')
    itIsNow('2025-04-17T10:00:00Z')
    expect(await figuresAgree('substitute', teams)).toMatchObject({ 'Rosa Rostock': 3, 'Rolf Rostock': 0 })
    // Rolf's pages show Rosa's three overdue follow-ups besides his own, marked (decision 211), to the absence's last
    // day (25 April, until midnight in Germany: 22:00 UTC in summer time); Rosa's own pages and /team count them as hers.
    expect(await overdueOnPages(rolf.id)).toEqual({ overdue: 3, standIn: 3, page: 3, marked: ['Rosa Rostock'] })
    expect(await overdueOnPages(rosa.id)).toEqual({ overdue: 3, standIn: 0, page: 3, marked: [] })
    itIsNow('2025-04-25T21:30:00Z')
    expect(await overdueOnPages(rolf.id)).toMatchObject({ overdue: 3, standIn: 3 })
    expect(await figuresAgree('the absence\'s last day', teams)).toMatchObject({ 'Rosa Rostock': 3, 'Rolf Rostock': 0 })
    // The day after: Rolf's pages are his own again, nothing reassigned; Rosa, back, sees /team's figure of her.
    itIsNow('2025-04-25T22:30:00Z')
    expect(await overdueOnPages(rolf.id)).toEqual({ overdue: 0, standIn: 0, page: 0, marked: [] })
    expect(await overdueOnPages(rosa.id)).toEqual({ overdue: 3, standIn: 0, page: 3, marked: [] })
    expect(await figuresAgree('back from the absence', teams)).toMatchObject({ 'Rosa Rostock': 3, 'Rolf Rostock': 0 })

    // The EAE's lead is made counsellor: her reminder on Colin's unshared case goes to Colin.
    await updateUser(lena.id, { email: `lena.${Date.now()}@test.example`, displayName: 'Lena Leitung EAE', role: 'COUNSELLOR', teamId: eae.id, languages: [] }, admin.id)
    expect(await figuresAgree('lead demoted', teams)).toMatchObject({ 'Lena Leitung EAE': 0, 'Colin EAE': 1 })
    expect(await assigneesOf(colinsCase.id)).toEqual([colin.id])
    expect(await prisma.auditEvent.count({ where: { action: 'follow-up.reassign', caseId: colinsCase.id, details: { contains: 'role-change' } } })).toBe(1)

    // Rosa leaves: the staff handover gives her cases and follow-ups to Rolf.
    await setUserActive(rosa.id, false, admin.id, (tx) => handOverOpenWork(tx, { userId: rosa.id, teamId: rostock.id, target: rolf.id, actorId: admin.id, reason: 'deactivated' }))
    expect(await figuresAgree('counsellor left', teams)).toMatchObject({ 'Rolf Rostock': 3 })

    // Closed by Rolf: the follow-ups close with the case; reopened, none comes back.
    const reason = await catalogueId('CLOSURE_REASON', 'GOALS_ACHIEVED')
    expect((await changeCaseStatus({ caseId: kase.id, actor: rolfA, fromStatus: 'ACTIVE', toStatus: 'CLOSED', closureReasonId: reason })).ok).toBe(true)
    expect(await figuresAgree('closed', teams)).toMatchObject({ 'Rolf Rostock': 0 })
    itIsNow('2025-09-01T10:00:00Z')
    expect((await changeCaseStatus({ caseId: kase.id, actor: rolfA, fromStatus: 'CLOSED', toStatus: 'ACTIVE' })).ok).toBe(true)
    await addContact(rolf.id, kase.id, '2025-09-01', '2025-09-03')
    itIsNow('2025-09-08T10:00:00Z')
    expect(await figuresAgree('reopened', teams)).toMatchObject({ 'Rolf Rostock': 1 })

    // Closed again; the client comes back in spring with a new case of their own.
    expect((await changeCaseStatus({ caseId: kase.id, actor: rolfA, fromStatus: 'ACTIVE', toStatus: 'CLOSED', closureReasonId: reason })).ok).toBe(true)
    itIsNow('2026-03-02T10:00:00Z')
    const access = await requireCaseAccess(rolfA, kase.id, 'read')
    const returning = await createReturningCase(rolfA, access, { programme: 'MBE', accessRoute: 'WORD_OF_MOUTH', germanLevel: 'A1', startPlace: 'OWN_FLAT', kind: 'SHORT', familyMembersCounselled: 0, sharedForSubstitution: false, counsellorId: null })
    expect(returning.ok).toBe(true)
    const newCaseId = (returning as { caseId: string }).caseId
    await addContact(rolf.id, newCaseId, '2026-03-02', '2026-03-04')
    expect(await addManual(rita.id, newCaseId, '2026-03-05', rosa.id)).toBe(400)
    itIsNow('2026-03-09T10:00:00Z')
    expect(await figuresAgree('returning client', teams)).toMatchObject({ 'Rolf Rostock': 1, 'Rita Leitung Rostock': 0, 'Colin EAE': 1 })
  })
})

describe('writers that re-home follow-ups (decision 203)', () => {
  test('making a counsellor administrator hands their open work over first', async () => {
    const { eae } = await getTeams()
    const admin = await createUser({ role: 'ADMIN', teamId: eae.id })
    const leaving = await createUser({ teamId: eae.id })
    const colleague = await createUser({ teamId: eae.id })
    const kase = await createTestCase({ teamId: eae.id, counsellorId: leaving.id, status: 'ACTIVE' })
    await prisma.followUp.create({ data: { caseId: kase.id, source: 'MANUAL', dueDate: new Date(Date.now() - 3 * 86_400_000), assigneeId: leaving.id } })
    const form = { intent: 'save', email: `promoted.${Date.now()}@test.example`, displayName: 'Promoted', role: 'ADMIN', teamId: eae.id, languages: '' }
    const post = async (extra: Record<string, string>) =>
      settle(adminUserAction({ request: await requestAs(admin.id, `/admin/users/${leaving.id}`, { form: { ...form, ...extra } }), params: { userId: leaving.id }, context: {} }))
    const step = (await post({})) as unknown as { data: { handover: { change: string; work: { cases: number; followUps: number } } } }
    expect(step.data.handover).toMatchObject({ change: 'role', work: { cases: 1, followUps: 1 } })
    expect((await prisma.user.findUniqueOrThrow({ where: { id: leaving.id }, select: { role: true } })).role).toBe('COUNSELLOR')
    expect(statusOf(await post({ confirmed: 'yes', handover: colleague.id }))).toBe(302)
    expect((await prisma.user.findUniqueOrThrow({ where: { id: leaving.id }, select: { role: true } })).role).toBe('ADMIN')
    expect(await prisma.case.findUniqueOrThrow({ where: { id: kase.id }, select: { counsellorId: true } })).toEqual({ counsellorId: colleague.id })
    expect(await assigneesOf(kase.id)).toEqual([colleague.id])
    expect(await prisma.auditEvent.count({ where: { action: 'case.assign', caseId: kase.id, details: { contains: 'role-change' } } })).toBe(1)
    expect(await nobodyShouldHold()).toEqual([])
  })

  test('a team lead who leaves: their reminders on colleagues\' cases go to each case\'s counsellor, audited; not to a counsellor who has left', async () => {
    const { eae } = await getTeams()
    const admin = await createUser({ role: 'ADMIN', teamId: eae.id })
    const lead = await createUser({ role: 'TEAM_LEAD', teamId: eae.id })
    const colleague = await createUser({ teamId: eae.id })
    const gone = await createUser({ teamId: eae.id, active: false })
    const kase = await createTestCase({ teamId: eae.id, counsellorId: colleague.id, status: 'ACTIVE' })
    const orphaned = await createTestCase({ teamId: eae.id, counsellorId: gone.id, status: 'ACTIVE' })
    const due = new Date(Date.now() + 86_400_000)
    for (const caseId of [kase.id, orphaned.id]) await prisma.followUp.create({ data: { caseId, source: 'MANUAL', dueDate: due, assigneeId: lead.id } })
    await setUserActive(lead.id, false, admin.id, (tx) => handOverOpenWork(tx, { userId: lead.id, teamId: eae.id, target: null, actorId: admin.id, reason: 'deactivated' }))
    expect(await assigneesOf(kase.id)).toEqual([colleague.id])
    // the orphaned case's counsellor may hold nothing: nobody until the case is reassigned (/team lists it)
    expect(await assigneesOf(orphaned.id)).toEqual([null])
    const events = await prisma.auditEvent.findMany({ where: { action: 'follow-up.reassign', caseId: { in: [kase.id, orphaned.id] } }, select: { caseId: true, userId: true, details: true } })
    expect(events.map((event) => [event.caseId, event.userId, JSON.parse(event.details!)]).sort()).toEqual(
      [
        [kase.id, admin.id, { fromUserId: lead.id, toUserId: colleague.id, reason: 'deactivated' }],
        [orphaned.id, admin.id, { fromUserId: lead.id, toUserId: null, reason: 'deactivated' }],
      ].sort(),
    )
  })

  test('a contact saved just after its case was reassigned: its follow-up is for the new counsellor, not the one the access check saw', async () => {
    const { eae } = await getTeams()
    const lead = await createUser({ role: 'TEAM_LEAD', teamId: eae.id })
    const before = await createUser({ teamId: eae.id })
    const after = await createUser({ teamId: eae.id })
    const kase = await createTestCase({ teamId: eae.id, counsellorId: before.id, status: 'ACTIVE' })
    const queued = await createTestCase({ teamId: eae.id, counsellorId: before.id, status: 'ACTIVE' })
    const topicIds = [String(await catalogueId('TOPIC', 'HOUSING'))]
    const value = (followUpDate: string) => ({ date: '2025-05-05', durationMinutes: 30, mode: 'OFFICE', setting: 'INDIVIDUAL', personsPresent: 1, interpreting: 'NONE', topicIds, followUpDate }) as unknown as ContactFormValues
    // the access checks pass first (the form is sent), the lead reassigns before the contact's transaction
    const leadAccess = await requireCaseAccess(await actorOf(lead.id), kase.id, 'write')
    const ownAccess = await requireCaseAccess(await actorOf(before.id), queued.id, 'write')
    const version = async (caseId: string) => (await prisma.case.findUniqueOrThrow({ where: { id: caseId }, select: { version: true } })).version
    expect(await reassignCase({ caseId: kase.id, teamId: eae.id, version: await version(kase.id), counsellorId: after.id, note: null }, lead.id)).toEqual({ ok: true })
    expect(await reassignCase({ caseId: queued.id, teamId: eae.id, version: await version(queued.id), counsellorId: null, note: null }, lead.id)).toEqual({ ok: true })
    await inRequest(() => createContact({ actor: { id: lead.id }, kase: leadAccess, value: value('2025-05-12') }), { method: 'POST' })
    await inRequest(() => createContact({ actor: { id: before.id }, kase: ownAccess, value: value('2025-05-12') }), { method: 'POST' })
    expect(await assigneesOf(kase.id)).toEqual([after.id])
    // queued meanwhile: nobody's (the former counsellor may no longer read it)
    expect(await assigneesOf(queued.id)).toEqual([null])
    expect(await nobodyShouldHold()).toEqual([])
  })

  test('a case whose counsellor has left: a new follow-up (a contact\'s, a permit\'s expiry) waits for nobody, not for the one who left', async () => {
    const { eae } = await getTeams()
    const lead = await createUser({ role: 'TEAM_LEAD', teamId: eae.id })
    const gone = await createUser({ teamId: eae.id })
    const kase = await createTestCase({ teamId: eae.id, counsellorId: gone.id, status: 'ACTIVE' })
    // deactivated outside the staff handover (older data): an orphaned case, listed on /team
    await prisma.user.update({ where: { id: gone.id }, data: { active: false } })
    const access = await requireCaseAccess(await actorOf(lead.id), kase.id, 'write')
    const topicIds = [String(await catalogueId('TOPIC', 'HOUSING'))]
    const value = { date: '2025-05-05', durationMinutes: 30, mode: 'OFFICE', setting: 'INDIVIDUAL', personsPresent: 1, interpreting: 'NONE', topicIds, followUpDate: '2025-05-12' } as unknown as ContactFormValues
    await inRequest(() => createContact({ actor: { id: lead.id }, kase: access, value }), { method: 'POST' })
    const statusId = await catalogueId('RESIDENCE_STATUS', 'GESTATTUNG')
    const added = await addResidenceStatus({ caseId: kase.id, actor: await actorOf(lead.id), statusId, validFrom: '2025-05-01', expiresAt: '2025-12-31', today: new Date('2025-06-01T10:00:00Z') })
    expect(added.ok).toBe(true)
    const followUps = await prisma.followUp.findMany({ where: { caseId: kase.id, doneAt: null }, select: { source: true, assigneeId: true }, orderBy: { source: 'asc' } })
    expect(followUps).toEqual([
      { source: 'CONTACT', assigneeId: null },
      { source: 'RESIDENCE_EXPIRY', assigneeId: null },
    ])
    // the lead's reassignment gives them to the new counsellor
    const next = await createUser({ teamId: eae.id })
    const { version } = await prisma.case.findUniqueOrThrow({ where: { id: kase.id }, select: { version: true } })
    expect(await reassignCase({ caseId: kase.id, teamId: eae.id, version, counsellorId: next.id, note: null }, lead.id)).toEqual({ ok: true })
    expect(await assigneesOf(kase.id)).toEqual([next.id, next.id])
    expect(await nobodyShouldHold()).toEqual([])
  })

  test('switching sharing off leaves the lead\'s own reminder and moves a colleague\'s; on a case without a counsellor to nobody', async () => {
    const { eae } = await getTeams()
    const counsellor = await createUser({ teamId: eae.id })
    const colleague = await createUser({ teamId: eae.id })
    const lead = await createUser({ role: 'TEAM_LEAD', teamId: eae.id })
    const kase = await createTestCase({ teamId: eae.id, counsellorId: counsellor.id, status: 'ACTIVE', sharedForSubstitution: true })
    const waiting = await createTestCase({ teamId: eae.id, status: 'OPEN', sharedForSubstitution: true })
    const due = new Date(Date.now() + 86_400_000)
    for (const [caseId, assigneeId] of [[kase.id, colleague.id], [kase.id, lead.id], [waiting.id, colleague.id]] as const)
      await prisma.followUp.create({ data: { caseId, source: 'MANUAL', dueDate: due, assigneeId } })
    expect(await nobodyShouldHold()).toEqual([])
    await setSharing(await actorOf(counsellor.id), kase.id, false)
    await setSharing(await actorOf(lead.id), waiting.id, false)
    expect((await assigneesOf(kase.id)).sort()).toEqual([counsellor.id, lead.id].sort())
    expect(await assigneesOf(waiting.id)).toEqual([null])
    expect(await nobodyShouldHold()).toEqual([])
    const events = await prisma.auditEvent.findMany({ where: { action: 'follow-up.reassign' }, select: { caseId: true, details: true } })
    expect(events.map((event) => [event.caseId, JSON.parse(event.details!)]).sort()).toEqual(
      [
        [kase.id, { fromUserId: colleague.id, toUserId: counsellor.id, reason: 'sharing-off' }],
        [waiting.id, { fromUserId: colleague.id, toUserId: null, reason: 'sharing-off' }],
      ].sort(),
    )
  })
})

describe('migration: follow-ups for those who may read their case', () => {
  const sql = migrationStatements('_follow_ups_for_readers')

  test('re-homes each kind of bad row to the case\'s counsellor, or to nobody, and keeps the good ones', async () => {
    const { eae, rostock } = await getTeams()
    const counsellor = await createUser({ teamId: eae.id })
    const colleague = await createUser({ teamId: eae.id })
    const lead = await createUser({ role: 'TEAM_LEAD', teamId: eae.id })
    const inactive = await createUser({ teamId: eae.id, active: false })
    const elsewhere = await createUser({ teamId: rostock.id })
    const admin = await createUser({ role: 'ADMIN', teamId: eae.id })
    const kase = await createTestCase({ teamId: eae.id, counsellorId: counsellor.id, status: 'ACTIVE' })
    const shared = await createTestCase({ teamId: eae.id, counsellorId: counsellor.id, status: 'ACTIVE', sharedForSubstitution: true })
    const queued = await createTestCase({ teamId: eae.id, status: 'OPEN' })
    const orphaned = await createTestCase({ teamId: eae.id, counsellorId: inactive.id, status: 'ACTIVE' })
    const closed = await createTestCase({ teamId: eae.id, counsellorId: counsellor.id, status: 'CLOSED' })
    const due = new Date('2025-05-05T00:00:00Z')
    const rows = {
      inactive: [kase.id, inactive.id],
      otherTeam: [kase.id, elsewhere.id],
      admin: [kase.id, admin.id],
      colleagueUnshared: [kase.id, colleague.id],
      unassignedWithCounsellor: [kase.id, null],
      queuedColleague: [queued.id, colleague.id],
      orphanedColleague: [orphaned.id, colleague.id],
      // kept
      counsellor: [kase.id, counsellor.id],
      lead: [kase.id, lead.id],
      colleagueShared: [shared.id, colleague.id],
      queuedLead: [queued.id, lead.id],
      queuedNobody: [queued.id, null],
      closedCase: [closed.id, inactive.id],
      closedCaseDone: [closed.id, counsellor.id],
      done: [kase.id, elsewhere.id],
    } as const
    const ids: Record<string, string> = {}
    for (const [name, [caseId, assigneeId]] of Object.entries(rows)) {
      const created = await prisma.followUp.create({ data: { caseId, assigneeId, source: 'MANUAL', dueDate: due, doneAt: name === 'done' || name === 'closedCaseDone' ? due : null }, select: { id: true } })
      ids[name] = created.id
    }
    expect((await nobodyShouldHold()).map((row) => row.id).sort()).toEqual(
      ['inactive', 'otherTeam', 'admin', 'colleagueUnshared', 'unassignedWithCounsellor', 'queuedColleague', 'orphanedColleague'].map((name) => ids[name]).sort(),
    )

    for (const statement of sql) await prisma.$executeRawUnsafe(statement)

    const after = Object.fromEntries(
      await Promise.all(Object.entries(ids).map(async ([name, id]) => [name, (await prisma.followUp.findUniqueOrThrow({ where: { id }, select: { assigneeId: true } })).assigneeId] as const)),
    )
    expect(after).toEqual({
      inactive: counsellor.id,
      otherTeam: counsellor.id,
      admin: counsellor.id,
      colleagueUnshared: counsellor.id,
      unassignedWithCounsellor: counsellor.id,
      queuedColleague: null,
      // the case's counsellor left outside the app: nobody until the case is reassigned (/team lists it)
      orphanedColleague: null,
      counsellor: counsellor.id,
      lead: lead.id,
      colleagueShared: colleague.id,
      queuedLead: lead.id,
      queuedNobody: null,
      closedCase: inactive.id,
      closedCaseDone: counsellor.id,
      done: elsewhere.id,
    })
    // An open follow-up of a closed case is closed at the case's closing (decision 030), one done before keeps its day.
    const closedAt = (await prisma.case.findUniqueOrThrow({ where: { id: closed.id }, select: { closedAt: true, updatedAt: true } }))
    const doneAt = async (name: string) => (await prisma.followUp.findUniqueOrThrow({ where: { id: ids[name]! }, select: { doneAt: true } })).doneAt
    expect(await doneAt('closedCase')).toEqual(closedAt.closedAt ?? closedAt.updatedAt)
    expect(await doneAt('closedCaseDone')).toEqual(due)
    expect(await doneAt('inactive')).toBeNull()
    // What is left is the orphaned case's follow-up only, which its reassignment takes along.
    expect((await nobodyShouldHold()).map((row) => row.id)).toEqual([ids.orphanedColleague])
  })
})
