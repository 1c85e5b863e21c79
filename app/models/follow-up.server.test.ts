import { describe, expect, test } from 'vitest'
import { type Actor } from '#app/domain/access-policy.ts'
import { groupFollowUps, officeDay, parseDay, upcomingWindowEnd } from '#app/domain/follow-up.ts'
import { unpackFollowUpRows } from '#app/components/follow-up-rows.ts'
import { visibleCasesWhere } from '#app/models/case-access.server.ts'
import { prisma } from '#app/utils/db.server.ts'
import { createTestCase, createUser, getTeams, requestAs, settle, statusOf } from '#tests/factories.ts'
import { action as homeAction, loader as homeLoader } from '../routes/_index.tsx'
import { getMyFollowUps } from './follow-up.server.ts'

// A fixed clock: Thursday 26 November 2026, 09:00 in Germany.
const now = new Date('2026-11-26T08:00:00Z')

async function followUp(
  caseId: string,
  assigneeId: string,
  day: string,
  extra: { doneAt?: Date; source?: string } = {},
) {
  return prisma.followUp.create({
    data: {
      caseId,
      assigneeId,
      dueDate: parseDay(day)!,
      source: extra.source ?? 'CONTACT',
      doneAt: extra.doneAt,
    },
    select: { id: true },
  })
}

