// Decision 233: on the server the contact form's two groups of fields ("Wann und wie", the language) are written
// as one string each (prebuiltMarkup, decision 215's writer) instead of as elements; the browser renders the
// elements and hydrates onto that markup. The string must be byte for byte what React writes for the elements —
// through React's Node stream renderer (the server's, with the long language list's encoded bytes) and
// renderToString — with the contact form's own fields in both groups (the setting, the persons present, the
// language mediation and the link to request one), empty, stored and awkward values, every value of every short
// select, a long language list, German and English. Where the writer gives up (a field shows errors) the group is
// rendered as elements: the same markup again.
import { type FieldMetadata } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod'
import { renderToString } from 'react-dom/server'
import { I18nextProvider, useTranslation } from 'react-i18next'
import { describe, expect, test, vi } from 'vitest'
import { fieldsProps, serverSnapshot } from '#app/components/ui/field-props.ts'
import { CONTACT_MODES, CONTACT_SETTINGS, INTERPRETING } from '#app/domain/codes.ts'
import { contactFormSchema } from '#app/forms/contact.ts'
import { groupSessionFormSchema } from '#app/forms/group-session.ts'
import { createI18nInstance } from '#app/utils/i18n.server.ts'
import { codeOptions, packOptions, type Option } from '#app/utils/options.ts'
import { streamed } from '#tests/render-stream.ts'
import { type ProbeForm, useProbeForm } from '#tests/snapshot-markup.tsx'
import { ContactFields, ContactWhenFields } from './contact-form.tsx'
import { mediationRequestHref } from './mediation-request-link.tsx'
import type * as prebuiltFields from './prebuilt-fields.ts'
import { prebuiltMarkup } from './prebuilt-fields.ts'
import { Field, SelectField } from './ui/field.tsx'
import { Link } from './ui/link.tsx'

vi.mock('./prebuilt-fields.ts', async (importOriginal) => {
  const original = await importOriginal<typeof prebuiltFields>()
  return { ...original, prebuiltMarkup: vi.fn(original.prebuiltMarkup) }
})

const maxDay = '2026-12-06'
const shortLanguages: Option[] = [
  { value: 'ara', label: 'Arabisch' },
  { value: 'fas', label: 'Persisch & "Dari" <fa>' },
]
// Lists of 100 and more are written from their kept, encoded markup (decision 185): as on the real form.
const longLanguages: Option[] = [
  ...shortLanguages,
  ...Array.from({ length: 200 }, (_, index) => ({ value: `l${index}`, label: `Sprache ${index} „${index}“ ü` })),
]
const topics = [
  { value: '1', label: 'Aufenthalt' },
  { value: '2', label: 'Arbeit <&> "Beruf"' },
]
const mediationOptions = [
  { value: 'm1', label: 'Arabisch, 03.12.2026 – angefragt' },
  { value: 'm2', label: 'Persisch <„Dari“> & mehr' },
]
const stored = {
  date: '2026-12-01',
  durationMinutes: '45',
  mode: 'OFFICE',
  setting: 'INDIVIDUAL',
  personsPresent: '2',
  languageCode: 'fas',
  interpreting: 'NONE',
  languageMediationId: 'm2',
  topicIds: ['2'],
}

type Name = 'date' | 'durationMinutes' | 'mode' | 'setting' | 'personsPresent' | 'languageCode' | 'interpreting' | 'languageMediationId' | 'topicIds'
type Variant = { languages?: Option[]; mediations?: Option[]; link?: boolean; caseId?: string }

/** The contact form's groups as ContactForm gives them: its own fields in both, the mediation request's link. */
function Probe({ prebuilt, form, variant }: { prebuilt: boolean; form: ProbeForm; variant: Variant }) {
  const { t } = useTranslation('contacts')
  const { constraint, meta, fields } = useProbeForm('new-contact', contactFormSchema({ maxDay }), form)
  const snapshot = serverSnapshot(meta)
  const control = fieldsProps(fields as unknown as Record<Name, FieldMetadata<unknown>>, constraint, snapshot)
  const languages = variant.languages ?? shortLanguages
  const mediations = variant.mediations ?? mediationOptions
  const caseId = variant.caseId ?? 'c1'
  return (
    <ContactFields
      fields={fields as unknown as Record<Name, FieldMetadata<unknown>>}
      constraint={constraint}
      maxDay={maxDay}
      languages={{ common: languages.slice(0, 1), all: packOptions(languages) }}
      topics={topics}
      snapshot={snapshot}
      prebuilt={prebuilt}
      whenExtra={
        <>
          <SelectField label={t('form.setting')} {...control.select('setting')} options={codeOptions(t, 'contactSetting', CONTACT_SETTINGS)} />
          <Field label={t('form.personsPresent')} hint={t('form.personsPresentHint')} {...control.input('personsPresent', { type: 'number' })} min={1} max={20} inputMode="numeric" />
        </>
      }
      languageExtra={
        <>
          <SelectField
            label={t('form.mediation')}
            hint={mediations.length ? t('form.mediationHint') : t('form.noMediations')}
            {...control.select('languageMediationId')}
            options={mediations}
            placeholder={t('form.noMediationLinked')}
          />
          {variant.link === false ? null : (
            <p>
              <Link to={mediationRequestHref(caseId, `/cases/${caseId}/contacts/new`)}>{t('referrals:mediation.request')}</Link>
            </p>
          )}
        </>
      }
    />
  )
}

