// Decision 215: on the server the master-data form's sections are written as one string each (prebuiltMarkup)
// instead of as elements; the browser renders the elements and hydrates onto that markup. The string must be
// byte for byte what React writes for the elements — through React's Node stream renderer (the server's, with
// the long lists' encoded bytes) and renderToString — over many value sets: empty, stored, awkward texts, every
// value of every short select, long lists, hints as text and as elements, German and English. Where the writer
// gives up (a field shows errors) the section is rendered as elements: the same markup again.
import { type FieldMetadata } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod'
import { renderToString } from 'react-dom/server'
import { I18nextProvider } from 'react-i18next'
import { describe, expect, test, vi } from 'vitest'
import { serverSnapshot } from '#app/components/ui/field-props.ts'
import { type MasterDataField } from '#app/domain/case-conflict.ts'
import {
  ACCESS_ROUTES,
  CASE_KINDS,
  CONSENT_FORMS,
  GENDERS,
  GERMAN_LEVELS,
  PROGRAMMES,
  START_PLACES,
} from '#app/domain/codes.ts'
import { EditCaseSchema } from '#app/forms/case.ts'
import { createI18nInstance } from '#app/utils/i18n.server.ts'
import { packOptions, type Option } from '#app/utils/options.ts'
import { streamed } from '#tests/render-stream.ts'
import { type ProbeForm, useProbeForm } from '#tests/snapshot-markup.tsx'
import { STORED_MASTER_DATA } from '#tests/master-data-values.ts'
import { MasterDataFields, type MasterDataChoices } from './master-data-fields.tsx'
import type * as prebuiltFields from './prebuilt-fields.ts'
import { fillTemplate, prebuiltMarkup, prebuiltTemplate } from './prebuilt-fields.ts'
import { CheckboxField, Field, GroupedSelectField, SelectField } from './ui/field.tsx'
import { Link } from './ui/link.tsx'

vi.mock('./prebuilt-fields.ts', async (importOriginal) => {
  const original = await importOriginal<typeof prebuiltFields>()
  return {
    ...original,
    prebuiltMarkup: vi.fn(original.prebuiltMarkup),
    prebuiltTemplate: vi.fn(original.prebuiltTemplate),
    fillTemplate: vi.fn(original.fillTemplate),
  }
})

const shortCountries: Option[] = [
  { value: 'SYR', label: 'Syrien' },
  { value: 'AFG', label: 'Afghanistan' },
  { value: 'UKR', label: 'Ukraine <&> "Ост"' },
]
const shortLanguages: Option[] = [
  { value: 'ara', label: 'Arabisch' },
  { value: 'deu', label: 'Deutsch' },
  { value: 'fas', label: "Persisch & 'Dari'" },
]
// Lists of 100 and more are written from their kept, encoded markup (decision 185): as on the real form.
const longCountries: Option[] = [
  ...shortCountries,
  ...Array.from({ length: 160 }, (_, index) => ({ value: `C${index}`, label: `Land ${index} ü` })),
]
const longLanguages: Option[] = [
  ...shortLanguages,
  ...Array.from({ length: 200 }, (_, index) => ({
    value: `l${index}`,
    label: `Sprache ${index} „${index}“`,
  })),
]

