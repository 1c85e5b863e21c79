// /language-mediation's open requests become the overview's rows in one step (decision 237): the same rows as
// the two steps before (the ORM's nested shape with a `Date`, then the shown fields with the time as ISO text),
// for the stored forms a request time can have and for the days waited at their edges.
import { describe, expect, test } from 'vitest'
import { openRequest, openRequestRows, type OpenRow } from '#app/models/language-mediation.server.ts'

const DAY_MS = 24 * 60 * 60 * 1000

/** The overview's rows as the route built them before decision 237, from `openRequest`'s shape. */
function twoSteps(rows: readonly OpenRow[], nameOf: (code: string) => string, now: number) {
  return rows.map(openRequest).map((item) => ({
    id: item.id,
    caseId: item.caseId,
    code: item.case.client.pseudonymCode,
    language: nameOf(item.languageCode),
    mode: item.mode,
    status: item.status,
    provider: item.provider?.name ?? null,
    requestedAt: item.requestedAt.toISOString(),
    waitingDays: Math.max(0, Math.floor((now - item.requestedAt.getTime()) / DAY_MS)),
  }))
}

const row = (
  id: string,
  requestedAt: string,
  providerName: string | null = 'Dolmetschpool Nord',
  languageCode = 'arb',
): OpenRow => [id, `case-${id}`, languageCode, 'PHONE', 'REQUESTED', requestedAt, providerName, `CODE-${id}`]
const names: Record<string, string> = { arb: 'Arabisch', fas: 'Persisch', ukr: 'Ukrainisch' }
const nameOf = (code: string) => names[code] ?? code

describe('openRequestRows', () => {
  const now = Date.parse('2026-03-29T10:30:00.000Z') // the day summer time starts in Germany

  test('the same rows as the ORM shape made into rows, for every stored form of the request time', () => {
    const stored = [
      '2026-03-28T10:30:00.000+00:00', // one day before to the millisecond: 1
      '2026-03-28T10:30:00.001+00:00', // a millisecond less than a day: 0
      '2026-03-29T10:30:00.000+00:00', // now: 0
      '2026-04-02T08:00:00.000+00:00', // requested for a later time: 0, not negative
      '2024-02-29T23:59:59.999+00:00', // a leap day (after the 28th: through Date)
      '2026-01-31T00:00:00.000+00:00', // the 31st (through Date)
      '2025-12-30T12:00:00.000+00:00', // the 30th
      '2026-03-01T00:00:00.000Z', // written with Z
      '2026-03-27T23:30:00.000+01:00', // another offset: read by Date
      '2026-03-27T23:30:00+00:00', // no milliseconds: read by Date
      '2019-01-01T00:00:00.000+00:00', // years ago
    ]
    const rows = stored.map((at, i) =>
      row(`m${i}`, at, i % 3 === 0 ? null : `Anbieter ${i}`, ['arb', 'fas', 'ukr', 'kur'][i % 4]),
    )
    const shown = openRequestRows(rows, nameOf, now)
    expect(shown).toEqual(twoSteps(rows, nameOf, now))
    // the same keys in the same order: the loader's data, and so the `.data` answer, stay the same text
    expect(shown.map((r) => JSON.stringify(r))).toEqual(
      twoSteps(rows, nameOf, now).map((r) => JSON.stringify(r)),
    )
    expect(shown.slice(0, 4).map((r) => r.waitingDays)).toEqual([1, 0, 0, 0])
    expect(shown[4]).toMatchObject({
      requestedAt: '2024-02-29T23:59:59.999Z',
      provider: 'Anbieter 4',
      language: 'Arabisch',
    })
    expect(shown[8]?.requestedAt).toBe('2026-03-27T22:30:00.000Z')
    expect(shown[0]).toMatchObject({ provider: null, code: 'CODE-m0', caseId: 'case-m0', id: 'm0' })
    expect(shown[3]?.language).toBe('kur')
  })

  test('random request times over eight years and a random now: the same rows as before', () => {
    let seed = 7
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31
    const from = Date.parse('2019-01-01T00:00:00.000Z')
    for (let round = 0; round < 20; round += 1) {
      const rows = Array.from({ length: 50 }, (_, i) => {
        const at = new Date(from + Math.floor(random() * 8 * 365 * DAY_MS))
          .toISOString()
          .replace('Z', '+00:00')
        return row(`r${round}-${i}`, at, random() < 0.3 ? null : 'Anbieter')
      })
      const at = from + Math.floor(random() * 8 * 365 * DAY_MS)
      expect(openRequestRows(rows, nameOf, at)).toEqual(twoSteps(rows, nameOf, at))
    }
  })

  test('no rows: none shown', () => {
    expect(openRequestRows([], nameOf, now)).toEqual([])
  })
})