function badSubmission() {
  const formData = new FormData()
  for (const [name, value] of [
    ['date', '2099-01-01'],
    ['durationMinutes', '-5'],
    ['mode', 'NOPE'],
    ['setting', 'INDIVIDUAL'],
    ['personsPresent', '1'],
    ['languageCode', 'fas'],
    ['interpreting', 'NONE'],
    ['topicIds', '1'],
    ['nextStep', '<b>&"</b>'],
  ])
    formData.append(name!, value!)
  const submission = parseWithZod(formData, { schema: contactFormSchema({ maxDay }) })
  expect(submission.status).toBe('error')
  return submission.reply()
}

const written = vi.mocked(prebuiltMarkup)

/**
 * The groups with and without `prebuilt`, in German and English, through the stream renderer and renderToString:
 * the same markup. Returns the German and English pages and how many groups were written as strings.
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
    written.mockClear()
    const elements = (await streamed(element(false))).toString('utf8')
    expect(written).not.toHaveBeenCalled()
    const prebuilt = (await streamed(element(true))).toString('utf8')
    for (const result of written.mock.results) if (result.type === 'return' && result.value !== null) strings++
    expect(prebuilt).toBe(elements)
    expect(renderToString(element(true))).toBe(renderToString(element(false)))
    pages.push(prebuilt)
  }
  return { de: pages[0]!, en: pages[1]!, strings }
}

describe('contact form: both groups as one string each on the server, React’s own markup byte for byte', () => {
  test('an empty form: both groups as strings, the link to request language mediation in the second', async () => {
    const { de, en, strings } = await sameMarkup({})
    expect(strings).toBe(4)
    expect(de).toContain('<fieldset class="stack"><legend>')
    expect(de).toContain('<a data-discover="true" href="/cases/c1/mediation/new?returnTo=%2Fcases%2Fc1%2Fcontacts%2Fnew">Sprachmittlung anfragen</a>')
    expect(en).toContain('data-discover="true" href="/cases/c1/mediation/new?returnTo=')
  })

  test('stored values and awkward texts; without mediations and without the link', async () => {
    for (const variant of [{}, { mediations: [] }, { link: false }, { caseId: 'c&"<x>' }] satisfies Variant[]) {
      const { de, strings } = await sameMarkup({ defaultValue: stored }, variant)
      expect(strings).toBe(4)
      expect(de).toContain('value="2026-12-01"')
      expect(de).toContain('value="45"')
      expect(de).toContain('<option value="fas" selected="">')
      expect(de).toContain('<option value="OFFICE" selected="">')
    }
  })

  test('a long language list, written from its encoded markup, with and without a chosen value', async () => {
    for (const languageCode of [undefined, 'ara', 'l0', 'l199', 'missing']) {
      const { de, strings } = await sameMarkup({ defaultValue: { ...stored, languageCode } }, { languages: longLanguages })
      expect(strings).toBe(4)
      expect(de).toContain('<option value="l199"')
      if (languageCode === 'l199') expect(de).toContain('<option value="l199" selected="">')
    }
  })

  test('every value of every short select, one field at a time', async () => {
    const lists: Array<[string, readonly string[]]> = [
      ['mode', CONTACT_MODES],
      ['setting', CONTACT_SETTINGS],
      ['interpreting', INTERPRETING],
      ['languageMediationId', ['m1', 'm2', 'gone']],
    ]
    for (const [field, values] of lists)
      for (const value of values) {
        const { de } = await sameMarkup({ defaultValue: { ...stored, [field]: value } })
        if (value !== 'gone') expect(de).toContain(`<option value="${value}" selected="">`)
      }
  })

  test('after a bad submission: the group with errors as elements, the same markup', async () => {
    const { de, en, strings } = await sameMarkup({ defaultValue: stored, lastResult: badSubmission() })
    // the first group shows errors (elements); the language group has none (a string), in German and English
    expect(strings).toBe(2)
    for (const page of [de, en]) {
      expect(page).toContain('aria-invalid="true"')
      expect(page).toContain('value="-5"')
      expect(page).toContain('value="2099-01-01"')
    }
  })
})

function GroupSessionProbe({ prebuilt, form }: { prebuilt: boolean; form: ProbeForm }) {
  const { constraint, meta, fields } = useProbeForm('group-session', groupSessionFormSchema({ maxDay }), form)
  return (
    <ContactWhenFields
      fields={fields as unknown as Record<'date' | 'durationMinutes' | 'mode', FieldMetadata<unknown>>}
      constraint={constraint}
      maxDay={maxDay}
      labels={{ legend: 'Wann <&>', mode: 'Form' }}
      snapshot={serverSnapshot(meta)}
      prebuilt={prebuilt}
    />
  )
}

describe('the group-session form’s group (ContactWhenFields) written the same way', () => {
  test('empty and stored, German and English', async () => {
    for (const language of ['de', 'en'] as const) {
      const i18n = await createI18nInstance(language)
      for (const form of [{}, { defaultValue: stored }] satisfies ProbeForm[]) {
        const element = (prebuilt: boolean) => (
          <I18nextProvider i18n={i18n}>
            <GroupSessionProbe prebuilt={prebuilt} form={form} />
          </I18nextProvider>
        )
        written.mockClear()
        const prebuilt = (await streamed(element(true))).toString('utf8')
        expect(written.mock.results.some((result) => result.type === 'return' && result.value !== null)).toBe(true)
        expect(prebuilt).toBe((await streamed(element(false))).toString('utf8'))
      }
    }
  })
})