function choicesOf(countries: Option[], languages: Option[]): MasterDataChoices {
  const countryGroups = {
    frequent: countries.slice(0, 1),
    common: countries.slice(1, 2),
    all: packOptions(countries),
  }
  return {
    countries: {
      nationality: countryGroups,
      countryOfOrigin: { frequent: [], common: countries.slice(2, 3), all: packOptions(countries) },
    },
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
}
const shortChoices = choicesOf(shortCountries, shortLanguages)
const longChoices = choicesOf(longCountries, longLanguages)

const stored = STORED_MASTER_DATA

function badSubmission() {
  const formData = new FormData()
  for (const [name, value] of [
    ['version', '1'],
    ['base', '{}'],
    ['birthYear', '18x9'],
    ['gender', 'NOPE'],
    ['languages', 'xx'],
    ['householdChildren', '<b>&"</b>'],
  ] as const)
    formData.append(name, value)
  const submission = parseWithZod(formData, { schema: EditCaseSchema })
  expect(submission.status).toBe('error')
  return submission.reply()
}

type Variant = { choices?: MasterDataChoices; hints?: 'none' | 'text' | 'element'; caseOnly?: boolean }

function Probe({ prebuilt, form, variant }: { prebuilt: boolean; form: ProbeForm; variant: Variant }) {
  const { constraint, meta, fields } = useProbeForm('case-edit', EditCaseSchema, form)
  const hints =
    variant.hints === 'none'
      ? {}
      : variant.hints === 'element'
        ? {
            programme: 'Hinweis',
            gender: <span className="conflict-hint">{'jetzt: Frau & „Kind“'}</span>,
            sharedForSubstitution: 'geteilt <ja>',
          }
        : { programme: 'Hinweis "über" <das> Programm' }
  return (
    <MasterDataFields
      fields={fields as unknown as Record<MasterDataField, FieldMetadata<unknown>>}
      constraint={constraint}
      choices={variant.choices ?? shortChoices}
      hints={hints}
      formKey={4}
      caseOnly={variant.caseOnly}
      snapshot={serverSnapshot(meta)}
      prebuilt={prebuilt}
    />
  )
}

// The master-data form writes its sections with prebuiltTemplate, or from a kept template with fillTemplate (decision
// 234): a section written as a string is either.
const written = [vi.mocked(prebuiltTemplate), vi.mocked(fillTemplate)] as const

/**
 * The fields with and without `prebuilt`, in German and English, through the stream renderer and renderToString:
 * the same markup. Returns the German and English pages and how many sections were written as strings.
 */
async function sameMarkup(form: ProbeForm, variant: Variant = {}) {
  const pages: string[] = []
  let strings = 0
  for (const language of ['de', 'en'] as const) {
    const i18n = await createI18nInstance(language)
    const element = (prebuilt: boolean) => (
      <I18nextProvider i18n={i18n}>
        <Probe prebuilt={prebuilt} form={form} variant={variant} />
      </I18nextProvider>
    )
    const elements = (await streamed(element(false))).toString('utf8')
    for (const mock of written) mock.mockClear()
    const prebuilt = (await streamed(element(true))).toString('utf8')
    for (const mock of written)
      for (const result of mock.mock.results) if (result.type === 'return' && result.value !== null) strings++
    expect(prebuilt).toBe(elements)
    expect(renderToString(element(true))).toBe(renderToString(element(false)))
    pages.push(prebuilt)
  }
  return { de: pages[0]!, en: pages[1]!, strings }
}

describe('master-data fields: each section as one string on the server, React’s own markup byte for byte', () => {
  test('an empty form: all three sections as strings', async () => {
    const { de, strings } = await sameMarkup({})
    expect(strings).toBe(6)
    expect(de).toContain('<fieldset class="stack"><legend>')
  })

  test('stored values, awkward texts, hints as text and without', async () => {
    for (const hints of ['text', 'none'] as const) {
      const { de, en, strings } = await sameMarkup({ defaultValue: stored }, { hints })
      expect(strings).toBe(6)
      expect(de).toContain('value="1987"')
      expect(de).toMatch(/<input type="checkbox"[^>]*checked=""/)
      expect(de).toContain('<option value="fas" selected="">')
      expect(en).toContain('value="2024-05"')
    }
  })

  test('a hint as an element (the edit form after a conflict) and a further case (client fields left out)', async () => {
    const { de, strings } = await sameMarkup({ defaultValue: stored }, { hints: 'element' })
    expect(strings).toBe(6)
    expect(de).toContain('<span class="conflict-hint">')
    const further = await sameMarkup({ defaultValue: stored }, { caseOnly: true })
    expect(further.strings).toBe(4)
  })

  test('long lists, written from their encoded markup, with and without chosen values', async () => {
    for (const defaultValue of [
      {},
      stored,
      {
        ...stored,
        nationality: 'C7',
        countryOfOrigin: 'C159',
        languages: ['l0', 'l199', 'deu'],
        privacyInfoLanguage: 'l42',
      },
    ]) {
      const { de, strings } = await sameMarkup({ defaultValue }, { choices: longChoices })
      expect(strings).toBe(6)
      expect(de).toContain('<option value="C159"')
    }
  })

  test('every value of every short select, one field at a time', async () => {
    const lists: Array<[string, readonly string[]]> = [
      ['gender', GENDERS],
      ['programme', PROGRAMMES],
      ['kind', CASE_KINDS],
      ['startPlace', START_PLACES],
      ['accessRoute', ACCESS_ROUTES],
      ['germanLevel', GERMAN_LEVELS],
      ['privacyInfoForm', CONSENT_FORMS],
      ['districtId', ['1', '2', '99']],
      ['legalBasisId', ['7', '8']],
      ['sharedForSubstitution', ['true', 'on', 'false', '']],
    ]
    for (const [field, values] of lists)
      for (const value of values) {
        const { de } = await sameMarkup({ defaultValue: { ...stored, [field]: value } })
        if (field !== 'sharedForSubstitution' && value !== '99' && value !== '8')
          expect(de).toContain(`<option value="${value}" selected="">`)
      }
  })

  test('after a bad submission: the sections with errors as elements, the same markup', async () => {
    const { de, en, strings } = await sameMarkup({ defaultValue: stored, lastResult: badSubmission() })
    // the client and the case section show errors (elements: the submission lacks the case's required fields);
    // the privacy section has none (a string), in German and English
    expect(strings).toBe(2)
    for (const page of [de, en]) {
      expect(page).toContain('aria-invalid="true"')
      expect(page).toContain('value="18x9"')
      expect(page).toContain('value="&lt;b&gt;&amp;&quot;&lt;/b&gt;"')
    }
  })
})

// The controls' attributes are read from the field's props as they are (decision 227), not from the copy the
// field component makes (`{ ...props, id, 'aria-invalid', 'aria-describedby' }`): a prop the form never gives —
// an `aria-describedby` or `aria-invalid` of the caller's, a checkbox's own `type`, one given as undefined —
// keeps the place and value React gives it.
describe('the controls’ attributes in React’s order', () => {
  const t = (key: string) => key
  test.each([
    [
      'a hint and a caller’s aria-describedby and aria-invalid',
      <Field
        key="f"
        id="f"
        name="f"
        label="F"
        hint="h"
        aria-describedby="x"
        aria-invalid="true"
        placeholder="p"
        defaultValue="1"
      />,
    ],
    [
      'no hint and a caller’s aria-describedby',
      <Field key="f" id="f" aria-describedby="x" name="f" label="F" />,
    ],
    [
      'no hint, aria-describedby given as undefined',
      <Field key="f" id="f" aria-describedby={undefined} name="f" label="F" value="v" readOnly />,
    ],
    ['a checkbox', <CheckboxField key="c" id="c" name="c" label="C" hint="h" defaultChecked value="on" />],
    [
      'a checkbox with its own type',
      <CheckboxField key="c" name="c" type="radio" id="c" label="C" value="on" />,
    ],
    ['a checkbox with type undefined', <CheckboxField key="c" type={undefined} id="c" name="c" label="C" />],
    [
      'a short select with a caller’s aria-describedby',
      <SelectField
        key="s"
        aria-describedby="x"
        id="s"
        name="s"
        label="S"
        hint="h"
        options={shortCountries}
        defaultValue="AFG"
        prebuilt
      />,
    ],
    [
      'a grouped select',
      <GroupedSelectField
        key="g"
        id="g"
        name="g"
        label="G"
        aria-invalid={false}
        groups={[{ label: 'A', options: shortCountries }]}
        placeholder="–"
        defaultValue="SYR"
      />,
    ],
  ])('%s', (_, element) => {
    const html = prebuiltMarkup(element, t)
    expect(html).not.toBeNull()
    expect(String(html)).toBe(renderToString(element))
  })
})

describe('the writer gives up on what it does not know', () => {
  const t = (key: string) => key
  test('an element type, a prop and two texts side by side', () => {
    function Unknown() {
      return null
    }
    expect(prebuiltMarkup(<Unknown />, t)).toBeNull()
    expect(prebuiltMarkup(<div onClick={() => undefined} role="presentation" />, t)).toBeNull()
    expect(prebuiltMarkup(<p>{['a', 'b']}</p>, t)).toBeNull()
    expect(prebuiltMarkup(<img alt="" />, t)).toBeNull()
    expect(prebuiltMarkup(<p className={'a"b'}>{'<x>'}</p>, t)).toBe('<p class="a&quot;b">&lt;x&gt;</p>')
  })

  // Decision 233: a link (ui/link.tsx) as the server's Link writes it, only for an absolute path with a text and
  // a class; anything else is left to the elements.
  test('a link: written as ServerLink writes it, or given up', () => {
    const known = [
      <Link key="1" to="/cases/c1/mediation/new?returnTo=%2Fcases%2Fc1%2Fcontacts%2Fnew">
        {'Sprachmittlung anfragen'}
      </Link>,
      <Link key="2" to={'/a?b="c"&d=<e>'} className={'x "y"'}>
        {'Text & <mehr>'}
      </Link>,
      <Link key="3" to="/a" className={undefined}>
        {'a'}
      </Link>,
    ]
    for (const element of known) {
      const html = prebuiltMarkup(element, t)
      expect(html).not.toBeNull()
      expect(String(html)).toBe(renderToString(element))
    }
    const unknown = [
      <Link key="1" to="cases/c1">
        {'relative'}
      </Link>,
      <Link key="2" to="/a//b">
        {'resolved differently'}
      </Link>,
      <Link key="3" to="/a" prefetch="intent">
        {'prefetch'}
      </Link>,
      <Link key="4" to="/a" target="_blank">
        {'target'}
      </Link>,
      <Link key="5" to={{ pathname: '/a' }}>
        {'object'}
      </Link>,
      <Link key="6" to="/a">
        {['two', 'texts']}
      </Link>,
      <Link key="7" to="/a">
        <strong>{'element'}</strong>
      </Link>,
    ]
    for (const element of unknown) expect(prebuiltMarkup(element, t)).toBeNull()
  })
})
