// "Erledigt" on a follow-up one may no longer act on (session 28): a substitute's row still on screen after the
// stand-in ended at midnight (Europe/Berlin), or a follow-up whose case was reassigned since the list was shown,
// answers 404 with the marker the pages explain ("nicht mehr in Ihrer Liste"), on /follow-ups and on the case's
// follow-up tab (there by way of /follow-ups/not-in-list, 404 too) — and exactly the same for a follow-up that was
// never the person's and for one that does not exist, so that the answer tells nothing. The follow-up stays open.
import { afterEach, describe, expect, test, vi } from 'vitest'
import { FOLLOW_UP_NOT_IN_LIST, FOLLOW_UP_NOT_IN_LIST_PAGE } from '#app/forms/follow-up.ts'
import { parseDay } from '#app/domain/follow-up.ts'
import { reassignCase } from '#app/models/team-lead.server.ts'
import { prisma } from '#app/utils/db.server.ts'
import { createTestCase, createUser, getTeams, requestAs, settle, statusOf } from '#tests/factories.ts'
import { action as caseTabAction } from './cases.$caseId.follow-ups.tsx'
import { action as pageAction, loader as pageLoader } from './follow-ups.tsx'
import { loader as notInListLoader } from './follow-ups_.not-in-list.tsx'

/** Only Date is faked; timers stay real. */
function itIsNow(iso: string) {
  vi.useFakeTimers({ toFake: ['Date'] })
  vi.setSystemTime(new Date(iso))
}

afterEach(() => {
  vi.useRealTimers()
})

// Thursday 26 November 2026 (winter time, UTC+1): 23:59 in Germany, then 00:01 of Friday.
const BEFORE_MIDNIGHT = '2026-11-26T22:59:00Z'
const AFTER_MIDNIGHT = '2026-11-26T23:01:00Z'

async function office() {
  const { eae, rostock } = await getTeams()
  const sina = await createUser({ teamId: eae.id, displayName: 'Sina Stellvertretung' })
  const berta = await createUser({ teamId: eae.id, displayName: 'Berta Beraterin' })
  const clara = await createUser({ teamId: eae.id, displayName: 'Clara Kollegin' })
  const lead = await createUser({ role: 'TEAM_LEAD', teamId: eae.id })
  const stranger = await createUser({ teamId: rostock.id })
  // Sina stands in for Berta on Thursday only
  await prisma.absence.create({
    data: {
      userId: berta.id,
      substituteId: sina.id,
      startsOn: parseDay('2026-11-26')!,
      endsOn: parseDay('2026-11-26')!,
    },
  })
  const bertasCase = await createTestCase({ teamId: eae.id, counsellorId: berta.id, status: 'ACTIVE' })
  const sinasCase = await createTestCase({ teamId: eae.id, counsellorId: sina.id, status: 'ACTIVE' })
  const strangersCase = await createTestCase({
    teamId: rostock.id,
    counsellorId: stranger.id,
    status: 'ACTIVE',
  })
  const followUp = async (caseId: string, assigneeId: string) =>
    (
      await prisma.followUp.create({
        data: { caseId, assigneeId, source: 'MANUAL', note: 'Rückruf', dueDate: parseDay('2026-11-25')! },
        select: { id: true },
      })
    ).id
  return {
    sina,
    clara,
    lead,
    bertasCase,
    sinasCase,
    strangersCase,
    bertas: await followUp(bertasCase.id, berta.id),
    sinas: await followUp(sinasCase.id, sina.id),
    strangers: await followUp(strangersCase.id, stranger.id),
  }
}

async function markOnPage(userId: string, followUpId: string) {
  const request = await requestAs(userId, '/follow-ups?due=overdue', {
    form: { intent: 'follow-up-done', followUpId },
  })
  return settle(pageAction({ request, params: {}, context: {} }))
}

async function markOnCaseTab(userId: string, caseId: string, followUpId: string) {
  const request = await requestAs(userId, `/cases/${caseId}/follow-ups`, {
    form: { intent: 'done', followUpId },
  })
  return settle(caseTabAction({ request, params: { caseId }, context: {} }))
}

/** The answer as the person's browser gets it: status and body. */
async function answerOf(result: unknown) {
  expect(result).toBeInstanceOf(Response)
  const response = result as Response
  return { status: response.status, body: await response.text() }
}

