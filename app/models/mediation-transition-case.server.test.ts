// MediationTransition carries a copy of its request's case (caseId), kept by SQLite triggers (decision
// 229); the case file's timeline reads a case's transitions by it. A stale copy would show one case's
// transitions in another case's file, or hide them from their own: so every write path is followed by
// the next timeline at once, after a random sequence of writes every copy equals its request's case,
// and the plan reads the newest transitions from the copy's index in order, with no sort.
import { describe, expect, test } from 'vitest'
import { createMediation, saveMediation } from '#app/models/language-mediation.server.ts'
import { getTimeline, getTimelineAndPrivacyInfo } from '#app/models/timeline.server.ts'
import { type MediationFormValues } from '#app/forms/language-mediation.ts'
import { prisma } from '#app/utils/db.server.ts'
import { createTestCase, createUser, getTeams } from '#tests/factories.ts'
import { plansOf } from '#tests/statement-plans.ts'

const value = (requestedAt: Date) =>
  ({ languageCode: 'arb', mode: 'PHONE', providerKind: 'POOL', requestedAt }) as MediationFormValues

async function addRequest(caseId: string) {
  return prisma.languageMediation.create({
    data: {
      caseId,
      languageCode: 'tir',
      mode: 'ON_SITE',
      providerKind: 'POOL',
      requestedAt: new Date('2026-03-02T10:00:00.000Z'),
      status: 'REQUESTED',
    },
    select: { id: true },
  })
}

/** The transitions whose copy is not their request's case (none, if the triggers did their work). */
async function staleCopies() {
  return prisma.$queryRawUnsafe<unknown[]>(
    `SELECT x."id" FROM "MediationTransition" x JOIN "LanguageMediation" m ON m."id" = x."mediationId" WHERE x."caseId" IS NOT m."caseId"`,
  )
}

/** The ids of a case's mediation entries in the timeline, newest first. */
async function mediationIds(caseId: string, limit = 1000) {
  const { entries } = await getTimeline(caseId, { kinds: ['mediation'], limit })
  return entries.map((entry) => entry.id)
}

/** The same entries computed without the copy: through the requests, sorted here by time then id, newest first. */
async function mediationIdsThroughRequests(caseId: string) {
  const rows = await prisma.mediationTransition.findMany({
    where: { mediation: { caseId } },
    select: { id: true, at: true },
  })
  rows.sort((a, b) => b.at.getTime() - a.at.getTime() || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0))
  return rows.map((row) => `mediation-${row.id}`)
}

