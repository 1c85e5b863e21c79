import { describe, expect, test } from 'vitest'
import { refreshContactDates } from '#app/models/contact.server.ts'
import { prisma } from '#app/utils/db.server.ts'
import { createTestCase, createUser, getTeams } from '#tests/factories.ts'

// A small deterministic generator, so a failure can be replayed.
function random(seed: number) {
  let state = seed
  return (below: number) => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648
    return state % below
  }
}

const dayAt = (offset: number) => new Date(Date.UTC(2026, 0, 1) + offset * 86_400_000)

/** The case's first and last contact, computed independently of refreshContactDates (as the ORM did before). */
async function expectedDates(caseId: string) {
  const contacts = await prisma.contact.findMany({ where: { caseId }, select: { date: true } })
  const sessions = await prisma.groupSessionParticipant.findMany({ where: { caseId }, select: { groupSession: { select: { date: true } } } })
  const days = [...contacts.map((row) => row.date), ...sessions.map((row) => row.groupSession.date)].map(Number)
  return {
    firstContactAt: days.length ? new Date(Math.min(...days)) : null,
    lastContactAt: days.length ? new Date(Math.max(...days)) : null,
  }
}

describe('refreshContactDates', () => {
  test('first and last contact follow every change of contacts and group sessions, for this case only', async () => {
    const { eae } = await getTeams()
    const anna = await createUser({ teamId: eae.id })
    const cases = [
      await createTestCase({ teamId: eae.id, counsellorId: anna.id }),
      await createTestCase({ teamId: eae.id, counsellorId: anna.id }),
      await createTestCase({ teamId: eae.id, counsellorId: anna.id }),
    ]
    const sessions = []
    for (let index = 0; index < 4; index++) {
      sessions.push(
        await prisma.groupSession.create({
          data: { teamId: eae.id, programme: 'MBE', date: dayAt(index * 40), durationMinutes: 60, mode: 'OFFICE', description: 'Gruppe' },
          select: { id: true },
        }),
      )
    }
    const next = random(19)
    const life = (id: string) => prisma.case.findUniqueOrThrow({ where: { id }, select: { firstContactAt: true, lastContactAt: true, updatedAt: true } })
    for (let step = 0; step < 60; step++) {
      const kase = cases[next(cases.length)]!
      const operation = next(4)
      if (operation === 0) {
        await prisma.contact.create({ data: { caseId: kase.id, authorId: anna.id, date: dayAt(next(200)), durationMinutes: 20, mode: 'OFFICE', setting: 'INDIVIDUAL', personsPresent: 1, interpreting: 'NONE' } })
      } else if (operation === 1) {
        const contact = await prisma.contact.findFirst({ where: { caseId: kase.id }, select: { id: true }, orderBy: { id: 'asc' } })
        if (contact) await prisma.contact.delete({ where: { id: contact.id } })
      } else if (operation === 2) {
        const session = sessions[next(sessions.length)]!
        await prisma.groupSessionParticipant.upsert({ where: { groupSessionId_caseId: { groupSessionId: session.id, caseId: kase.id } }, create: { groupSessionId: session.id, caseId: kase.id }, update: {} })
      } else {
        await prisma.groupSessionParticipant.deleteMany({ where: { caseId: kase.id, groupSessionId: sessions[next(sessions.length)]!.id } })
      }
      // A participant without a case (its case erased) counts for no case.
      if (step === 30) await prisma.groupSessionParticipant.create({ data: { groupSessionId: sessions[0]!.id, caseId: null } })
      const others = await Promise.all(cases.filter((other) => other.id !== kase.id).map((other) => life(other.id)))
      const before = await life(kase.id)
      await prisma.$transaction((tx) => refreshContactDates(tx, kase.id))
      const after = await life(kase.id)
      expect({ firstContactAt: after.firstContactAt, lastContactAt: after.lastContactAt }).toEqual(await expectedDates(kase.id))
      expect(after.updatedAt.getTime()).toBeGreaterThanOrEqual(before.updatedAt.getTime())
      expect(await Promise.all(cases.filter((other) => other.id !== kase.id).map((other) => life(other.id)))).toEqual(others)
    }
    // The walk reached cases with and without contacts and sessions.
    const stored = await Promise.all(cases.map((kase) => life(kase.id)))
    expect(stored.some((row) => row.firstContactAt !== null)).toBe(true)
  })
})
