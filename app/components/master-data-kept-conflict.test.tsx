// Decision 234: a conflict's hints are elements carrying the value another person saved in this case ("jetzt: …"):
// the sections of such a view are never kept, so that no later view — another case's conflict on the same field —
// is written from a template that holds this case's value.
import { type FieldMetadata } from '@conform-to/react'
import { I18nextProvider } from 'react-i18next'
import { beforeEach, expect, test } from 'vitest'
import { serverSnapshot } from '#app/components/ui/field-props.ts'
import { type MasterDataField } from '#app/domain/case-conflict.ts'
import { EditCaseSchema } from '#app/forms/case.ts'
import { createI18nInstance } from '#app/utils/i18n.server.ts'
import { packOptions, type Option } from '#app/utils/options.ts'
import { streamed } from '#tests/render-stream.ts'
import { useProbeForm } from '#tests/snapshot-markup.tsx'
import { STORED_MASTER_DATA } from '#tests/master-data-values.ts'
import { forgetKeptSections, MasterDataFields, type MasterDataChoices } from './master-data-fields.tsx'

const countries: Option[] = [
  { value: 'SYR', label: 'Syrien' },
  { value: 'AFG', label: 'Afghanistan' },
]
const languages: Option[] = [
  { value: 'ara', label: 'Arabisch' },
  { value: 'deu', label: 'Deutsch' },
]
const packedCountries = packOptions(countries)
const packedLanguages = packOptions(languages)
const none: Option[] = []
const spoken = [{ key: 'others' as const, options: packedLanguages }]
const choices = (): MasterDataChoices => ({
  countries: { nationality: { frequent: none, common: none, all: packedCountries }, countryOfOrigin: { frequent: none, common: none, all: packedCountries } },
  languages: { common: none, all: packedLanguages },
  spokenLanguages: spoken,
  districts: [{ value: '1', label: 'Mitte' }],
  legalBases: [{ value: '7', label: 'Art. 6 (1) a' }],
})

function Probe({ current }: { current: string }) {
  const { constraint, meta, fields } = useProbeForm('case-edit', EditCaseSchema, { defaultValue: STORED_MASTER_DATA })
  return (
    <MasterDataFields
      fields={fields as unknown as Record<MasterDataField, FieldMetadata<unknown>>}
      constraint={constraint}
      choices={choices()}
      hints={{ programme: 'Hinweis', birthYear: <span className="conflict-hint">{`jetzt: ${current}`}</span> }}
      snapshot={serverSnapshot(meta)}
      prebuilt
    />
  )
}

beforeEach(() => forgetKeptSections())

test('a conflict view is not kept: the next conflict on the same field shows its own current value, not the first one’s', async () => {
  const i18n = await createI18nInstance('de')
  const view = async (current: string) =>
    (
      await streamed(
        <I18nextProvider i18n={i18n}>
          <Probe current={current} />
        </I18nextProvider>,
      )
    ).toString('utf8')
  expect(await view('1961')).toContain('jetzt: 1961')
  const second = await view('1974')
  expect(second).toContain('jetzt: 1974')
  expect(second).not.toContain('1961')
})
