import { describe, expect, test } from 'vitest'
import { RESIDENCE_EXPIRY_LEAD_DAYS, residenceFollowUpDue } from './residence-expiry.ts'

describe('residence expiry follow-up', () => {
  const today = new Date('2026-11-26T10:30:00Z')

  test('is due six weeks before the expiry date', () => {
    expect(RESIDENCE_EXPIRY_LEAD_DAYS).toBe(42)
    expect(residenceFollowUpDue(new Date('2027-03-01T00:00:00Z'), today).toISOString()).toBe('2027-01-18T00:00:00.000Z')
  })

  test('is due today when the lead time has already begun or the title has expired', () => {
    expect(residenceFollowUpDue(new Date('2026-12-01T00:00:00Z'), today).toISOString()).toBe('2026-11-26T00:00:00.000Z')
    expect(residenceFollowUpDue(new Date('2026-01-01T00:00:00Z'), today).toISOString()).toBe('2026-11-26T00:00:00.000Z')
  })
})
