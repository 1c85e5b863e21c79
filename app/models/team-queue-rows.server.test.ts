// /team's queue reads its rows as arrays (`readRowArrays`, decision 189): the columns by position. Every
// field of every row is compared here with an ORM read of the same cases, over values that differ between
// the rows and between the columns, so that two columns read in each other's place (in the SQL or in
// the destructuring) fail the test.
import { describe, expect, test } from 'vitest'
import { getQueue, languagesOf } from '#app/models/team-lead.server.ts'
import { prisma } from '#app/utils/db.server.ts'
import { catalogueId, createTestCase, createUser, getTeams } from '#tests/factories.ts'

const DAY = 86_400_000
// 23:30 UTC on New Year's Eve: already 1 January 2027 in the office (Europe/Berlin, decision 029),
// so the age counts from the office's year, not UTC's.
const NOW = new Date('2026-12-31T23:30:00Z')

/** The office's calendar day of an instant, as days since 1970 (computed here, not by the app's helpers). */
function berlinDayNumber(instant: Date) {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Berlin', year: 'numeric', month: '2-digit', day: '2-digit' }).format(instant)
  const [year, month, day] = parts.split('-').map(Number) as [number, number, number]
  return { year, days: Date.UTC(year, month - 1, day) / DAY }
}

describe("/team's queue rows (read as arrays, decision 189)", () => {
  test('every field of every row is the case, client, district and sending team as the ORM reads them', async () => {
    const { eae, rostock } = await getTeams()
    const counsellor = await createUser({ teamId: eae.id })
    const schwerin = await catalogueId('PLACE', 'SN')
    const opened = (daysAgo: number) => new Date(NOW.getTime() - daysAgo * DAY - 5 * 3_600_000)
    const made = [
      { programme: 'MBE', kind: 'CASE_MANAGEMENT', startPlace: 'OWN_FLAT', birthYear: 1971, languages: [], district: schwerin, openedAt: opened(40), transferDaysAgo: null, handedBackDaysAgo: null },
      { programme: 'JMD', kind: 'SHORT', startPlace: 'SHARED_ACCOMMODATION', birthYear: 1985, languages: ['fas'], district: null, openedAt: opened(30), transferDaysAgo: 3, handedBackDaysAgo: null },
      { programme: 'REFUGEE', kind: 'CASE_MANAGEMENT', startPlace: 'EAE', birthYear: 2003, languages: ['ukr', 'deu', 'rus'], district: null, openedAt: opened(30), transferDaysAgo: null, handedBackDaysAgo: 12 },
      { programme: 'LAND_MIGRATION', kind: 'SHORT', startPlace: 'OTHER', birthYear: 1999, languages: ['tir', 'ara'], district: schwerin, openedAt: opened(7), transferDaysAgo: null, handedBackDaysAgo: null },
    ]
    for (const row of made) {
      const kase = await createTestCase({ teamId: eae.id, programme: row.programme, kind: row.kind, birthYear: row.birthYear, languages: row.languages, openedAt: row.openedAt, counsellorId: row.handedBackDaysAgo === null ? null : counsellor.id })
      // handed back to the queue at an instant of its own (the write's `updatedAt`, decision 245)
      if (row.handedBackDaysAgo !== null) await prisma.case.update({ where: { id: kase.id }, data: { counsellorId: null, updatedAt: new Date(NOW.getTime() - row.handedBackDaysAgo * DAY) } })
      await prisma.case.update({ where: { id: kase.id }, data: { startPlace: row.startPlace } })
      if (row.district !== null) await prisma.client.update({ where: { id: kase.clientId }, data: { districtId: row.district } })
      if (row.transferDaysAgo !== null) {
        const at = new Date(NOW.getTime() - row.transferDaysAgo * DAY)
        await prisma.transfer.create({ data: { caseId: kase.id, fromTeamId: rostock.id, toTeamId: eae.id, reason: 'MOVE', status: 'DONE', at, completedAt: at } })
      }
    }
    // not in the queue: assigned, closed, another team's
    await createTestCase({ teamId: eae.id, counsellorId: counsellor.id, programme: 'OTHER' })
    await createTestCase({ teamId: eae.id, status: 'CLOSED', programme: 'OTHER' })
    await createTestCase({ teamId: rostock.id, programme: 'OTHER' })

    const shown = await getQueue(eae.id, NOW)

    const stored = await prisma.case.findMany({
      where: { teamId: eae.id, counsellorId: null, status: { not: 'CLOSED' } },
      select: {
        id: true,
        openedAt: true,
        requeuedAt: true,
        programme: true,
        kind: true,
        startPlace: true,
        client: {
          select: {
            pseudonymCode: true,
            birthYear: true,
            languages: { select: { languageCode: true } },
            district: { select: { labelDe: true, labelEn: true } },
          },
        },
        transfers: {
          where: { toTeamId: eae.id, status: 'DONE' },
          orderBy: { at: 'desc' },
          take: 1,
          select: { at: true, completedAt: true, fromTeam: { select: { name: true } } },
        },
      },
      orderBy: [{ openedAt: 'asc' }, { id: 'asc' }],
    })
    const today = berlinDayNumber(NOW)
    const expected = stored
      .map((kase) => {
        const transfer = kase.transfers[0]
        const transferredAt = transfer ? (transfer.completedAt ?? transfer.at) : null
        const since = [transferredAt, kase.requeuedAt].reduce<Date>((latest, at) => (at && at > latest ? at : latest), kase.openedAt)
        return {
          id: kase.id,
          code: kase.client.pseudonymCode,
          programme: kase.programme,
          kind: kase.kind,
          startPlace: kase.startPlace,
          age: today.year - kase.client.birthYear,
          languages: kase.client.languages.map((language) => language.languageCode).sort(),
          district: kase.client.district,
          transferredFrom: transfer?.fromTeam.name ?? null,
          requeued: kase.requeuedAt !== null,
          waitingDays: today.days - berlinDayNumber(since).days,
        }
      })
      // longest wait first; equal waits in the order of opening (the sort is stable)
      .sort((a, b) => b.waitingDays - a.waitingDays)

    expect(shown.total).toBe(4)
    expect(shown.rows).toEqual(expected)
    // the awkward values are there: no language, several, a district and none, one transferred in, one handed back
    expect(shown.rows.map((row) => row.languages.length)).toEqual([0, 3, 2, 1])
    expect(shown.rows.map((row) => row.district?.labelEn ?? null)).toEqual(['State capital Schwerin', null, 'State capital Schwerin', null])
    expect(shown.rows.map((row) => row.transferredFrom)).toEqual([null, null, null, rostock.name])
    expect(shown.rows.map((row) => row.age)).toEqual([56, 24, 28, 42])
    // the handed-back case waits from its hand-back 12 days ago (at 23:30 UTC, like now), not from its opening 30 days ago
    expect(shown.rows.map((row) => row.waitingDays)).toEqual([41, 12, 8, 3])
    expect(shown.rows.map((row) => row.requeued)).toEqual([false, true, false, false])
  })

  test("a client's languages as the read gave them before (`list ? list.split(',').sort() : []`), for lists of up to six codes with ties and odd ones", () => {
    const codes = ['deu', 'ara', 'arb', 'tir', 'ukr', 'rus', 'fas', 'Deu', 'ärb', 'a', 'aa', 'zzz', '']
    let seed = 19
    const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648
    const lists = ['deu', 'tir,ara', 'ara,tir', 'deu,deu', 'ukr,deu,rus', 'rus,ukr,deu,ara,fas,tir']
    for (let index = 0; index < 2000; index++) {
      const length = 1 + Math.floor(random() * 6)
      lists.push(Array.from({ length }, () => codes[Math.floor(random() * codes.length)]).join(','))
    }
    for (const list of lists) expect(languagesOf(list)).toEqual(list ? list.split(',').sort() : [])
    expect(languagesOf(null)).toEqual([])
    expect(languagesOf('')).toEqual([])
  })
})
