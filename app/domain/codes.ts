// The fixed code lists of the domain (PRODUCT.md §2). SQLite has no enums, so these lists are the
// single source for validation (Zod) and for labels (locales/<lng>/codes.json, key "<list>.<code>").
// Editable catalogues (places, residence statuses, topics, closure reasons) live in the database.

export const ROLES = ['COUNSELLOR', 'TEAM_LEAD', 'ADMIN'] as const
export type Role = (typeof ROLES)[number]

export const TEAM_KINDS = ['EAE', 'REGIONAL'] as const
export const GENDERS = ['FEMALE', 'MALE', 'DIVERSE', 'NOT_STATED'] as const
export const PROGRAMMES = ['MBE', 'JMD', 'LAND_MIGRATION', 'REFUGEE', 'OTHER'] as const
export const ACCESS_ROUTES = [
  'EAE_REFERRAL',
  'WORD_OF_MOUTH',
  'INTEGRATION_COURSE',
  'AUTHORITY',
  'JOB_CENTRE',
  'ONLINE',
  'OTHER',
] as const
export const GERMAN_LEVELS = ['NONE', 'A1', 'A2', 'B1', 'B2', 'C1', 'C2', 'UNKNOWN'] as const
export const START_PLACES = ['EAE', 'SHARED_ACCOMMODATION', 'OWN_FLAT', 'OTHER'] as const
export const CASE_KINDS = ['SHORT', 'CASE_MANAGEMENT'] as const
export const CASE_STATUSES = ['OPEN', 'ACTIVE', 'PAUSED', 'CLOSED'] as const
export type CaseStatus = (typeof CASE_STATUSES)[number]

export const CONTACT_MODES = ['OFFICE', 'OUTREACH', 'MOBILE_OFFICE', 'PHONE', 'EMAIL', 'VIDEO', 'MESSENGER'] as const
export const CONTACT_SETTINGS = ['INDIVIDUAL', 'GROUP'] as const
export const INTERPRETING = ['NONE', 'PROFESSIONAL', 'POOL', 'VOLUNTEER', 'RELATIVE'] as const
export const GOAL_STATUSES = ['OPEN', 'ACHIEVED', 'PARTLY_ACHIEVED', 'NOT_ACHIEVED', 'DROPPED'] as const

export const REFERRAL_KINDS = [
  'PSYCHOSOCIAL_CENTRE',
  'SOCIAL_PSYCHIATRIC_SERVICE',
  'PSYCHOTHERAPY',
  'LANGUAGE_MEDIATION_SERVICE',
  'COURSE',
  'JOB_CENTRE',
  'IMMIGRATION_OFFICE',
  'YOUTH_WELFARE',
  'LEGAL_ADVICE',
  'DEBT_COUNSELLING',
  'VIOLENCE_PROTECTION',
  'HOUSING',
  'OTHER',
] as const
export const URGENCIES = ['CRISIS', 'REGULAR'] as const
export const REFERRAL_STATUSES = [
  'INQUIRY',
  'REGISTERED',
  'CLEARING_APPOINTMENT',
  'CLEARING_DONE',
  'ADMITTED',
  'COMPLETED',
  'WAITING_LIST',
  'DECLINED',
  'NO_SHOW',
  'CANCELLED',
] as const
export const CONSENT_FORMS = ['WRITTEN', 'ORAL'] as const
export const DATA_CATEGORIES = [
  'IDENTITY',
  'CONTACT_DETAILS',
  'RESIDENCE_STATUS',
  'HEALTH',
  'LANGUAGE',
  'FAMILY',
  'SOCIAL_BENEFITS',
  'CASE_HISTORY',
] as const

export const MEDIATION_MODES = ['ON_SITE', 'PHONE', 'VIDEO'] as const
export const PROVIDER_KINDS = ['POOL', 'AGENCY', 'FREELANCE', 'VOLUNTEER'] as const
export const COST_BEARERS = ['PROJECT', 'LAND', 'DISTRICT', 'JOB_CENTRE', 'HEALTH_INSURER', 'OTHER'] as const
export const MEDIATION_STATUSES = [
  'REQUESTED',
  'CONFIRMED',
  'DONE',
  'INVOICED',
  'CANCELLED_IN_TIME',
  'CANCELLED_LATE',
  'NO_SHOW',
] as const

export const TRANSFER_REASONS = ['DISTRIBUTION', 'MOVE', 'PROGRAMME_CHANGE', 'OTHER'] as const

export const CATALOGUES = ['PLACE', 'RESIDENCE_STATUS', 'TOPIC', 'CLOSURE_REASON', 'LEGAL_BASIS', 'DOCUMENT_KIND'] as const
export type Catalogue = (typeof CATALOGUES)[number]

export const RESIDENCE_GROUPS = ['A', 'B', 'C', 'D'] as const
