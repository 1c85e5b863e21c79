import { useForm, type FieldMetadata, type SubmissionResult } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod'
import { renderToString } from 'react-dom/server'
import { I18nextProvider } from 'react-i18next'
import { describe, expect, test } from 'vitest'
import { serverSnapshot } from '#app/components/ui/field-props.ts'
import { formConstraint } from '#app/forms/constraint.ts'
import { contactFormSchema } from '#app/forms/contact.ts'
import { createI18nInstance } from '#app/utils/i18n.server.ts'
import { packOptions } from '#app/utils/options.ts'
import { ContactFields } from './contact-form.tsx'

// Decision 152: on the server the contact form's shared fields read the form's values and errors at once
// (serverSnapshot). The markup must be byte for byte what the fields' own reads make.

const maxDay = '2026-12-06'
const languages = [
  { value: 'ara', label: 'Arabisch' },
  { value: 'fas', label: 'Persisch & "Dari" <fa>' },
]
const topics = [
  { value: '1', label: 'Aufenthalt' },
  { value: '2', label: 'Arbeit <&> "Beruf"' },
]
const stored = {
  date: '2026-12-01',
  durationMinutes: '45',
  mode: 'IN_PERSON',
  languageCode: 'fas',
  interpreting: 'NONE',
  topicIds: ['2'],
}

function badSubmission() {
  const formData = new FormData()
  const entries: Array<[string, string]> = [
    ['date', '2099-01-01'],
    ['durationMinutes', '-5'],
    ['mode', 'NOPE'],
    ['languageCode', 'zz'],
    ['interpreting', '?'],
    ['topicIds', '1'],
    ['nextStep', '<b>&"</b>'],
  ]
  for (const [name, value] of entries) formData.append(name, value)
  const submission = parseWithZod(formData, { schema: contactFormSchema({ maxDay }) })
  expect(submission.status).toBe('error')
  return submission.reply()
}

async function render(
  language: 'de' | 'en',
  withSnapshot: boolean,
  form: { defaultValue?: Record<string, unknown>; lastResult?: SubmissionResult<string[]> },
) {
  function Probe() {
    const constraint = formConstraint(contactFormSchema({ maxDay }))
    const [meta, fields] = useForm<Record<string, unknown>>({
      id: 'contact',
      constraint,
      defaultValue: form.defaultValue as never,
      lastResult: form.lastResult,
    })
    return (
      <ContactFields
        fields={
          fields as unknown as Record<
            'date' | 'durationMinutes' | 'mode' | 'languageCode' | 'interpreting' | 'topicIds',
            FieldMetadata<unknown>
          >
        }
        constraint={constraint}
        maxDay={maxDay}
        languages={{ common: languages.slice(0, 1), all: packOptions(languages) }}
        topics={topics}
        snapshot={withSnapshot ? serverSnapshot(meta) : undefined}
      />
    )
  }
  const i18n = await createI18nInstance(language)
  return renderToString(
    <I18nextProvider i18n={i18n}>
      <Probe />
    </I18nextProvider>,
  )
}

async function expectSameMarkup(form: Parameters<typeof render>[2]) {
  const pages: string[] = []
  for (const language of ['de', 'en'] as const) {
    const viaFields = await render(language, false, form)
    const viaSnapshot = await render(language, true, form)
    expect(viaSnapshot).toBe(viaFields)
    pages.push(viaSnapshot)
  }
  return pages
}

describe('contact fields: the server’s snapshot renders what the fields’ own reads render', () => {
  test('an empty form', async () => {
    const [de] = await expectSameMarkup({})
    expect(de).not.toContain('aria-invalid')
  })

  test('stored values', async () => {
    const [de] = await expectSameMarkup({ defaultValue: stored })
    expect(de).toContain('value="2026-12-01"')
    expect(de).toContain('value="45"')
    expect(de).toContain('<option value="fas" selected="">')
  })

  test('after a bad submission: the errors next to the fields, the submitted values kept', async () => {
    const pages = await expectSameMarkup({ defaultValue: stored, lastResult: badSubmission() })
    for (const page of pages) {
      expect((page.match(/aria-invalid="true"/g) ?? []).length).toBeGreaterThanOrEqual(3)
      expect(page).toContain('value="-5"')
    }
  })
})
