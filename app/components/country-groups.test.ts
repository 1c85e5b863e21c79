// The master-data edit form's documents leave a country select's frequent and common countries to its
// markup (session 26): the page reads each group shown back from its option group while it hydrates. A
// group without countries is not shown and stays in the data, so the groups read back must be the groups
// the server rendered, whichever of them are empty.
import { afterEach, describe, expect, test } from 'vitest'
import { type CountryChoiceGroups } from '#app/utils/iso.ts'
import { packOptions, type Option } from '#app/utils/options.ts'
import { countryGroups } from './master-data-fields.tsx'

const t = ((key: string) => key) as Parameters<typeof countryGroups>[0]
const all = [
  { value: 'AF', label: 'Afghanistan' },
  { value: 'ER', label: 'Eritrea' },
  { value: 'SY', label: 'Syrien' },
  { value: 'UA', label: 'Ukraine <&> "Ост"' },
]

/** A document whose select `id` holds the groups the server rendered (as the browser's DOM offers them). */
function documentWith(id: string, groups: ReadonlyArray<{ options: readonly Option[] }>) {
  const optgroups = groups.map((group) => ({
    getElementsByTagName: (tag: string) =>
      tag === 'option'
        ? group.options.map((option) => ({ value: option.value, textContent: option.label }))
        : [],
  }))
  return {
    getElementById: (wanted: string) =>
      wanted === id ? { getElementsByTagName: (tag: string) => (tag === 'optgroup' ? optgroups : []) } : null,
  }
}

/** The holder as a document's hydration data carry it: the groups with countries left out. */
function asSent(groups: CountryChoiceGroups): Partial<CountryChoiceGroups> {
  return {
    ...(groups.frequent.length === 0 ? { frequent: [] } : {}),
    ...(groups.common.length === 0 ? { common: [] } : {}),
  }
}

afterEach(() => {
  delete (globalThis as { document?: unknown }).document
})

describe('the country groups read back from the markup', () => {
  const cases: Array<[string, CountryChoiceGroups]> = [
    ['frequent and common', { frequent: [all[2]!, all[3]!], common: [all[0]!], all: packOptions(all) }],
    ['no frequent countries', { frequent: [], common: [all[0]!, all[1]!], all: packOptions(all) }],
    ['no common countries', { frequent: [all[1]!], common: [], all: packOptions(all) }],
    ['neither', { frequent: [], common: [], all: packOptions(all) }],
  ]
  for (const [name, groups] of cases)
    test(`are the groups the server rendered: ${name}`, () => {
      const rendered = countryGroups(t, groups, 'case-edit-nationality')
      ;(globalThis as { document?: unknown }).document = documentWith('case-edit-nationality', rendered)
      const read = countryGroups(t, asSent(groups) as CountryChoiceGroups, 'case-edit-nationality')
      expect(read.map((group) => [group.label, [...group.options]])).toEqual(
        rendered.map((group) => [group.label, [...group.options]]),
      )
      expect(rendered.length).toBe(
        1 + (groups.frequent.length > 0 ? 1 : 0) + (groups.common.length > 0 ? 1 : 0),
      )
    })
})
