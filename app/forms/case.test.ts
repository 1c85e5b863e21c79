import { parseWithZod } from '@conform-to/zod'
import { describe, expect, test } from 'vitest'
import { EditCaseSchema, MAX_PERSONS, NewCaseSchema } from './case.ts'
import { MAX_LANGUAGES } from './fields.ts'
import { VALID_MASTER_DATA } from '#tests/fixtures/case-form.ts'

const masterData: Record<string, string | string[]> = { ...VALID_MASTER_DATA }

// The two forms differ only in what they add; every master-data rule holds for both alike.
const forms = {
  new: { schema: NewCaseSchema, extra: { residenceStatusId: '7', residenceStatusSince: '2026-01-15' } },
  edit: { schema: EditCaseSchema, extra: { version: '3', base: '{}' } },
}

function errorsOf(form: keyof typeof forms, changes: Record<string, string | string[]>) {
  const formData = new FormData()
  for (const [name, value] of Object.entries({ ...masterData, ...forms[form].extra, ...changes })) {
    for (const item of Array.isArray(value) ? value : [value]) formData.append(name, item)
  }
  const submission = parseWithZod(formData, { schema: forms[form].schema })
  return submission.status === 'success' ? {} : submission.reply().error
}

describe.each(['new', 'edit'] as const)('the %s-case form', (form) => {
  test('accepts the master data', () => {
    expect(errorsOf(form, {})).toEqual({})
  })

  test(`at most ${MAX_LANGUAGES} languages`, () => {
    const languages = ['arb', 'fas', 'prs', 'pus', 'kur', 'tir', 'som', 'rus', 'ukr', 'tur', 'eng']
    expect(errorsOf(form, { languages: languages.slice(0, MAX_LANGUAGES) })).toEqual({})
    expect(errorsOf(form, { languages })).toEqual({ languages: ['common:languageChoice.errors.tooMany'] })
  })

  test(`at most ${MAX_PERSONS} family members counselled alongside and persons in the household`, () => {
    expect(errorsOf(form, { familyMembersCounselled: String(MAX_PERSONS), householdChildren: String(MAX_PERSONS) })).toEqual({})
    expect(errorsOf(form, { familyMembersCounselled: String(MAX_PERSONS + 1), householdAdults: String(MAX_PERSONS + 1) })).toEqual({
      familyMembersCounselled: ['cases:errors.count'],
      householdAdults: ['cases:errors.count'],
    })
  })

  test('an unknown country, an arrival before birth and privacy information without date or form are refused', () => {
    expect(errorsOf(form, { nationality: 'QQ', arrivalMonth: '1990-01', privacyInfoLanguage: 'arb' })).toEqual({
      nationality: ['cases:errors.country'],
      arrivalMonth: ['cases:errors.arrivalBeforeBirth'],
      privacyInfoGivenAt: ['cases:errors.privacyDate'],
    })
    expect(errorsOf(form, { privacyInfoGivenAt: '2026-01-15' })).toEqual({ privacyInfoForm: ['cases:errors.privacyForm'] })
    expect(errorsOf(form, { privacyInfoGivenAt: '2999-01-01', privacyInfoForm: 'WRITTEN' })).toEqual({ privacyInfoGivenAt: ['cases:errors.dateFuture'] })
    expect(errorsOf(form, { privacyInfoGivenAt: '2026-01-15', privacyInfoForm: 'ORAL' })).toEqual({})
  })
})
