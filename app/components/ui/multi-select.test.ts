import { describe, expect, test } from 'vitest'
import { filterOptions, searchForm } from './multi-select.tsx'
import { localLanguageName } from '#app/utils/iso.ts'
import { type Option } from '#app/utils/options.ts'

const options: Option[] = [
  { value: 'arb', label: 'Arabisch (Hocharabisch)' },
  { value: 'kmr', label: 'Kurdisch (Kurmandschi)' },
  { value: 'cmn', label: 'Chinesisch (Mandarin)' },
  { value: 'fas', label: 'Persisch (Farsi)' },
  { value: 'prs', label: 'Dari' },
  { value: 'tur', label: 'Türkisch' },
  { value: 'deu', label: 'Deutsch' },
]
const keywords = (option: Option) => [localLanguageName(option.value, 'de'), localLanguageName(option.value, 'en')].filter((name): name is string => Boolean(name))
const values = (query: string) => filterOptions(options, query, keywords).map((option) => option.value)

describe('the filter of a several-choices field', () => {
  test('an empty query keeps every entry in list order', () => {
    expect(values('')).toEqual(options.map((option) => option.value))
    expect(values('   ')).toEqual(options.map((option) => option.value))
  })

  test('finds by the German name, the English name and the code, without case or diacritics', () => {
    expect(values('pers')).toEqual(['fas'])
    expect(values('persian')).toEqual(['fas'])
    expect(values('TURK')).toEqual(['tur'])
    expect(values('german')).toEqual(['deu'])
    expect(values('prs')).toEqual(['prs'])
    expect(values('qqq')).toEqual([])
  })

  test('entries starting with the query come before those with a word starting with it, then any other match', () => {
    // "Dari" starts with "dari", "Mandarin" only contains it, though it comes first in the list.
    expect(values('dari')).toEqual(['prs', 'cmn'])
    // A word of "Chinesisch (Mandarin)" starts with "mand", "Kurmandschi" only contains it.
    expect(values('mand')).toEqual(['cmn', 'kmr'])
    expect(values('ar')).toEqual(['arb', 'cmn', 'fas', 'prs'])
  })

  test('searchForm folds case and diacritics', () => {
    expect(searchForm(' Färöisch ')).toBe('faroisch')
  })
})
