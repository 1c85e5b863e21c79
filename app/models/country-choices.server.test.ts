import { randomUUID } from 'node:crypto'
import { afterEach, describe, expect, test, vi } from 'vitest'
import { prisma } from '#app/utils/db.server.ts'
import { countryOptions } from '#app/utils/iso.ts'
import { unpackOptions } from '#app/utils/options.ts'
import {
  commonCountryCodes,
  countryChoices,
  forgetFrequentCountries,
  FREQUENT_CACHE_MS,
  FREQUENT_MIN_CLIENTS,
  frequentCountryCodes,
} from './country-choices.server.ts'

async function addClients(count: number, data: { nationality?: string; countryOfOrigin?: string }) {
  for (let i = 0; i < count; i++) {
    await prisma.client.create({ data: { pseudonymCode: `T${randomUUID().slice(0, 12)}`, birthYear: 1990, gender: 'FEMALE', ...data } })
  }
}

async function largestNationalityCount() {
  const rows = await prisma.$queryRaw<Array<{ n: bigint | number }>>`SELECT COUNT(*) AS n FROM Client WHERE nationality IS NOT NULL GROUP BY nationality ORDER BY n DESC LIMIT 1`
  return Number(rows[0]?.n ?? 0)
}

afterEach(() => forgetFrequentCountries())

describe('country choices: the likely answer first', () => {
  test("the organisation's most frequent nationality leads, a rarely recorded one is not listed, origin is counted apart", async () => {
    // More Bhutanese clients than any nationality recorded so far; Tuvalu below the threshold.
    expect(await prisma.client.count({ where: { nationality: { in: ['BT', 'TV'] } } })).toBe(0)
    await addClients(Math.max((await largestNationalityCount()) + 1, FREQUENT_MIN_CLIENTS), { nationality: 'BT', countryOfOrigin: 'NP' })
    await addClients(FREQUENT_MIN_CLIENTS - 1, { nationality: 'TV' })
    forgetFrequentCountries()

    const choices = await countryChoices('de')
    expect(choices.nationality.frequent[0]).toEqual({ value: 'BT', label: 'Bhutan' })
    expect(choices.nationality.frequent.length).toBeLessThanOrEqual(10)
    expect(choices.nationality.frequent.map((option) => option.value)).not.toContain('TV')
    expect(choices.countryOfOrigin.frequent.map((option) => option.value)).toContain('NP')
    expect(choices.countryOfOrigin.frequent.map((option) => option.value)).not.toContain('BT')
    // Independent count: every frequent entry has at least the threshold of clients.
    for (const option of choices.nationality.frequent)
      expect(await prisma.client.count({ where: { nationality: option.value } })).toBeGreaterThanOrEqual(FREQUENT_MIN_CLIENTS)
  })

  test('the regional list follows without repeating a frequent entry; short names; every country after', async () => {
    const choices = await countryChoices('de')
    const frequent = choices.nationality.frequent.map((option) => option.value)
    const common = choices.nationality.common.map((option) => option.value)
    expect(common).toEqual(commonCountryCodes().filter((code) => !frequent.includes(code)))
    expect(commonCountryCodes()).toEqual(['SY', 'AF', 'UA', 'IQ', 'IR', 'TR', 'RU', 'ER', 'SO', 'GE'])
    const labels = [...choices.nationality.frequent, ...choices.nationality.common, ...unpackOptions(choices.nationality.all)].map((o) => o.label)
    expect(labels).toContain('Syrien')
    expect(labels).not.toContain('Syrien, Arabische Republik')
    expect(labels).not.toContain('Antarktis')
    expect(unpackOptions(choices.nationality.all).length).toBeGreaterThan(240)
    // Packed for the loader data (decision 054): the same options back, one string for both selects.
    expect(unpackOptions(choices.nationality.all)).toEqual(countryOptions('de'))
    expect(choices.countryOfOrigin.all).toBe(choices.nationality.all)
  })

  test('a stored uninhabited territory stays offered on its own form', async () => {
    const choices = await countryChoices('de', { nationality: 'AQ', countryOfOrigin: null })
    expect(unpackOptions(choices.nationality.all).filter((option) => option.value === 'AQ')).toEqual([{ value: 'AQ', label: 'Antarktis' }])
    expect(unpackOptions(choices.countryOfOrigin.all).map((option) => option.value)).not.toContain('AQ')
  })

  test('the frequent and regional groups are kept per ranking and language (decision 228): a recount is seen at the next call', async () => {
    const german = await countryChoices('de')
    const again = await countryChoices('de', { nationality: 'AQ', countryOfOrigin: 'AQ' })
    expect(again.nationality.frequent).toBe(german.nationality.frequent)
    expect(again.nationality.common).toBe(german.nationality.common)
    expect(Object.isFrozen(german.nationality.frequent) && Object.isFrozen(german.nationality.common[0])).toBe(true)
    // each field its own groups, as before: the data of a document holds no shared array twice
    expect(german.countryOfOrigin.common).not.toBe(german.nationality.common)
    const english = await countryChoices('en')
    expect(english.nationality.common).not.toBe(german.nationality.common)
    expect(english.nationality.common.find((option) => option.value === 'SY')?.label).toBe('Syria')
    expect(german.nationality.common.find((option) => option.value === 'SY')?.label).toBe('Syrien')
    // A new ranking (here: more clients of one nationality than any other, then the recount) is a new array of
    // codes, so new groups at the next call.
    await addClients(Math.max((await largestNationalityCount()) + 1, FREQUENT_MIN_CLIENTS), { nationality: 'TO' })
    forgetFrequentCountries()
    const recounted = await countryChoices('de')
    expect(recounted.nationality.frequent[0]).toEqual({ value: 'TO', label: 'Tonga' })
    expect(recounted.nationality.frequent).not.toBe(german.nationality.frequent)
    expect(german.nationality.frequent.map((option) => option.value)).not.toContain('TO')
  })

  test('cached per process: parallel requests share one query; after ten minutes the counts are read again while the old ranking is served', async () => {
    const start = Date.now()
    const [first, second] = [frequentCountryCodes(start), frequentCountryCodes(start + 1)]
    expect(first).toBe(second)
    await first
    await addClients(Math.max((await largestNationalityCount()) + 1, FREQUENT_MIN_CLIENTS), { nationality: 'KI' })
    expect((await frequentCountryCodes(start + FREQUENT_CACHE_MS - 1)).nationality).not.toContain('KI')
    // At expiry the request gets the old ranking at once; the recount replaces it for later requests.
    expect((await frequentCountryCodes(start + FREQUENT_CACHE_MS)).nationality).not.toContain('KI')
    await vi.waitFor(async () => expect((await frequentCountryCodes(start + FREQUENT_CACHE_MS + 1)).nationality[0]).toBe('KI'))
  })
})