describe("a mediation transition's copy of its case", () => {
  test('every write path keeps it, and the next timeline shows the change', async () => {
    const { eae } = await getTeams()
    const counsellor = await createUser({ teamId: eae.id })
    const first = await createTestCase({ teamId: eae.id, counsellorId: counsellor.id })
    const second = await createTestCase({ teamId: eae.id, counsellorId: counsellor.id })

    // the app's request form: the request and its first transition in one transaction
    const { id: mediationId } = await createMediation({
      caseId: first.id,
      actor: counsellor,
      value: value(new Date('2026-03-01T00:00:00.000Z')),
    })
    expect(await mediationIds(first.id)).toHaveLength(1)
    // the app's status change
    const saved = await saveMediation({
      caseId: first.id,
      mediationId,
      version: 1,
      value: value(new Date('2026-03-01T00:00:00.000Z')),
      to: 'CANCELLED_IN_TIME',
      actor: counsellor,
    })
    expect(saved).toMatchObject({ ok: true })
    expect(await mediationIds(first.id)).toHaveLength(2)

    // the ORM's other ways in: nested, single, many, and plain SQL
    const other = await addRequest(second.id)
    await prisma.languageMediation.update({
      where: { id: other.id },
      data: { transitions: { create: { toStatus: 'REQUESTED', at: new Date('2026-03-02T10:00:00.000Z') } } },
    })
    await prisma.mediationTransition.create({
      data: {
        mediationId: other.id,
        fromStatus: 'REQUESTED',
        toStatus: 'CONFIRMED',
        at: new Date('2026-03-03T10:00:00.000Z'),
      },
    })
    await prisma.mediationTransition.createMany({
      data: [
        {
          mediationId: other.id,
          fromStatus: 'CONFIRMED',
          toStatus: 'DONE',
          at: new Date('2026-03-04T10:00:00.000Z'),
        },
        {
          mediationId,
          fromStatus: 'REQUESTED',
          toStatus: 'CONFIRMED',
          at: new Date('2026-03-04T10:00:00.000Z'),
        },
      ],
    })
    await prisma.$executeRawUnsafe(
      `INSERT INTO "MediationTransition" ("id", "mediationId", "fromStatus", "toStatus", "at") VALUES ('raw-transition-1', ?, 'DONE', 'INVOICED', '2026-03-05T10:00:00.000+00:00')`,
      other.id,
    )
    expect(await staleCopies()).toEqual([])
    expect(await mediationIds(first.id)).toEqual(await mediationIdsThroughRequests(first.id))
    expect(await mediationIds(second.id)).toEqual(await mediationIdsThroughRequests(second.id))
    expect(await mediationIds(second.id)).toHaveLength(4)

    // a transition moved to another request, and a copy written wrong by hand, are put right
    await prisma.mediationTransition.update({ where: { id: 'raw-transition-1' }, data: { mediationId } })
    expect(await mediationIds(first.id)).toContain('mediation-raw-transition-1')
    expect(await mediationIds(second.id)).not.toContain('mediation-raw-transition-1')
    await prisma.$executeRawUnsafe(
      `UPDATE "MediationTransition" SET "caseId" = ? WHERE "id" = 'raw-transition-1'`,
      second.id,
    )
    expect(await staleCopies()).toEqual([])

    // a request moved to another case takes its transitions along
    await prisma.languageMediation.update({ where: { id: mediationId }, data: { caseId: second.id } })
    expect(await mediationIds(first.id)).toEqual([])
    expect(await mediationIds(second.id)).toEqual(await mediationIdsThroughRequests(second.id))
    expect(await mediationIds(second.id)).toHaveLength(7)
    expect(await staleCopies()).toEqual([])

    // deleting a request deletes its transitions (the cascade), and with them the entries
    await prisma.languageMediation.delete({ where: { id: other.id } })
    expect(await mediationIds(second.id)).toEqual(await mediationIdsThroughRequests(second.id))
    expect(await mediationIds(second.id)).toHaveLength(4)
  })

  test("after random writes on every path every copy equals its request's case, and each timeline its transitions", async () => {
    const { eae, rostock } = await getTeams()
    const cases = [
      await createTestCase({ teamId: eae.id }),
      await createTestCase({ teamId: eae.id }),
      await createTestCase({ teamId: rostock.id }),
    ]
    let state = 20261207
    const random = (n: number) => {
      state = (Math.imul(state, 1664525) + 1013904223) >>> 0
      return Math.floor((state / 2 ** 32) * n)
    }
    const pick = <T>(items: T[]) => items[random(items.length)]!
    const requests: string[] = []
    const transitions: string[] = []
    // few distinct times, so that ties between requests are common and broken by id
    const at = () => new Date(Date.UTC(2026, 2, 1 + random(3), 9 + random(2)))
    for (let step = 0; step < 100; step += 1) {
      const choice = requests.length === 0 ? 0 : random(6)
      if (choice === 0) requests.push((await addRequest(pick(cases).id)).id)
      else if (choice <= 2)
        transitions.push(
          (
            await prisma.mediationTransition.create({
              data: { mediationId: pick(requests), toStatus: 'DONE', at: at() },
              select: { id: true },
            })
          ).id,
        )
      else if (choice === 3)
        await prisma.languageMediation.update({
          where: { id: pick(requests) },
          data: { caseId: pick(cases).id },
        })
      else if (choice === 4 && transitions.length > 0)
        await prisma.mediationTransition.update({
          where: { id: pick(transitions) },
          data: { mediationId: pick(requests) },
        })
      else if (transitions.length > 0)
        await prisma.mediationTransition.updateMany({ where: { id: pick(transitions) }, data: { at: at() } })
    }
    expect(transitions.length).toBeGreaterThan(20)
    expect(await staleCopies()).toEqual([])
    for (const kase of cases) {
      const expected = await mediationIdsThroughRequests(kase.id)
      expect(await mediationIds(kase.id)).toEqual(expected)
      // the cut and "more" at every limit, with the ties
      for (let limit = 1; limit <= expected.length + 1; limit += 1) {
        const { entries, hasMore } = await getTimeline(kase.id, { kinds: ['mediation'], limit })
        expect(entries.map((entry) => entry.id)).toEqual(expected.slice(0, limit))
        expect(hasMore).toBe(expected.length > limit)
      }
    }
  })

  test("the timeline reads a case's newest transitions from the copy's index, in order, with no sort", async () => {
    const { eae } = await getTeams()
    const kase = await createTestCase({ teamId: eae.id })
    for (const analysed of [false, true]) {
      if (analysed) await prisma.$executeRawUnsafe('ANALYZE')
      const caught = await plansOf(
        () => getTimelineAndPrivacyInfo(kase.id, { kinds: ['mediation'] }),
        'json_array(',
      )
      expect(caught).toHaveLength(1)
      const { plan } = caught[0]!
      expect(plan).toContain('SEARCH x USING INDEX MediationTransition_caseId_at_id_idx (caseId=?)')
      expect(plan).not.toContain('TEMP B-TREE')
    }
  })
})
