import { iso6393 } from 'iso-639-3'
import { describe, expect, test } from 'vitest'
import { countryName, countryOptions, isCountryCode, languageGroupOptions, languageName as clientLanguageName } from './iso.ts'
import { isLanguageCode, languageName, languageOptions } from './iso.server.ts'
import { packOptions } from './options.ts'

describe('countries', () => {
  test('names in German and English, special codes for stateless and unclear', () => {
    expect(countryName('SY', 'de')).toMatch(/^Syrien/)
    expect(countryName('XK', 'de')).toBe('Kosovo')
    expect(countryName('SY', 'en')).toMatch(/Syria/)
    expect(countryName('XX', 'de')).toBe('staatenlos')
    expect(countryName('XU', 'en')).toBe('Unclear')
    expect(countryName(null, 'de')).toBe('')
  })

  test('options: special codes first, then sorted by the German name', () => {
    const options = countryOptions('de')
    expect(options.slice(0, 2).map((option) => option.value)).toEqual(['XX', 'XU'])
    const afghanistan = options.findIndex((option) => option.value === 'AF')
    const egypt = options.findIndex((option) => option.value === 'EG')
    expect(afghanistan).toBeLessThan(egypt) // "Ägypten" sorts with A, after "Afghanistan"
    expect(options.length).toBeGreaterThan(240)
  })

  test('short names where the official one reads like a treaty, both Congos told apart', () => {
    expect(countryName('SY', 'de')).toBe('Syrien')
    expect(countryName('SY', 'en')).toBe('Syria')
    expect(countryName('IR', 'en')).toBe('Iran')
    expect(countryName('RU', 'de')).toBe('Russische Föderation')
    expect(countryName('CD', 'de')).not.toBe(countryName('CG', 'de'))
    for (const lng of ['de', 'en']) {
      const labels = countryOptions(lng).map((option) => option.label)
      expect(new Set(labels).size).toBe(labels.length)
    }
  })

  test('uninhabited territories are no choice, but a recorded one stays readable and offered', () => {
    const values = countryOptions('de').map((option) => option.value)
    for (const code of ['AQ', 'BV', 'HM', 'GS', 'UM', 'TF', 'IO']) expect(values).not.toContain(code)
    expect(countryName('AQ', 'de')).toBe('Antarktis')
    expect(isCountryCode('BV')).toBe(true)
    const withRecorded = countryOptions('de', ['BV', null, 'SY'])
    expect(withRecorded.filter((option) => option.value === 'BV')).toEqual([{ value: 'BV', label: 'Bouvetinsel' }])
    expect(withRecorded.filter((option) => option.value === 'SY')).toHaveLength(1)
    // No recorded outsider: the one cached list (its pre-built HTML is cached by identity).
    expect(countryOptions('de', ['SY', null])).toBe(countryOptions('de'))
  })

  test('code check', () => {
    expect(isCountryCode('DE')).toBe(true)
    expect(isCountryCode('XX')).toBe(true)
    expect(isCountryCode('de')).toBe(false)
    expect(isCountryCode('ZZ')).toBe(false)
    expect(isCountryCode(undefined)).toBe(false)
  })
})