describe('my follow-ups on the start page', () => {
  test('overdue, today and the next seven days, only open ones and only mine', async () => {
    const { eae } = await getTeams()
    const me = await createUser({ teamId: eae.id })
    const colleague = await createUser({ teamId: eae.id })
    const kase = await createTestCase({ teamId: eae.id, counsellorId: me.id })
    const overdue = await followUp(kase.id, me.id, '2026-11-02', { source: 'RESIDENCE_EXPIRY' })
    const dueToday = await followUp(kase.id, me.id, '2026-11-26')
    const soon = await followUp(kase.id, me.id, '2026-12-03', { source: 'MANUAL' })
    await followUp(kase.id, me.id, '2026-12-04') // beyond the window
    await followUp(kase.id, me.id, '2026-11-20', { doneAt: new Date('2026-11-21T10:00:00Z') })
    await followUp(kase.id, colleague.id, '2026-11-26')
    const groups = await getMyFollowUps(me as Actor, now)
    expect(groups.overdue.map((item) => item.id)).toEqual([overdue.id])
    expect(groups.overdue[0]).toMatchObject({
      source: 'RESIDENCE_EXPIRY',
      caseId: kase.id,
      caseCode: kase.pseudonymCode,
    })
    expect(groups.today.map((item) => item.id)).toEqual([dueToday.id])
    expect(groups.upcoming.map((item) => item.id)).toEqual([soon.id])
    expect(groups.truncated).toBe(false)
  })

  test('an unassigned follow-up of my own case is mine; one of a colleague is not', async () => {
    const { eae } = await getTeams()
    const me = await createUser({ teamId: eae.id })
    const colleague = await createUser({ teamId: eae.id })
    const mine = await createTestCase({ teamId: eae.id, counsellorId: me.id })
    const theirs = await createTestCase({
      teamId: eae.id,
      counsellorId: colleague.id,
      sharedForSubstitution: true,
    })
    const own = await prisma.followUp.create({
      data: { caseId: mine.id, source: 'RESIDENCE_EXPIRY', dueDate: parseDay('2026-11-27')! },
      select: { id: true },
    })
    await prisma.followUp.create({
      data: { caseId: theirs.id, source: 'RESIDENCE_EXPIRY', dueDate: parseDay('2026-11-27')! },
    })
    const groups = await getMyFollowUps(me as Actor, now)
    expect(groups.upcoming.map((item) => item.id)).toEqual([own.id])
  })

  test("each follow-up says what is to be done: the contact's next step, or a manual one's text", async () => {
    const { eae } = await getTeams()
    const me = await createUser({ teamId: eae.id })
    const kase = await createTestCase({ teamId: eae.id, counsellorId: me.id })
    const contact = await prisma.contact.create({
      data: { caseId: kase.id, authorId: me.id, date: parseDay('2026-11-19')!, durationMinutes: 30, mode: 'OFFICE', setting: 'INDIVIDUAL', nextStep: 'Antrag Jobcenter prüfen' },
    })
    const fromContact = await prisma.followUp.create({
      data: { caseId: kase.id, contactId: contact.id, assigneeId: me.id, source: 'CONTACT', dueDate: parseDay('2026-11-26')! },
    })
    const manual = await prisma.followUp.create({
      data: { caseId: kase.id, assigneeId: me.id, source: 'MANUAL', note: 'Rückruf Schule', dueDate: parseDay('2026-11-26')! },
    })
    const expiry = await followUp(kase.id, me.id, '2026-11-26')
    const today = (await getMyFollowUps(me as Actor, now)).today
    const nextStepOf = (id: string) => today.find((item) => item.id === id)?.nextStep
    expect(nextStepOf(fromContact.id)).toBe('Antrag Jobcenter prüfen')
    expect(nextStepOf(manual.id)).toBe('Rückruf Schule')
    expect(nextStepOf(expiry.id)).toBeNull()
  })

  test('a case transferred to another team no longer shows its follow-up', async () => {
    const { eae, rostock } = await getTeams()
    const me = await createUser({ teamId: eae.id })
    const kase = await createTestCase({ teamId: eae.id, counsellorId: me.id })
    await followUp(kase.id, me.id, '2026-11-26')
    expect((await getMyFollowUps(me as Actor, now)).today).toHaveLength(1)
    await prisma.case.update({ where: { id: kase.id }, data: { teamId: rostock.id, counsellorId: null } })
    expect((await getMyFollowUps(me as Actor, now)).today).toHaveLength(0)
  })

  test("the code shown is the client's current one, read from the case's copy (decision 059)", async () => {
    const { eae } = await getTeams()
    const me = await createUser({ teamId: eae.id })
    const kase = await createTestCase({ teamId: eae.id, counsellorId: me.id })
    const other = await createTestCase({ teamId: eae.id })
    await followUp(kase.id, me.id, '2026-11-26')
    expect((await getMyFollowUps(me as Actor, now)).today.map((item) => item.caseCode)).toEqual([kase.pseudonymCode])
    // A corrected code, and the case moved to another record of the same person (a merge).
    await prisma.client.update({ where: { id: kase.clientId }, data: { pseudonymCode: `${kase.pseudonymCode}X` } })
    expect((await getMyFollowUps(me as Actor, now)).today.map((item) => item.caseCode)).toEqual([`${kase.pseudonymCode}X`])
    await prisma.case.update({ where: { id: kase.id }, data: { clientId: other.clientId } })
    expect((await getMyFollowUps(me as Actor, now)).today.map((item) => item.caseCode)).toEqual([other.pseudonymCode])
  })

  test('the start page loads the lists and the open-case count; an administrator gets links only', async () => {
    const { eae } = await getTeams()
    const me = await createUser({ teamId: eae.id })
    await createTestCase({ teamId: eae.id, counsellorId: me.id })
    await createTestCase({ teamId: eae.id, counsellorId: me.id, status: 'CLOSED' })
    const page = await homeLoader({ request: await requestAs(me.id, '/'), params: {}, context: {} })
    expect(page.work?.openCases).toBe(1)
    const admin = await createUser({ role: 'ADMIN', teamId: eae.id })
    const adminPage = await homeLoader({ request: await requestAs(admin.id, '/'), params: {}, context: {} })
    expect(adminPage.work).toBeNull()
  })
})

describe('the start page\'s packed follow-ups', () => {
  test('each bucket unpacks to the rows getMyFollowUps gives for it, in its order (decision 091)', async () => {
    const { eae } = await getTeams()
    const me = await createUser({ teamId: eae.id })
    const kase = await createTestCase({ teamId: eae.id, counsellorId: me.id })
    const other = await createTestCase({ teamId: eae.id, counsellorId: me.id })
    // the loader reads the real clock: the days are the office's today and days around it
    const day = officeDay(new Date())
    const shift = (days: number) => new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10)
    await followUp(kase.id, me.id, shift(-9))
    await followUp(other.id, me.id, shift(-2))
    await followUp(kase.id, me.id, day)
    await followUp(other.id, me.id, shift(1))
    const page = await homeLoader({ request: await requestAs(me.id, '/'), params: {}, context: {} })
    const mine = await getMyFollowUps(me as Actor, new Date())
    expect(mine.overdue).toHaveLength(2)
    expect(mine.today).toHaveLength(1)
    for (const bucket of ['overdue', 'today', 'upcoming'] as const) {
      const unpacked = unpackFollowUpRows(page.work!.followUps[bucket])
      expect(unpacked.map((row) => [row.id, row.caseId, row.caseCode, row.source])).toEqual(mine[bucket].map((row) => [row.id, row.caseId, row.caseCode, row.source]))
    }
  })
})

