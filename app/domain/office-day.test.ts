// Decision 029, addendum: from 00:00 to 01:00 (02:00 in summer) German time the UTC day, month
// and year of "now" are still yesterday's. Every check that asks for today runs here with the
// clock in that hour, on an ordinary night, at the turn of the month and at the turn of the year.
import { parseWithZod } from '@conform-to/zod'
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest'
import { isFinishedYear } from '#app/domain/retention.ts'
import { currentMonth, currentYear, NewCaseSchema, todayIso } from '#app/forms/case.ts'
import { DateOfBirthSchema } from '#app/forms/identity.ts'
import { ResidenceSchema } from '#app/forms/residence.ts'
import { officeDay, officeYear, today } from './follow-up.ts'

const nights = [
  { now: '2026-12-04T23:30:00Z', day: '2026-12-05', month: '2026-12', year: 2026 },
  { now: '2026-06-30T22:30:00Z', day: '2026-07-01', month: '2026-07', year: 2026 },
  { now: '2026-12-31T23:30:00Z', day: '2027-01-01', month: '2027-01', year: 2027 },
]

function errorsOf(schema: Parameters<typeof parseWithZod>[1]['schema'], fields: Record<string, string | string[]>) {
  const formData = new FormData()
  for (const [name, value] of Object.entries(fields)) {
    for (const item of Array.isArray(value) ? value : [value]) formData.append(name, item)
  }
  const submission = parseWithZod(formData, { schema })
  return submission.status === 'success' ? {} : submission.reply().error
}

const newCase = {
  birthYear: '1994', gender: 'FEMALE', nationality: 'SY', languages: ['arb'], householdAdults: '1', householdChildren: '0',
  programme: 'REFUGEE', accessRoute: 'EAE_REFERRAL', germanLevel: 'NONE', startPlace: 'EAE', kind: 'CASE_MANAGEMENT',
  familyMembersCounselled: '0', residenceStatusId: '7',
}

describe.each(nights)('at $now (German time: $day, shortly after midnight)', ({ now, day, month, year }) => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['Date'], now: new Date(now) })
  })
  afterEach(() => {
    vi.useRealTimers()
  })

  test('today, this month and this year are Germany’s, not UTC’s', () => {
    expect(now.slice(0, 10)).not.toBe(day)
    expect(officeDay(new Date())).toBe(day)
    expect(today().day).toBe(day)
    expect(todayIso()).toBe(day)
    expect(currentMonth()).toBe(month)
    expect(currentYear()).toBe(year)
    expect(officeYear(new Date())).toBe(year)
  })

  test('the new-case form accepts today for the residence status and the privacy information, and this month and year', () => {
    const fields = { ...newCase, residenceStatusSince: day, privacyInfoGivenAt: day, privacyInfoForm: 'WRITTEN', arrivalMonth: month, birthYear: String(year) }
    expect(errorsOf(NewCaseSchema, fields)).toEqual({})
    const tomorrow = new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10)
    expect(errorsOf(NewCaseSchema, { ...fields, residenceStatusSince: tomorrow })).toEqual({ residenceStatusSince: ['cases:errors.dateFuture'] })
    expect(errorsOf(NewCaseSchema, { ...fields, birthYear: String(year + 1) })).toMatchObject({ birthYear: ['cases:errors.birthYear'] })
  })

  test('a residence status valid from today and a date of birth of today are not in the future', () => {
    expect(errorsOf(ResidenceSchema, { statusId: '7', validFrom: day })).toEqual({})
    expect(DateOfBirthSchema.safeParse(day).success).toBe(true)
  })

  test('the year before is finished (it may be frozen); this one is not', () => {
    expect(isFinishedYear(year - 1, new Date())).toBe(true)
    expect(isFinishedYear(year, new Date())).toBe(false)
  })
})
