import { randomUUID } from 'node:crypto'
import { afterEach, describe, expect, test } from 'vitest'
import { prisma } from '#app/utils/db.server.ts'
import { COMMON_LANGUAGE_CODES, languageChoices, languageGroupOptions, languageOptions } from '#app/utils/iso.server.ts'
import { FREQUENT_LIMIT, FREQUENT_MIN_CLIENTS } from './country-choices.server.ts'
import { forgetFrequentLanguages, languageChoiceGroups as packedGroups, languageCodeErrors } from './language-choices.server.ts'
import { unpackOptions } from '#app/utils/options.ts'

async function addClients(count: number, languages: string[]) {
  for (let i = 0; i < count; i++) {
    await prisma.client.create({
      data: { pseudonymCode: `T${randomUUID().slice(0, 12)}`, birthYear: 1990, gender: 'FEMALE', languages: { create: languages.map((languageCode) => ({ languageCode })) } },
    })
  }
}

/** An independent count: clients per language, straight from the table. */
async function clientsPerLanguage() {
  const rows = await prisma.clientLanguage.groupBy({ by: ['languageCode'], _count: { _all: true } })
  return new Map(rows.map((row) => [row.languageCode, row._count._all]))
}

afterEach(() => forgetFrequentLanguages())

/** The groups as the page sees them (packed in the loader data, decision 054; the others group from the whole list, decision 088). */
async function languageChoiceGroups(lng: string, recorded?: readonly string[]) {
  return languageGroupOptions(await packedGroups(lng, recorded))
}

