import { type FieldMetadata } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod'
import { describe, expect, test } from 'vitest'
import { serverSnapshot } from '#app/components/ui/field-props.ts'
import { type MasterDataField } from '#app/domain/case-conflict.ts'
import { EditCaseSchema } from '#app/forms/case.ts'
import { packOptions } from '#app/utils/options.ts'
import { expectSameMarkup, type ProbeForm, useProbeForm } from '#tests/snapshot-markup.tsx'
import { STORED_MASTER_DATA } from '#tests/master-data-values.ts'
import { MasterDataFields, type MasterDataChoices } from './master-data-fields.tsx'

// Decision 152: on the server the master-data fields read the form's values and errors at once
// (serverSnapshot) instead of through each field's metadata. The markup must be byte for byte what the
// fields' own reads make — the browser still renders (and hydrates) through them.

const countries = [
  { value: 'SYR', label: 'Syrien' },
  { value: 'AFG', label: 'Afghanistan' },
  { value: 'UKR', label: 'Ukraine <&> "Ост"' },
]
const languages = [
  { value: 'ara', label: 'Arabisch' },
  { value: 'deu', label: 'Deutsch' },
  { value: 'fas', label: 'Persisch & "Dari"' },
]
const countryGroups = {
  frequent: countries.slice(0, 1),
  common: countries.slice(1, 2),
  all: packOptions(countries),
}
const choices: MasterDataChoices = {
  countries: { nationality: countryGroups, countryOfOrigin: countryGroups },
  languages: { common: languages.slice(0, 1), all: packOptions(languages) },
  spokenLanguages: [
    { key: 'frequent', options: packOptions(languages.slice(0, 2)) },
    { key: 'others', options: packOptions(languages) },
  ],
  districts: [
    { value: '1', label: 'Mitte' },
    { value: '2', label: 'Nord <Süd>' },
  ],
  legalBases: [{ value: '7', label: 'Art. 6 (1) a "Einwilligung"' }],
}

const stored = STORED_MASTER_DATA

function badSubmission() {
  const formData = new FormData()
  const entries: Array<[string, string]> = [
    ['version', '1'],
    ['base', '{}'],
    ['birthYear', '18x9'],
    ['gender', 'NOPE'],
    ['nationality', 'SYR'],
    ['languages', 'ara'],
    ['languages', 'xx'],
    ['arrivalMonth', '2099-13'],
    ['districtId', 'abc'],
    ['householdAdults', '-3'],
    ['householdChildren', '<b>&"</b>'],
    ['programme', 'MBE'],
    ['kind', 'X'],
    ['sharedForSubstitution', 'on'],
    ['privacyInfoGivenAt', '2099-01-01'],
    ['privacyInfoLanguage', 'deu'],
  ]
  for (const [name, value] of entries) formData.append(name, value)
  const submission = parseWithZod(formData, { schema: EditCaseSchema })
  expect(submission.status).toBe('error')
  return submission.reply()
}

const conflictHint = 'jetzt: Frau'

function Probe({ withSnapshot, form }: { withSnapshot: boolean; form: ProbeForm }) {
  const { constraint, meta, fields } = useProbeForm('case-edit', EditCaseSchema, form)
  return (
    <MasterDataFields
      fields={fields as unknown as Record<MasterDataField, FieldMetadata<unknown>>}
      constraint={constraint}
      choices={choices}
      hints={{ programme: 'Hinweis', gender: <span className="conflict-hint">{conflictHint}</span> }}
      formKey={4}
      snapshot={withSnapshot ? serverSnapshot(meta) : undefined}
    />
  )
}

/** The fields rendered both ways, in German and English: the same markup (the pages: German, English). */
function sameMarkup(form: ProbeForm) {
  return expectSameMarkup((withSnapshot, probeForm) => <Probe withSnapshot={withSnapshot} form={probeForm} />, form)
}

describe('master-data fields: the server’s snapshot renders what the fields’ own reads render', () => {
  test('the tests run where the server renders: there is a snapshot', () => {
    expect(typeof document).toBe('undefined')
    expect(serverSnapshot({ initialValue: { a: '1' }, allErrors: { a: ['x'] } })).toEqual({
      initialValue: { a: '1' },
      errors: { a: ['x'] },
    })
  })

  test('an empty form', async () => {
    const [de] = await sameMarkup({})
    expect(de).not.toContain('aria-invalid')
  })

  test('stored values, awkward texts among them', async () => {
    const [de, en] = await sameMarkup({ defaultValue: stored })
    // the values are really in the markup (so the comparison covered them)
    expect(de).toContain('value="1987"')
    expect(de).toMatch(/<input type="checkbox"[^>]*checked=""/)
    expect(de).toContain('<option value="fas" selected="">')
    expect(en).toContain('value="2024-05"')
  })

  test('after a bad submission: the errors next to the fields, the submitted values kept', async () => {
    const [de, en] = await sameMarkup({ defaultValue: stored, lastResult: badSubmission() })
    for (const page of [de!, en!]) {
      expect((page.match(/aria-invalid="true"/g) ?? []).length).toBeGreaterThanOrEqual(5)
      expect(page).toContain('value="18x9"')
      expect(page).toContain('value="&lt;b&gt;&amp;&quot;&lt;/b&gt;"')
    }
  })
})
