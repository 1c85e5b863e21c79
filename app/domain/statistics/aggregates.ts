// The unsuppressed aggregates of one year and scope: what the queries return and what a frozen
// year stores (StatisticsSnapshot.data). Marginals only — never a cross-table of more than two
// quasi-identifiers, never anything about a single person (docs/statistics.md §9).

export const AGE_BANDS = ['0-11', '12-17', '18-26', '27-34', '35-44', '45-54', '55-64', '65+'] as const
export type AgeBand = (typeof AGE_BANDS)[number]

export const STAY_BANDS = ['LT1', '1TO3', 'GT3', 'UNKNOWN'] as const
export type StayBand = (typeof STAY_BANDS)[number]

export const RESIDENCE_ROWS = ['A', 'B', 'C', 'D', 'UNKNOWN'] as const

export const REFERRAL_OUTCOMES = ['OPEN', 'WAITING_LIST', 'ADMITTED', 'DECLINED', 'NO_SHOW', 'CANCELLED'] as const
export type ReferralOutcome = (typeof REFERRAL_OUTCOMES)[number]

export const MEDIATION_SECTIONS = ['language', 'mode', 'provider', 'bearer'] as const
export type MediationSection = (typeof MEDIATION_SECTIONS)[number]

/** A catalogue entry with the labels it had when the figures were computed (frozen years keep them). */
export type Labelled = { code: string; de: string; en: string }

export type Median = { median: number | null; n: number }

export type StatisticsAggregates = {
  version: 1
  year: number
  keyFigures: {
    clients: number
    cases: number
    newCases: number
    continuingCases: number
    closedCases: number
    familyMembers: number
    contacts: number
    minutes: number
    /** null when a programme is selected: inquiries have no programme (R15) */
    anonymousInquiries: number | null
  }
  genderAge: Array<{ gender: string; band: AgeBand; clients: number }>
  nationality: Array<{ code: string; clients: number }>
  residenceGroup: Array<{ group: string; clients: number }>
  durationOfStay: Array<{ band: StayBand; clients: number }>
  district: Array<{ code: string; clients: number }>
  contacts: Array<{ mode: string; setting: string; contacts: number; minutes: number }>
  topics: Array<{ code: string; mentions: number; cases: number }>
  topicCasesAny: number
  closureReasons: Array<{ code: string; cases: number }>
  referrals: Array<{ kind: string; outcome: ReferralOutcome; referrals: number }>
  /** kind null = all kinds */
  referralWaits: Array<{ kind: string | null; toClearing: Median; toAdmission: Median }>
  mediation: Array<{ section: MediationSection; code: string; assignments: number; minutes: number; costCents: number }>
  further: {
    contactsInterpreted: number
    daysToFirstContact: Median
    newCasesEae: number
    cmCases: number
    cmCasesWithPlan: number
    plansClosed: number
  }
  /** Labels of the catalogue-based rows (district, topic, closure reason) at computation time. */
  catalogues: { district: Labelled[]; topic: Labelled[]; closureReason: Labelled[] }
}

/** R8: age = reporting year − birth year, in the eight bands of PRODUCT.md §5. */
export function ageBand(year: number, birthYear: number): AgeBand {
  const age = year - birthYear
  if (age < 12) return '0-11'
  if (age < 18) return '12-17'
  if (age < 27) return '18-26'
  if (age < 35) return '27-34'
  if (age < 45) return '35-44'
  if (age < 55) return '45-54'
  if (age < 65) return '55-64'
  return '65+'
}

/** R12: whole months from the arrival month (YYYY-MM) to the month of the reference date (ISO). */
export function stayBand(arrivalMonth: string | null, referenceDate: string | null): StayBand {
  if (!arrivalMonth || !referenceDate) return 'UNKNOWN'
  const arrival = /^(\d{4})-(\d{2})/.exec(arrivalMonth)
  const reference = /^(\d{4})-(\d{2})/.exec(referenceDate)
  if (!arrival || !reference) return 'UNKNOWN'
  const months = Number(reference[1]) * 12 + Number(reference[2]) - (Number(arrival[1]) * 12 + Number(arrival[2]))
  if (months < 0) return 'UNKNOWN'
  if (months < 12) return 'LT1'
  if (months <= 36) return '1TO3'
  return 'GT3'
}

/** R13: the reported outcome of a referral status. */
export function referralOutcome(status: string): ReferralOutcome {
  switch (status) {
    case 'WAITING_LIST':
      return 'WAITING_LIST'
    case 'ADMITTED':
    case 'COMPLETED':
      return 'ADMITTED'
    case 'DECLINED':
      return 'DECLINED'
    case 'NO_SHOW':
      return 'NO_SHOW'
    case 'CANCELLED':
      return 'CANCELLED'
    default:
      return 'OPEN'
  }
}

export function median(values: readonly number[]): Median {
  if (values.length === 0) return { median: null, n: 0 }
  const sorted = [...values].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  const value = sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2
  return { median: Math.round(value * 10) / 10, n: sorted.length }
}