describe('my follow-ups: the one joined statement against the ORM filter it replaced', () => {
  // The ORM query the start page used until 2026-12-05 (with `id` added as the last sort key, which
  // the joined statement uses to make ties of due date and creation time deterministic), and since decision 211 the
  // follow-ups of `absent`, the colleagues the actor stands in for, on a case the actor may write, marked with whom
  // they are for.
  async function reference(actor: Actor, absent: string[] = []) {
    const visible = await visibleCasesWhere(actor)
    const writable = actor.role === 'TEAM_LEAD' ? {} : { counsellorId: { in: [actor.id, ...absent] } }
    const standIn = { OR: [{ assigneeId: { in: absent } }, { assigneeId: null, case: { counsellorId: { in: absent } } }], case: writable }
    const rows = await prisma.followUp.findMany({
      where: {
        doneAt: null,
        dueDate: { lte: upcomingWindowEnd(now) },
        AND: [
          { case: visible },
          { case: { status: { not: 'CLOSED' } } },
          { OR: [{ assigneeId: actor.id }, { assigneeId: null, case: { counsellorId: actor.id } }, ...(absent.length ? [standIn] : [])] },
        ],
      },
      select: {
        id: true,
        dueDate: true,
        source: true,
        contactId: true,
        note: true,
        contact: { select: { nextStep: true } },
        assignee: { select: { id: true, displayName: true } },
        case: { select: { id: true, client: { select: { pseudonymCode: true } }, counsellor: { select: { id: true, displayName: true } } } },
      },
      orderBy: [{ dueDate: 'asc' }, { createdAt: 'asc' }, { id: 'asc' }],
    })
    // the due date as the day the start page shows (its UTC day, decision 029), as getMyFollowUps gives it since session 25
    return rows.map((row) => {
      const holder = row.assignee ?? row.case.counsellor
      const item = { id: row.id, dueDate: row.dueDate.toISOString().slice(0, 10), source: row.source, contactId: row.contactId, nextStep: row.contact?.nextStep ?? row.note, caseId: row.case.id, caseCode: row.case.client.pseudonymCode }
      return holder && holder.id !== actor.id ? { ...item, standInFor: holder.displayName } : item
    })
  }

  test('same items in the same order for counsellors, a substitute, a team lead and an administrator', async () => {
    const { eae, rostock } = await getTeams()
    const me = await createUser({ teamId: eae.id })
    const absent = await createUser({ teamId: eae.id })
    const colleague = await createUser({ teamId: eae.id })
    const lead = await createUser({ role: 'TEAM_LEAD', teamId: eae.id })
    const admin = await createUser({ role: 'ADMIN', teamId: eae.id })
    const foreign = await createUser({ teamId: rostock.id })
    // I stand in for `absent`: the visibility filter asks for the real office day, not the fixed
    // clock of these lists, so the absence covers both.
    await prisma.absence.create({ data: { userId: absent.id, substituteId: me.id, startsOn: parseDay('2026-11-01')!, endsOn: parseDay('2099-12-31')! } })
    const cases = [
      await createTestCase({ teamId: eae.id, counsellorId: me.id }),
      await createTestCase({ teamId: eae.id, counsellorId: me.id, status: 'CLOSED' }),
      await createTestCase({ teamId: eae.id, counsellorId: absent.id }),
      await createTestCase({ teamId: eae.id, counsellorId: colleague.id, sharedForSubstitution: true }),
      await createTestCase({ teamId: eae.id, counsellorId: colleague.id }),
      await createTestCase({ teamId: eae.id, counsellorId: lead.id }),
      await createTestCase({ teamId: eae.id }),
      await createTestCase({ teamId: rostock.id, counsellorId: foreign.id }),
    ]
    const contact = await prisma.contact.create({
      data: { caseId: cases[0]!.id, authorId: me.id, date: parseDay('2026-11-19')!, durationMinutes: 30, mode: 'OFFICE', setting: 'INDIVIDUAL', nextStep: 'Antrag prüfen' },
      select: { id: true },
    })
    const assignees = [me.id, absent.id, colleague.id, lead.id, foreign.id, null]
    const days = ['2026-11-02', '2026-11-25', '2026-11-26', '2026-12-03', '2026-12-04']
    const createdAt = new Date('2026-11-01T10:00:00Z') // one creation time for all: ties are ordered by id
    let n = 0
    for (const kase of cases) {
      for (const assigneeId of assignees) {
        for (const day of days) {
          n += 1
          await prisma.followUp.create({
            data: {
              caseId: kase.id,
              assigneeId,
              dueDate: parseDay(day)!,
              createdAt,
              source: n % 3 === 0 ? 'MANUAL' : n % 3 === 1 ? 'CONTACT' : 'RESIDENCE_EXPIRY',
              note: n % 3 === 0 ? `Notiz ${n}` : null,
              contactId: kase === cases[0] && n % 3 === 1 ? contact.id : null,
              doneAt: n % 7 === 0 ? new Date('2026-11-20T10:00:00Z') : null,
            },
          })
        }
      }
    }
    // due dates stored at another hour than the day's UTC midnight (not written so by the app): the UTC day, as before
    for (const [dueDate, assigneeId] of [[new Date('2026-11-25T23:30:00Z'), me.id], [new Date('2026-11-26T00:00:01Z'), null]] as const)
      await prisma.followUp.create({ data: { caseId: cases[0]!.id, assigneeId, dueDate, source: 'MANUAL', note: 'Uhrzeit', createdAt } })
    for (const actor of [me, absent, colleague, lead, admin, foreign]) {
      const expected = await reference(actor as Actor, actor === me ? [absent.id] : [])
      const groups = await getMyFollowUps(actor as Actor, now)
      expect([...groups.overdue, ...groups.today, ...groups.upcoming]).toEqual(expected)
      // each in the bucket of its day, as the domain's grouping puts it
      const { overdue, today, upcoming } = groupFollowUps(expected, now)
      expect({ overdue: groups.overdue, today: groups.today, upcoming: groups.upcoming }).toEqual({ overdue, today, upcoming })
    }
    // Not vacuous: my list holds items of my own case, of the absent colleague's case (assigned to
    // me, to the colleague or to nobody) and of the shared case, and the contact's next step is carried.
    const mine = await getMyFollowUps(me as Actor, now)
    const items = [...mine.overdue, ...mine.today, ...mine.upcoming]
    expect(new Set(items.map((item) => item.caseId))).toEqual(new Set([cases[0]!.id, cases[2]!.id, cases[3]!.id]))
    expect(new Set(items.filter((item) => item.standInFor !== undefined).map((item) => item.caseId))).toEqual(new Set([cases[0]!.id, cases[2]!.id]))
    expect(items.filter((item) => item.contactId === contact.id).map((item) => item.nextStep)).toContain('Antrag prüfen')
  })

  test('texts of every kind arrive as stored: the rows come as one JSON text (decision 193)', async () => {
    const { eae } = await getTeams()
    const me = await createUser({ teamId: eae.id })
    const kase = await createTestCase({ teamId: eae.id, counsellorId: me.id })
    const texts = ['"Anführung" und \\ Rückstrich', 'Zeile 1\nZeile 2\tTab', '\u0001 Steuerzeichen \u001f', 'Trenner \u2028 \u2029', '😀 außerhalb der BMP', '</script><b>&amp;</b>', '', ' ']
    for (const [index, note] of texts.entries()) {
      const contact = await prisma.contact.create({
        data: { caseId: kase.id, authorId: me.id, date: parseDay('2026-11-19')!, durationMinutes: 30, mode: 'OFFICE', setting: 'INDIVIDUAL', nextStep: `${note} (Kontakt)` },
        select: { id: true },
      })
      await prisma.followUp.create({ data: { caseId: kase.id, assigneeId: me.id, dueDate: parseDay('2026-11-25')!, source: 'MANUAL', note } })
      await prisma.followUp.create({ data: { caseId: kase.id, assigneeId: me.id, dueDate: parseDay(`2026-11-${String(26 + (index % 3)).padStart(2, '0')}`)!, source: 'CONTACT', contactId: contact.id } })
    }
    const groups = await getMyFollowUps(me as Actor, now)
    const items = [...groups.overdue, ...groups.today, ...groups.upcoming]
    expect(items).toEqual(await reference(me as Actor))
    expect(items).toHaveLength(texts.length * 2)
    expect(new Set(items.map((item) => item.nextStep))).toEqual(new Set([...texts, ...texts.map((note) => `${note} (Kontakt)`)]))
  })
})

