import { describe, expect, test } from 'vitest'
import {
  consentProblem,
  coveringConsents,
  isConsentActive,
  needsConsent,
  parseCategories,
  referralConsentGap,
  serialiseCategories,
  uncoveredCategories,
  type ConsentFacts,
} from './consent-rules.ts'

const consent: ConsentFacts = {
  id: 'c1',
  recipientPartnerId: 'pzg',
  recipientKind: null,
  dataCategories: ['IDENTITY', 'HEALTH', 'LANGUAGE'],
  givenAt: new Date('2026-03-01T12:00:00Z'),
  validUntil: new Date('2026-06-30T12:00:00Z'),
  withdrawnAt: null,
}
const referral = {
  partnerId: 'pzg',
  partnerKind: 'PSYCHOSOCIAL_CENTRE',
  dataCategories: ['IDENTITY', 'HEALTH'],
  on: new Date('2026-03-10T12:00:00Z'),
}

describe('consent rules', () => {
  test('a valid consent for that partner covering the categories covers the referral', () => {
    expect(consentProblem(consent, referral)).toBeNull()
    expect(consentProblem(consent, { ...referral, on: new Date('2026-06-30T20:00:00Z') })).toBeNull()
  })

  test('a consent for the partner kind covers any partner of that kind', () => {
    const byKind = { ...consent, recipientPartnerId: null, recipientKind: 'PSYCHOSOCIAL_CENTRE' }
    expect(consentProblem(byKind, { ...referral, partnerId: 'another' })).toBeNull()
    expect(consentProblem(byKind, { ...referral, partnerKind: 'JOB_CENTRE' })).toBe('wrongRecipient')
  })

  test('expired on the referral date', () => {
    expect(consentProblem(consent, { ...referral, on: new Date('2026-07-01T12:00:00Z') })).toBe('expired')
  })

  test('withdrawn, also for a referral dated before the withdrawal', () => {
    const withdrawn = { ...consent, withdrawnAt: new Date('2026-03-20T12:00:00Z') }
    expect(consentProblem(withdrawn, referral)).toBe('withdrawn')
    expect(isConsentActive(withdrawn)).toBe(false)
  })

  test('not yet given on the referral date', () => {
    expect(consentProblem(consent, { ...referral, on: new Date('2026-02-28T12:00:00Z') })).toBe('notYetGiven')
  })

  test('wrong recipient', () => {
    expect(consentProblem(consent, { ...referral, partnerId: 'other' })).toBe('wrongRecipient')
  })

  test('categories not covered', () => {
    expect(consentProblem(consent, { ...referral, dataCategories: ['IDENTITY', 'RESIDENCE_STATUS'] })).toBe(
      'categoriesNotCovered',
    )
  })

  test('an anonymous first inquiry needs no consent; passing data does', () => {
    expect(needsConsent({ anonymous: true, dataCategories: [] })).toBe(false)
    expect(needsConsent({ anonymous: false, dataCategories: [] })).toBe(false)
    expect(needsConsent({ anonymous: false, dataCategories: ['LANGUAGE'] })).toBe(true)
  })

  test('covering consents are filtered; categories round-trip in a fixed order', () => {
    const other = { ...consent, id: 'c2', recipientPartnerId: 'x' }
    expect(coveringConsents([consent, other], referral).map((c) => c.id)).toEqual(['c1'])
    expect(serialiseCategories(['HEALTH', 'IDENTITY', 'BOGUS'])).toBe('IDENTITY,HEALTH')
    expect(parseCategories('IDENTITY,BOGUS,HEALTH')).toEqual(['IDENTITY', 'HEALTH'])
    expect(isConsentActive(consent, new Date('2026-06-30T20:00:00Z'))).toBe(true)
    expect(isConsentActive(consent, new Date('2026-07-01T08:00:00Z'))).toBe(false)
  })
})

describe('the consent gap of a referral step', () => {
  const partner = { id: 'pzg', kind: 'PSYCHOSOCIAL_CENTRE' }
  const on = new Date('2026-03-10T12:00:00Z')

  test('nothing missing under a consent covering partner and categories on the day', () => {
    expect(referralConsentGap({ partner, dataCategories: ['HEALTH'], consent }, on)).toBeNull()
  })

  test('names what is missing: no partner, no consent, no categories', () => {
    expect(referralConsentGap({ partner: null, dataCategories: ['HEALTH'], consent }, on)).toEqual({ problem: 'noPartner' })
    expect(referralConsentGap({ partner, dataCategories: [], consent: null }, on)).toEqual({ problem: 'noConsent' })
    expect(referralConsentGap({ partner, dataCategories: [], consent }, on)).toEqual({ problem: 'noCategories' })
  })

  test("names the consent's problem on the step's day, and the categories it does not cover", () => {
    expect(referralConsentGap({ partner, dataCategories: ['HEALTH'], consent: { ...consent, withdrawnAt: new Date('2026-03-20T12:00:00Z') } }, on)).toMatchObject({ problem: 'withdrawn' })
    expect(referralConsentGap({ partner, dataCategories: ['HEALTH'], consent }, new Date('2026-07-01T12:00:00Z'))).toMatchObject({ problem: 'expired' })
    expect(referralConsentGap({ partner, dataCategories: ['HEALTH'], consent }, new Date('2026-02-27T12:00:00Z'))).toMatchObject({ problem: 'notYetGiven' })
    expect(referralConsentGap({ partner: { ...partner, id: 'other' }, dataCategories: ['HEALTH'], consent }, on)).toMatchObject({ problem: 'wrongRecipient' })
    expect(referralConsentGap({ partner, dataCategories: ['FAMILY', 'HEALTH', 'CASE_HISTORY'], consent }, on)).toEqual({ problem: 'categoriesNotCovered', consent, uncovered: ['FAMILY', 'CASE_HISTORY'] })
    expect(uncoveredCategories(consent, ['CASE_HISTORY', 'IDENTITY', 'FAMILY'])).toEqual(['FAMILY', 'CASE_HISTORY'])
  })
})
