// Optimistic locking for the case master data (PRODUCT.md §4 workflow 7): the edit form carries the
// values it was loaded with ("base"). When the case changed in the meantime, comparing base with the
// current values tells which fields the other person changed; nothing is silently overwritten.

/** The fields of the master-data form, in form order (client first, then case). */
export const MASTER_DATA_FIELDS = [
  'birthYear',
  'gender',
  'nationality',
  'countryOfOrigin',
  'languages',
  'arrivalMonth',
  'districtId',
  'householdAdults',
  'householdChildren',
  'programme',
  'accessRoute',
  'germanLevel',
  'startPlace',
  'kind',
  'familyMembersCounselled',
  'sharedForSubstitution',
  'legalBasisId',
  'privacyInfoGivenAt',
  'privacyInfoLanguage',
  'privacyInfoForm',
] as const

export type MasterDataField = (typeof MASTER_DATA_FIELDS)[number]

/** Values as the form shows them: strings ('' = empty), languages as a list of codes. */
export type MasterDataValue = string | readonly string[]
export type MasterDataValues = Record<MasterDataField, MasterDataValue>

function canonical(value: MasterDataValue | undefined | null): string {
  if (value === undefined || value === null) return ''
  if (typeof value === 'string') return value.trim()
  return [...new Set(value.map((item) => item.trim()).filter(Boolean))].sort().join(',')
}

function sameValue(a: MasterDataValue | undefined | null, b: MasterDataValue | undefined | null) {
  return canonical(a) === canonical(b)
}

/** Fields whose value differs between two snapshots (order of languages does not matter). */
export function differingFields(a: Partial<MasterDataValues>, b: Partial<MasterDataValues>): MasterDataField[] {
  return MASTER_DATA_FIELDS.filter((field) => !sameValue(a[field], b[field]))
}

/**
 * The fields someone else changed since the form was loaded: the values the form was loaded with
 * (`base`) against the stored ones. A save may go ahead only when this list is empty.
 */
export function changedSinceLoaded(base: Partial<MasterDataValues>, current: Partial<MasterDataValues>): MasterDataField[] {
  return differingFields(base, current)
}
