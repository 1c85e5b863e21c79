// Issue 14, item 9 (decision 029): an absence "until 18.12." is until 18.12. — stored as that
// calendar day and shown as it, whether the server runs in Europe/Berlin or in UTC, in winter time
// and in summer time; the substitute's access runs to the end of the last day in Germany.
import { afterEach, describe, expect, test } from 'vitest'
import { dayOf } from '#app/domain/follow-up.ts'
import { getSubstitutesFor } from '#app/models/case-access.server.ts'
import { listAbsences, listAssignableUsers } from '#app/models/team-lead.server.ts'
import { prisma } from '#app/utils/db.server.ts'
import { formatDay } from '#app/utils/format.ts'
import { createUser, getTeams, requestAs } from '#tests/factories.ts'
import { action as absenceAction } from './team.absences.tsx'

const originalZone = process.env.TZ
afterEach(() => {
  // assigning undefined would store the string "undefined", an unknown zone
  if (originalZone === undefined) delete process.env.TZ
  else process.env.TZ = originalZone
})

async function recordAbsence(startsOn: string, endsOn: string) {
  const { eae } = await getTeams()
  const lead = await createUser({ role: 'TEAM_LEAD', teamId: eae.id })
  const absent = await createUser({ teamId: eae.id })
  const substitute = await createUser({ teamId: eae.id })
  const request = await requestAs(lead.id, '/team/absences', { form: { intent: 'create', userId: absent.id, substituteId: substitute.id, startsOn, endsOn } })
  await absenceAction({ request, params: {}, context: {} })
  const absence = await prisma.absence.findFirstOrThrow({ where: { userId: absent.id }, select: { startsOn: true, endsOn: true } })
  return { eae, absent, substitute, absence }
}

describe.each(['Europe/Berlin', 'UTC'])('absence dates with the server in %s', (zone) => {
  test('winter time: "until 18.12." is stored, listed and shown as 18.12.; the substitute has access until midnight in Germany', async () => {
    process.env.TZ = zone
    const { eae, absent, substitute, absence } = await recordAbsence('2026-12-14', '2026-12-18')
    expect(absence.startsOn.toISOString()).toBe('2026-12-14T00:00:00.000Z')
    expect(absence.endsOn.toISOString()).toBe('2026-12-18T00:00:00.000Z')
    expect(dayOf(absence.endsOn)).toBe('2026-12-18')
    expect(formatDay(absence.endsOn, 'de')).toBe('18.12.2026')
    expect(formatDay(absence.startsOn, 'de')).toBe('14.12.2026')
    // 18.12., 23:30 in Berlin (22:30Z): still substituting; 19.12., 00:30 in Berlin (23:30Z on the 18th): no longer.
    expect(await getSubstitutesFor(substitute, new Date('2026-12-18T22:30:00Z'))).toContain(absent.id)
    expect(await getSubstitutesFor(substitute, new Date('2026-12-18T23:30:00Z'))).not.toContain(absent.id)
    // 14.12., 00:30 in Berlin (23:30Z on the 13th): already substituting.
    expect(await getSubstitutesFor(substitute, new Date('2026-12-13T23:30:00Z'))).toContain(absent.id)
    const people = await listAssignableUsers(eae.id, new Date('2026-12-18T22:30:00Z'))
    expect(dayOf(people.find((person) => person.id === absent.id)!.absentUntil!)).toBe('2026-12-18')
    const listed = await listAbsences(eae.id, new Date('2026-12-18T22:30:00Z'))
    expect(listed.some((row) => row.user.id === absent.id)).toBe(true)
    expect(await listAbsences(eae.id, new Date('2026-12-18T23:30:00Z'))).not.toContainEqual(expect.objectContaining({ user: expect.objectContaining({ id: absent.id }) }))
  })

  test('summer time: "until 14.07." is 14.07.; access ends at midnight in Germany (22:00Z)', async () => {
    process.env.TZ = zone
    const { absent, substitute, absence } = await recordAbsence('2027-07-01', '2027-07-14')
    expect(absence.endsOn.toISOString()).toBe('2027-07-14T00:00:00.000Z')
    expect(formatDay(absence.endsOn, 'de')).toBe('14.07.2027')
    expect(await getSubstitutesFor(substitute, new Date('2027-07-14T21:30:00Z'))).toContain(absent.id)
    expect(await getSubstitutesFor(substitute, new Date('2027-07-14T22:30:00Z'))).not.toContain(absent.id)
    expect(await getSubstitutesFor(substitute, new Date('2027-06-30T22:30:00Z'))).toContain(absent.id)
  })
})
