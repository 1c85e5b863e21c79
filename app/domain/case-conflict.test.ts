import { describe, expect, test } from 'vitest'
import { changedSinceLoaded, differingFields, MASTER_DATA_FIELDS, type MasterDataValues } from './case-conflict.ts'

const base: MasterDataValues = {
  birthYear: '1990',
  gender: 'FEMALE',
  nationality: 'SY',
  countryOfOrigin: 'SY',
  languages: ['arb', 'eng'],
  arrivalMonth: '2024-05',
  districtId: '7',
  householdAdults: '1',
  householdChildren: '2',
  programme: 'MBE',
  accessRoute: 'EAE_REFERRAL',
  germanLevel: 'A1',
  startPlace: 'EAE',
  kind: 'CASE_MANAGEMENT',
  familyMembersCounselled: '0',
  sharedForSubstitution: 'false',
  legalBasisId: '',
  privacyInfoGivenAt: '',
  privacyInfoLanguage: '',
  privacyInfoForm: '',
}

describe('master data conflict comparison', () => {
  test('nothing stored changed: the save may go ahead', () => {
    expect(changedSinceLoaded(base, { ...base })).toEqual([])
  })

  test('fields changed by someone else are reported in form order', () => {
    expect(changedSinceLoaded(base, { ...base, programme: 'JMD', householdChildren: '3' })).toEqual(['householdChildren', 'programme'])
  })

  test('languages compare as a set; whitespace and empty entries do not count', () => {
    expect(differingFields(base, { ...base, languages: ['eng', 'arb', ''] })).toEqual([])
    expect(differingFields(base, { ...base, languages: ['arb'] })).toEqual(['languages'])
  })

  test('missing values equal the empty string', () => {
    expect(differingFields({ ...base, legalBasisId: '' }, { ...base, legalBasisId: undefined })).toEqual([])
    expect(differingFields({}, {})).toEqual([])
  })

  test('results follow the form order', () => {
    const everything = Object.fromEntries(MASTER_DATA_FIELDS.map((field) => [field, 'x'])) as unknown as MasterDataValues
    expect(differingFields(base, everything)).toEqual([...MASTER_DATA_FIELDS])
  })
})
