// A case's master data as stored, for the master-data form's markup tests: every field filled, a language list and
// a date among them.
export const STORED_MASTER_DATA = {
  birthYear: '1987',
  gender: 'FEMALE',
  nationality: 'UKR',
  countryOfOrigin: 'SYR',
  languages: ['ara', 'fas'],
  arrivalMonth: '2024-05',
  districtId: '2',
  householdAdults: '2',
  householdChildren: '0',
  programme: 'MBE',
  kind: 'CASE_MANAGEMENT',
  startPlace: 'OWN_FLAT',
  accessRoute: 'ONLINE',
  germanLevel: 'B1',
  familyMembersCounselled: '3',
  sharedForSubstitution: 'true',
  legalBasisId: '7',
  privacyInfoGivenAt: '2026-01-02',
  privacyInfoLanguage: 'fas',
  privacyInfoForm: 'WRITTEN',
}