describe('the languages choice: the likely answer first', () => {
  test("the organisation's most spoken languages lead; a rarely recorded one is not singled out", async () => {
    const counts = await clientsPerLanguage()
    const most = Math.max(0, ...counts.values())
    // More clients speaking Bhojpuri than any language recorded so far, then Tigrinya; Faroese below the threshold.
    expect(counts.get('bho') ?? 0).toBe(0)
    await addClients(Math.max(most + 2, FREQUENT_MIN_CLIENTS), ['bho'])
    await addClients(Math.max(most + 1, FREQUENT_MIN_CLIENTS) - (counts.get('tir') ?? 0), ['tir'])
    await addClients(FREQUENT_MIN_CLIENTS - 1, ['fao'])
    forgetFrequentLanguages()

    const groups = await languageChoiceGroups('de')
    expect(groups.map((group) => group.key)).toEqual(['frequent', 'common', 'others'])
    const [frequent, common, others] = groups.map((group) => group.options)
    expect(frequent!.slice(0, 2)).toEqual([
      { value: 'bho', label: 'Bhodschpuri' },
      { value: 'tir', label: 'Tigrinya' },
    ])
    expect(frequent!.length).toBeLessThanOrEqual(FREQUENT_LIMIT)
    const after = await clientsPerLanguage()
    for (const option of frequent!) expect(after.get(option.value)).toBeGreaterThanOrEqual(FREQUENT_MIN_CLIENTS)
    expect(frequent!.map((option) => option.value)).not.toContain('fao')
    // The regional list follows without repeating a frequent language, in its own order.
    const frequentCodes = frequent!.map((option) => option.value)
    expect(common!.map((option) => option.value)).toEqual(COMMON_LANGUAGE_CODES.filter((code) => !frequentCodes.includes(code)))
    expect(common!.find((option) => option.value === 'fas')?.label).toBe('Persisch (Farsi)')
    // Every other language once, alphabetically by its German name.
    const values = groups.flatMap((group) => group.options.map((option) => option.value))
    expect(new Set(values).size).toBe(values.length)
    expect(values.sort()).toEqual(languageOptions('de').all.map((option) => option.value).sort())
    const labels = others!.map((option) => option.label)
    expect(labels).toEqual([...labels].sort(new Intl.Collator('de').compare))
    expect(others!.find((option) => option.value === 'fao')?.label).toBe('Färöisch')
  })

  test('the names follow the UI language; a recorded code outside the named list stays offered', async () => {
    const english = await languageChoiceGroups('en', ['aaa'])
    const options = english.flatMap((group) => group.options)
    expect(options.find((option) => option.value === 'fas')?.label).toBe('Persian (Farsi)')
    // Ghotuo has no CLDR name: offered with its ISO name and code because it is recorded.
    expect(options.find((option) => option.value === 'aaa')?.label).toBe('Ghotuo (aaa)')
    expect((await languageChoiceGroups('en')).flatMap((group) => group.options).some((option) => option.value === 'aaa')).toBe(false)
  })

  test('packed once per list and ranking: the same groups until the recount, then the new ranking', async () => {
    const before = await packedGroups('de')
    expect(await packedGroups('de', ['deu', 'ara'])).toBe(before)
    expect(await packedGroups('en')).not.toBe(before)
    // A language spoken by more clients than any other becomes frequent at the recount, not before.
    const most = Math.max(0, ...(await clientsPerLanguage()).values())
    await addClients(Math.max(most + 1, FREQUENT_MIN_CLIENTS), ['fao'])
    expect(await packedGroups('de')).toBe(before)
    forgetFrequentLanguages()
    const after = await packedGroups('de')
    expect(after).not.toBe(before)
    expect(unpackOptions(after[0]!.options)[0]).toEqual({ value: 'fao', label: 'Färöisch' })
    // A recorded code outside the named list is a list of its own, offered only where it is recorded.
    expect(unpackOptions((await packedGroups('de', ['aaa'])).at(-1)!.options).some((option) => option.value === 'aaa')).toBe(true)
    expect(await packedGroups('de')).toBe(after)
  })

  test('the others group carries the whole list, the privacy picker’s string; the page offers what the groups before it do not', async () => {
    // A frequent language outside the regional list, so that all three groups are there.
    const most = Math.max(0, ...(await clientsPerLanguage()).values())
    await addClients(Math.max(most + 1, FREQUENT_MIN_CLIENTS), ['fao'])
    forgetFrequentLanguages()
    // Recorded: none, named ones, one outside the named list (Ghotuo), two outside it.
    for (const lng of ['de', 'en'])
      for (const recorded of [[], ['deu', 'ara'], ['aaa'], ['aaa', 'deu', 'zzj']]) {
        const packed = await packedGroups(lng, recorded)
        expect(packed.map((group) => group.key)).toEqual(['frequent', 'common', 'others'])
        // The master-data form's privacy-information picker offers the same recorded codes: the same string, held once in its loader data.
        expect(packed.at(-1)!.options).toBe(languageChoices(lng, recorded).all)
        // What the groups offer, computed independently: the regional list without the frequent ones, then every other language.
        const all = languageOptions(lng, recorded).all
        const frequent = unpackOptions(packed[0]!.options)
        const common = unpackOptions(packed[1]!.options)
        expect(frequent[0]).toEqual(all.find((option) => option.value === 'fao'))
        const shown = new Set([...frequent, ...common].map((option) => option.value))
        const groups = languageGroupOptions(packed)
        expect(groups).toEqual([
          { key: 'frequent', options: frequent },
          { key: 'common', options: common },
          { key: 'others', options: all.filter((option) => !shown.has(option.value)) },
        ])
        expect(groups[2]!.options.some((option) => option.value === 'fao' || option.value === 'deu')).toBe(false)
        if (recorded.includes('aaa')) expect(groups[2]!.options.some((option) => option.value === 'aaa')).toBe(true)
        // The same arrays on the next render and the next request, so each list's markup is built once (option-list.ts).
        const again = languageGroupOptions(await packedGroups(lng, recorded))
        for (const [index, group] of again.entries()) expect(group.options).toBe(groups[index]!.options)
      }
  })

  test('the server knows every ISO 639-3 code and refuses what is none', () => {
    expect(languageCodeErrors([])).toBeUndefined()
    expect(languageCodeErrors(['deu', 'aaa', 'kmr'])).toBeUndefined()
    expect(languageCodeErrors(['deu', 'qqq'])).toEqual(['common:languageChoice.errors.unknown'])
  })
})