const isOpen = async (id: string) =>
  (await prisma.followUp.findUniqueOrThrow({ where: { id }, select: { doneAt: true } })).doneAt === null

describe('"Erledigt" on a follow-up no longer in one\'s list', () => {
  test("/follow-ups: the stand-in ended at midnight between the page and the click — 404 with the marker, the same as for a follow-up never one's own", async () => {
    const { sina, bertas, strangers } = await office()
    itIsNow(BEFORE_MIDNIGHT)
    const page = (await pageLoader({
      request: await requestAs(sina.id, '/follow-ups'),
      params: {},
      context: {},
    })) as Exclude<Awaited<ReturnType<typeof pageLoader>>, Response>
    expect(page.standIn?.overdue).toBe(1)
    itIsNow(AFTER_MIDNIGHT)
    const ended = await answerOf(await markOnPage(sina.id, bertas))
    expect(ended.status).toBe(404)
    expect(JSON.parse(ended.body)).toEqual(FOLLOW_UP_NOT_IN_LIST)
    expect(await isOpen(bertas)).toBe(true)
    // never hers, and one that does not exist: the very same answer
    expect(await answerOf(await markOnPage(sina.id, strangers))).toEqual(ended)
    expect(await answerOf(await markOnPage(sina.id, 'no-such-follow-up'))).toEqual(ended)
    expect(await isOpen(strangers)).toBe(true)
  })

  test('/follow-ups: the case was reassigned between the page and the click', async () => {
    const { sina, clara, lead, sinasCase, sinas } = await office()
    itIsNow(BEFORE_MIDNIGHT)
    const kase = await prisma.case.findUniqueOrThrow({
      where: { id: sinasCase.id },
      select: { version: true, teamId: true },
    })
    expect(
      await reassignCase(
        {
          caseId: sinasCase.id,
          teamId: kase.teamId,
          version: kase.version,
          counsellorId: clara.id,
          note: null,
        },
        lead.id,
      ),
    ).toEqual({ ok: true })
    const answer = await answerOf(await markOnPage(sina.id, sinas))
    expect(answer.status).toBe(404)
    expect(JSON.parse(answer.body)).toEqual(FOLLOW_UP_NOT_IN_LIST)
    expect(await isOpen(sinas)).toBe(true)
    // Clara, who holds it now, marks it done as before
    const done = await markOnPage(clara.id, sinas)
    expect(statusOf(done)).toBe(302)
    expect(await isOpen(sinas)).toBe(false)
  })

  test("the case's follow-up tab: to /follow-ups/not-in-list (404), the same for a case never one's own; one's own still marks done", async () => {
    const { sina, bertasCase, strangersCase, sinasCase, bertas, strangers, sinas } = await office()
    itIsNow(AFTER_MIDNIGHT)
    const ended = await markOnCaseTab(sina.id, bertasCase.id, bertas)
    expect(statusOf(ended)).toBe(302)
    expect((ended as Response).headers.get('Location')).toBe(FOLLOW_UP_NOT_IN_LIST_PAGE)
    expect(await isOpen(bertas)).toBe(true)
    for (const [caseId, id] of [
      [strangersCase.id, strangers],
      [sinasCase.id, strangers], // a follow-up of another case from one's own case's tab
      [sinasCase.id, 'no-such-follow-up'],
    ] as const) {
      const other = await markOnCaseTab(sina.id, caseId, id)
      expect(statusOf(other)).toBe(302)
      expect((other as Response).headers.get('Location')).toBe(FOLLOW_UP_NOT_IN_LIST_PAGE)
    }
    expect(await isOpen(strangers)).toBe(true)
    const own = await markOnCaseTab(sina.id, sinasCase.id, sinas)
    expect((own as Response).headers.get('Location')).toBe(`/cases/${sinasCase.id}/follow-ups?done=closed`)
    expect(await isOpen(sinas)).toBe(false)

    const explained = await notInListLoader({
      request: await requestAs(sina.id, FOLLOW_UP_NOT_IN_LIST_PAGE),
      params: {},
      context: {},
    })
    expect(statusOf(explained)).toBe(404)
    // signed out: off to the sign-in, as every page
    expect(
      statusOf(
        await settle(
          notInListLoader({
            request: await requestAs(null, FOLLOW_UP_NOT_IN_LIST_PAGE),
            params: {},
            context: {},
          }),
        ),
      ),
    ).toBe(302)
  })
})