describe('marking a follow-up done', () => {
  test('sets doneAt once, audited', async () => {
    const { eae } = await getTeams()
    const me = await createUser({ teamId: eae.id })
    const kase = await createTestCase({ teamId: eae.id, counsellorId: me.id })
    const item = await followUp(kase.id, me.id, '2026-11-26')
    const post = async () =>
      settle(
        homeAction({
          request: await requestAs(me.id, '/', { form: { intent: 'follow-up-done', followUpId: item.id } }),
          params: {},
          context: {},
        }),
      )
    expect(statusOf(await post())).toBe(302)
    const first = await prisma.followUp.findUniqueOrThrow({
      where: { id: item.id },
      select: { doneAt: true },
    })
    expect(first.doneAt).not.toBeNull()
    expect(statusOf(await post())).toBe(302)
    const second = await prisma.followUp.findUniqueOrThrow({
      where: { id: item.id },
      select: { doneAt: true },
    })
    expect(second.doneAt).toEqual(first.doneAt)
    expect(
      await prisma.auditEvent.count({
        where: { action: 'follow-up.done', entityId: item.id, caseId: kase.id },
      }),
    ).toBe(1)
  })

  test('a follow-up of a case I may not write answers 404 and stays open', async () => {
    const { eae, rostock } = await getTeams()
    const me = await createUser({ teamId: eae.id })
    const foreignCounsellor = await createUser({ teamId: rostock.id })
    const foreign = await createTestCase({ teamId: rostock.id, counsellorId: foreignCounsellor.id })
    const item = await followUp(foreign.id, foreignCounsellor.id, '2026-11-26')
    const shared = await createTestCase({
      teamId: eae.id,
      counsellorId: (await createUser({ teamId: eae.id })).id,
      sharedForSubstitution: true,
    })
    const readOnly = await followUp(shared.id, me.id, '2026-11-26')
    for (const id of [item.id, readOnly.id, 'does-not-exist']) {
      const result = await settle(
        homeAction({
          request: await requestAs(me.id, '/', { form: { intent: 'follow-up-done', followUpId: id } }),
          params: {},
          context: {},
        }),
      )
      expect(statusOf(result)).toBe(404)
    }
    expect(await prisma.followUp.count({ where: { doneAt: { not: null } } })).toBe(0)
  })
})

