import { type Submission } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod'
import { describe, expect, test } from 'vitest'
import { EditCaseSchema, NewCaseSchema } from './case.ts'
import { contactFormSchema } from './contact.ts'
import { parseSubmission } from './submission.ts'
import { VALID_MASTER_DATA } from '#tests/fixtures/case-form.ts'

type Fields = Record<string, string | string[]>

function formData(fields: Fields) {
  const data = new FormData()
  for (const [name, value] of Object.entries(fields)) for (const item of Array.isArray(value) ? value : [value]) data.append(name, item)
  return data
}

// Everything a caller reads of a submission: status, value (with its Dates), errors, and the reply
// sent back to the form (with and without extra errors).
function observed(submission: Submission<unknown, string[], unknown>) {
  return JSON.stringify({
    status: submission.status,
    value: submission.status === 'success' ? submission.value : null,
    error: submission.status === 'success' ? null : submission.error,
    payload: submission.payload,
    reply: submission.reply(),
    replyWithErrors: submission.reply({ formErrors: ['x'], fieldErrors: { date: ['y'] } }),
  })
}

const contact: Fields = {
  date: '2026-12-01',
  durationMinutes: '20',
  mode: 'OFFICE',
  setting: 'INDIVIDUAL',
  personsPresent: '1',
  interpreting: 'NONE',
  topicIds: ['3', '5'],
  nextStep: '  call back  ',
}
const masterData: Fields = {
  ...VALID_MASTER_DATA,
  languages: ['arb', 'deu'],
  sharedForSubstitution: 'on',
  privacyInfoGivenAt: '2026-01-15',
  privacyInfoForm: 'WRITTEN',
  version: '3',
  base: '{"birthYear":"1994"}',
}

// Valid forms, empty fields, wrong types, out-of-range values, lists, and an empty form.
const variants: Fields[] = [
  {},
  { durationMinutes: '' },
  { durationMinutes: 'abc' },
  { durationMinutes: '12.5' },
  { durationMinutes: '99999' },
  { date: '' },
  { date: '2026-13-40' },
  { date: '2999-01-01' },
  { topicIds: [] },
  { topicIds: ['x'] },
  { topicIds: '7' },
  { followUpDate: '2026-11-01' },
  { followUpDate: '2026-12-24', keepEarlierFollowUp: 'on' },
  { languageMediationId: 'm1' },
  { version: '0' },
  { birthYear: '' },
  { birthYear: '1800' },
  { languages: [] },
  { sharedForSubstitution: '' },
  { privacyInfoGivenAt: '' },
  { householdChildren: '-1' },
  { base: '' },
]

describe('parseSubmission', () => {
  const schemas = {
    contact: { schema: contactFormSchema({ maxDay: '2026-12-06' }), fields: contact },
    edit: { schema: EditCaseSchema, fields: masterData },
    new: { schema: NewCaseSchema, fields: { ...masterData, residenceStatusId: '7', residenceStatusSince: '2026-01-15' } },
  }
  for (const [name, { schema, fields }] of Object.entries(schemas)) {
    test(`answers exactly what parseWithZod answers (${name} form)`, () => {
      for (const variant of variants) {
        for (const input of [{ ...fields, ...variant }, variant]) {
          // Twice: the second parse uses the copy made by the first.
          for (let time = 0; time < 2; time++) {
            expect(observed(parseSubmission(formData(input), { schema }))).toBe(observed(parseWithZod(formData(input), { schema })))
          }
        }
      }
    })
  }

  test('a valid contact form parses to typed values', () => {
    const submission = parseSubmission(formData(contact), { schema: contactFormSchema({ maxDay: '2026-12-06' }) })
    expect(submission.status).toBe('success')
    expect(submission.status === 'success' && submission.value).toMatchObject({ durationMinutes: 20, personsPresent: 1, topicIds: [3, 5] })
  })
})
