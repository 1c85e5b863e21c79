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
    /** R2a; absent in years frozen before it was counted */
    closureOnlyCases?: number
    /** cases with work credited to the scope (R17, not additive); absent in years frozen before it was counted */
    casesWithWork?: number
    closedCases: number
    familyMembers: number
    contacts: number
    minutes: number
    /** null when a programme is selected: inquiries have no programme (R15) */
    anonymousInquiries: number | null
    /** R18, each session once; absent in years frozen before group sessions were recorded */
    groupSessions?: { sessions: number; minutes: number; participantCases: number; anonymousParticipants: number }
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