describe('assignment inbox', () => {
  test('lists my unread assignments of visible cases; mark one and mark all read', async () => {
    const { eae, rostock } = await getTeams()
    const me = await createUser({ teamId: eae.id })
    const lead = await createUser({ role: 'TEAM_LEAD', teamId: eae.id, displayName: 'Lea Leitung' })
    const a = await createTestCase({ teamId: eae.id, counsellorId: me.id })
    const b = await createTestCase({ teamId: eae.id, counsellorId: me.id })
    const gone = await createTestCase({ teamId: rostock.id })
    const first = await prisma.assignment.create({
      data: { caseId: a.id, toUserId: me.id, assignedById: lead.id },
      select: { id: true },
    })
    await prisma.assignment.create({ data: { caseId: b.id, toUserId: me.id, assignedById: lead.id } })
    await prisma.assignment.create({ data: { caseId: gone.id, toUserId: me.id } })
    const load = async () =>
      (await homeLoader({ request: await requestAs(me.id, '/'), params: {}, context: {} })).work!.inbox
    const inbox = await load()
    expect(inbox.total).toBe(2)
    expect(inbox.items.map((item) => item.caseCode).sort()).toEqual([a.pseudonymCode, b.pseudonymCode].sort())
    expect(inbox.items[0]!.assignedBy).toBe('Lea Leitung')
    const other = await createUser({ teamId: eae.id })
    await homeAction({
      request: await requestAs(other.id, '/', {
        form: { intent: 'assignment-read', assignmentId: first.id },
      }),
      params: {},
      context: {},
    }).catch((r: unknown) => r)
    expect((await load()).total).toBe(2)
    await homeAction({
      request: await requestAs(me.id, '/', { form: { intent: 'assignment-read', assignmentId: first.id } }),
      params: {},
      context: {},
    }).catch((r: unknown) => r)
    expect((await load()).total).toBe(1)
    await homeAction({
      request: await requestAs(me.id, '/', { form: { intent: 'assignments-read-all' } }),
      params: {},
      context: {},
    }).catch((r: unknown) => r)
    expect((await load()).total).toBe(0)
  })
})