describe('languages', () => {
  test('ISO 639-3 check accepts living languages only', () => {
    expect(isLanguageCode('arb')).toBe(true)
    expect(isLanguageCode('apc')).toBe(true)
    expect(isLanguageCode('ara')).toBe(true) // macrolanguage
    expect(isLanguageCode('got')).toBe(false) // Gothic: ancient
    expect(isLanguageCode('ar')).toBe(false)
    expect(isLanguageCode('xyz')).toBe(false)
  })

  test('names: CLDR, our overrides, then the ISO English name', () => {
    expect(languageName('deu', 'de')).toBe('Deutsch')
    expect(languageName('tir', 'en')).toBe('Tigrinya')
    expect(languageName('kmr', 'de')).toBe('Kurdisch (Kurmandschi)')
    expect(languageName('rmn', 'de')).toBe('Balkan Romani')
    expect(clientLanguageName('rmn', 'de')).toBe('rmn')
  })

  test('remembered names: the same answer as a fresh Intl.DisplayNames for every living code, asked twice, in both languages', () => {
    const codes = iso6393.map((language) => language.iso6393).filter(isLanguageCode)
    expect(codes.length).toBeGreaterThan(7000)
    const overridden = new Set(['arb', 'apc', 'acm', 'fas', 'pes', 'kmr', 'ckb', 'sdh', 'pbu', 'pst', 'pbt', 'als', 'cmn'])
    const asked = [...codes, 'xyz', 'a-b'].filter((code) => !overridden.has(code))
    for (const lng of ['de', 'en'] as const) {
      const fresh = new Intl.DisplayNames(lng, { type: 'language', fallback: 'none' })
      const expected = asked.map((code) => {
        try {
          return fresh.of(code) ?? code
        } catch {
          return code
        }
      })
      // the first round fills the memory, the second answers from it
      for (const round of [1, 2]) expect(asked.map((code) => clientLanguageName(code, lng)), `${lng}, round ${round}`).toEqual(expected)
    }
  })

  test('options: common languages, the named list sorted and unambiguous, recorded codes kept', () => {
    const { common, all } = languageOptions('de')
    expect(common.map((option) => option.value)).toContain('arb')
    expect(common.map((option) => option.value)).toContain('prs')
    const labels = all.map((option) => option.label)
    expect(new Set(labels).size).toBe(labels.length)
    expect([...labels].sort(new Intl.Collator('de').compare)).toEqual(labels)
    expect(all.some((option) => option.value === 'rmn')).toBe(false)
    expect(languageOptions('de', ['rmn']).all.some((option) => option.value === 'rmn')).toBe(true)
  })

  test('recorded codes outside the list are inserted where a full sort puts them, once each; the cached list stays as it was', () => {
    for (const lng of ['de', 'en']) {
      const before = languageOptions(lng).all
      const extra = ['rmn', 'zzj', 'aaa', 'rmn', 'arb'].filter((code) => !before.some((option) => option.value === code))
      const { all } = languageOptions(lng, [...extra, 'arb'])
      const collator = new Intl.Collator(lng)
      expect(all.map((option) => option.label)).toEqual(all.map((option) => option.label).sort(collator.compare))
      expect(all).toHaveLength(before.length + new Set(extra.filter(isLanguageCode)).size)
      expect(new Set(all.map((option) => option.value)).size).toBe(all.length)
      expect(languageOptions(lng).all).toEqual(before)
    }
  })
})

describe('the groups of a several-languages choice (decision 088)', () => {
  test('the others group offers the whole list without the groups before it, one array per ranking, the last four kept', () => {
    const all = languageOptions('de').all
    const common = packOptions(all.filter((option) => ['deu', 'ara'].includes(option.value)))
    const groupsWith = (frequentCode: string) => [
      { key: 'frequent' as const, options: packOptions(all.filter((option) => option.value === frequentCode)) },
      { key: 'common' as const, options: common },
      { key: 'others' as const, options: packOptions(all) },
    ]
    const others = (frequentCode: string) => languageGroupOptions(groupsWith(frequentCode))[2]!.options
    const first = others('fao')
    expect(first).toEqual(all.filter((option) => !['fao', 'deu', 'ara'].includes(option.value)))
    expect(first.length).toBe(all.length - 3)
    expect(others('fao')).toBe(first)
    // Three more rankings (recounts): the first is still kept, a fifth drops it.
    for (const code of ['tir', 'som', 'prs']) expect(others(code).some((option) => option.value === code)).toBe(false)
    expect(others('fao')).toBe(first)
    for (const code of ['tir', 'som', 'prs', 'pus']) others(code)
    expect(others('fao')).not.toBe(first)
    expect(others('fao')).toEqual(first)
    // Without an others group, or with only it, nothing is left out that is not shown.
    expect(languageGroupOptions([{ key: 'others', options: packOptions(all) }])[0]!.options).toEqual(all)
    expect(languageGroupOptions([]).length).toBe(0)
  })
})
