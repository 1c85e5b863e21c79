import { type FieldMetadata } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod'
import { describe, expect, test } from 'vitest'
import { serverSnapshot } from '#app/components/ui/field-props.ts'
import { contactFormSchema, inquirySchema } from '#app/forms/contact.ts'
import { groupSessionFormSchema } from '#app/forms/group-session.ts'
import { packOptions } from '#app/utils/options.ts'
import { expectSameMarkup, type ProbeForm, useProbeForm } from '#tests/snapshot-markup.tsx'
import { ContactFields, ContactWhenFields } from './contact-form.tsx'

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

function Probe({ withSnapshot, form }: { withSnapshot: boolean; form: ProbeForm }) {
  const { constraint, meta, fields } = useProbeForm('contact', contactFormSchema({ maxDay }), form)
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

/** The fields rendered both ways, in German and English: the same markup (the pages: German, English). */
function sameMarkup(form: ProbeForm) {
  return expectSameMarkup((withSnapshot, probeForm) => <Probe withSnapshot={withSnapshot} form={probeForm} />, form)
}

describe('contact fields: the server’s snapshot renders what the fields’ own reads render', () => {
  test('an empty form', async () => {
    const [de] = await sameMarkup({})
    expect(de).not.toContain('aria-invalid')
  })

  test('stored values', async () => {
    const [de] = await sameMarkup({ defaultValue: stored })
    expect(de).toContain('value="2026-12-01"')
    expect(de).toContain('value="45"')
    expect(de).toContain('<option value="fas" selected="">')
  })

  test('after a bad submission: the errors next to the fields, the submitted values kept', async () => {
    const pages = await sameMarkup({ defaultValue: stored, lastResult: badSubmission() })
    for (const page of pages) {
      expect((page.match(/aria-invalid="true"/g) ?? []).length).toBeGreaterThanOrEqual(3)
      expect(page).toContain('value="-5"')
    }
  })
})

// Session 22: the inquiry form (ContactFields) and the group-session form (ContactWhenFields) pass the
// snapshot too, each with its own schema's constraints, as their pages build them.
function badSubmissionOf(schema: Parameters<typeof parseWithZod>[1]['schema']) {
  const formData = new FormData()
  for (const [name, value] of [
    ['date', '2099-01-01'],
    ['durationMinutes', '-5'],
    ['mode', 'NOPE'],
    ['languageCode', 'zz'],
    ['topicIds', '1'],
  ])
    formData.append(name!, value!)
  const submission = parseWithZod(formData, { schema })
  expect(submission.status).toBe('error')
  return submission.reply()
}

function InquiryProbe({ withSnapshot, form }: { withSnapshot: boolean; form: ProbeForm }) {
  const { constraint, meta, fields } = useProbeForm('new-inquiry', inquirySchema(maxDay), form, { durationMinutes: '', topicIds: [] })
  return (
    <ContactFields
      fields={fields as unknown as Record<'date' | 'durationMinutes' | 'mode' | 'languageCode' | 'interpreting' | 'topicIds', FieldMetadata<unknown>>}
      constraint={constraint}
      maxDay={maxDay}
      languages={{ common: languages.slice(0, 1), all: packOptions(languages) }}
      topics={topics}
      snapshot={withSnapshot ? serverSnapshot(meta) : undefined}
    />
  )
}

function GroupSessionProbe({ withSnapshot, form }: { withSnapshot: boolean; form: ProbeForm }) {
  const { constraint, meta, fields } = useProbeForm('group-session', groupSessionFormSchema({ maxDay }), form)
  return (
    <ContactWhenFields
      fields={fields as unknown as Record<'date' | 'durationMinutes' | 'mode', FieldMetadata<unknown>>}
      constraint={constraint}
      maxDay={maxDay}
      labels={{ legend: 'Wann', mode: 'Form' }}
      snapshot={withSnapshot ? serverSnapshot(meta) : undefined}
    />
  )
}

describe('the inquiry and group-session forms: the snapshot renders what the fields’ own reads render', () => {
  for (const [name, Probe, schema] of [
    ['inquiry', InquiryProbe, inquirySchema(maxDay)],
    ['group session', GroupSessionProbe, groupSessionFormSchema({ maxDay })],
  ] as const) {
    test(`${name}: empty, stored values, after a bad submission`, async () => {
      const sameMarkupOf = (form: ProbeForm) => expectSameMarkup((withSnapshot, probeForm) => <Probe withSnapshot={withSnapshot} form={probeForm} />, form)
      const [empty] = await sameMarkupOf({})
      expect(empty).not.toContain('aria-invalid')
      const [filled] = await sameMarkupOf({ defaultValue: stored })
      expect(filled).toContain('value="2026-12-01"')
      expect(filled).toContain('value="45"')
      for (const page of await sameMarkupOf({ defaultValue: stored, lastResult: badSubmissionOf(schema) })) {
        expect((page.match(/aria-invalid="true"/g) ?? []).length).toBeGreaterThanOrEqual(2)
        expect(page).toContain('value="-5"')
      }
    })
  }
})
