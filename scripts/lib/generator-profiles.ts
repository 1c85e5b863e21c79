// Distributions for the synthetic data (scripts/generate-data.ts). Weights are rough shares of
// migration counselling in Mecklenburg-Vorpommern, not official figures: they only need to give
// lists, statistics and benchmarks a realistic shape.
import { type Weighted } from './random.ts'

export type NationalityProfile = {
  weight: number
  /** first language, weighted (ISO 639-3) */
  languages: Weighted<string>
  /** further languages with the probability that a client speaks them */
  extra?: readonly (readonly [string, number])[]
  residence: keyof typeof RESIDENCE_PATHS
  /** share of women among the clients of this nationality */
  female: number
  /** where a stateless or unclear nationality came from */
  origins?: readonly string[]
}

// Each path is the order in which residence titles typically follow each other; a client's history
// is a prefix of one path (1–3 entries), cut off at today.
export const RESIDENCE_PATHS = {
  temporaryProtection: [
    [['P24'], 60],
    [['FIKTION', 'P24'], 22],
    [['P24', 'EMPLOYMENT'], 10],
    [['P24', 'FIKTION'], 8],
  ],
  asylumHighRecognition: [
    [['ARRIVAL_CERTIFICATE', 'GESTATTUNG', 'P25_2_SUBSIDIARY'], 34],
    [['ARRIVAL_CERTIFICATE', 'GESTATTUNG', 'P25_2_REFUGEE'], 24],
    [['GESTATTUNG', 'P25_2_SUBSIDIARY', 'SETTLEMENT'], 10],
    [['ASYLUM_REQUEST', 'GESTATTUNG', 'P25_1'], 4],
    [['FAMILY_REUNIFICATION', 'SETTLEMENT'], 10],
    [['GESTATTUNG', 'P25_3'], 8],
    [['GESTATTUNG', 'DULDUNG', 'P104C'], 4],
    [['P25_2_REFUGEE', 'SETTLEMENT'], 6],
  ],
  asylumAfghanistan: [
    [['ARRIVAL_CERTIFICATE', 'GESTATTUNG', 'P25_3'], 26],
    [['GESTATTUNG', 'P25_2_REFUGEE'], 18],
    [['OTHER_HUMANITARIAN'], 14],
    [['ASYLUM_REQUEST', 'GESTATTUNG', 'P25_2_SUBSIDIARY'], 14],
    [['GESTATTUNG', 'DULDUNG'], 12],
    [['FAMILY_REUNIFICATION'], 6],
    [['DULDUNG', 'P104C'], 5],
    [['GESTATTUNG', 'OBLIGED_TO_LEAVE'], 5],
  ],
  asylumMixed: [
    [['ASYLUM_REQUEST', 'GESTATTUNG', 'P25_2_REFUGEE'], 22],
    [['ARRIVAL_CERTIFICATE', 'GESTATTUNG'], 22],
    [['GESTATTUNG', 'P25_2_SUBSIDIARY'], 12],
    [['GESTATTUNG', 'DULDUNG'], 20],
    [['GESTATTUNG', 'P25_3'], 8],
    [['DULDUNG', 'OBLIGED_TO_LEAVE'], 6],
    [['DULDUNG', 'P104C'], 4],
    [['FAMILY_REUNIFICATION'], 6],
  ],
  asylumLowRecognition: [
    [['ASYLUM_REQUEST', 'GESTATTUNG', 'OBLIGED_TO_LEAVE'], 28],
    [['GESTATTUNG', 'DULDUNG'], 30],
    [['ARRIVAL_CERTIFICATE', 'GESTATTUNG'], 14],
    [['EMPLOYMENT'], 14],
    [['FAMILY_REUNIFICATION'], 14],
  ],
  turkey: [
    [['ASYLUM_REQUEST', 'GESTATTUNG'], 28],
    [['GESTATTUNG', 'P25_2_REFUGEE'], 14],
    [['GESTATTUNG', 'DULDUNG'], 18],
    [['GESTATTUNG', 'OBLIGED_TO_LEAVE'], 8],
    [['EMPLOYMENT', 'SETTLEMENT'], 12],
    [['FAMILY_REUNIFICATION', 'SETTLEMENT'], 14],
    [['EDUCATION'], 6],
  ],
  eastern: [
    [['GESTATTUNG', 'P25_2_REFUGEE'], 18],
    [['OTHER_HUMANITARIAN'], 16],
    [['EMPLOYMENT', 'SETTLEMENT'], 18],
    [['FAMILY_REUNIFICATION'], 16],
    [['SPAETAUSSIEDLER', 'GERMAN_CITIZEN'], 10],
    [['GESTATTUNG', 'DULDUNG'], 10],
    [['EDUCATION', 'EMPLOYMENT'], 12],
  ],
  resettler: [
    [['SPAETAUSSIEDLER', 'GERMAN_CITIZEN'], 50],
    [['FAMILY_REUNIFICATION'], 20],
    [['EMPLOYMENT', 'SETTLEMENT'], 30],
  ],
  eu: [[['EU_CITIZEN'], 1]],
  labour: [
    [['EDUCATION', 'EMPLOYMENT'], 30],
    [['EMPLOYMENT', 'SETTLEMENT'], 24],
    [['FAMILY_REUNIFICATION', 'FIKTION', 'SETTLEMENT'], 30],
    [['EDUCATION'], 16],
  ],
  unclear: [
    [['UNCLEAR'], 50],
    [['GESTATTUNG', 'DULDUNG'], 50],
  ],
} satisfies Record<string, Weighted<string[]>>

export const NATIONALITIES: Record<string, NationalityProfile> = {
  UA: {
    weight: 20,
    languages: [
      ['ukr', 6],
      ['rus', 4],
    ],
    extra: [
      ['rus', 0.5],
      ['eng', 0.2],
    ],
    residence: 'temporaryProtection',
    female: 0.68,
  },
  SY: {
    weight: 16,
    languages: [
      ['arb', 7],
      ['apc', 1.5],
      ['kmr', 1.5],
    ],
    extra: [
      ['arb', 0.3],
      ['eng', 0.15],
      ['tur', 0.08],
    ],
    residence: 'asylumHighRecognition',
    female: 0.38,
  },
  AF: {
    weight: 13,
    languages: [
      ['prs', 6],
      ['pus', 3.5],
      ['fas', 0.5],
    ],
    extra: [
      ['fas', 0.3],
      ['eng', 0.1],
      ['urd', 0.03],
    ],
    residence: 'asylumAfghanistan',
    female: 0.36,
  },
  TR: {
    weight: 7,
    languages: [
      ['tur', 7],
      ['kmr', 3],
    ],
    extra: [
      ['tur', 0.4],
      ['eng', 0.15],
    ],
    residence: 'turkey',
    female: 0.3,
  },
  IQ: {
    weight: 5,
    languages: [
      ['arb', 5],
      ['acm', 1],
      ['ckb', 2.5],
      ['kmr', 1.5],
    ],
    extra: [
      ['arb', 0.3],
      ['eng', 0.1],
    ],
    residence: 'asylumMixed',
    female: 0.42,
  },
  IR: {
    weight: 5,
    languages: [
      ['fas', 8],
      ['azb', 1],
      ['ckb', 1],
    ],
    extra: [['eng', 0.3]],
    residence: 'asylumMixed',
    female: 0.45,
  },
  RU: {
    weight: 5,
    languages: [['rus', 1]],
    extra: [
      ['eng', 0.25],
      ['che', 0.08],
    ],
    residence: 'eastern',
    female: 0.5,
  },
  ER: {
    weight: 3,
    languages: [
      ['tir', 8],
      ['tig', 1],
    ],
    extra: [
      ['arb', 0.2],
      ['eng', 0.2],
    ],
    residence: 'asylumHighRecognition',
    female: 0.35,
  },
  SO: {
    weight: 3,
    languages: [['som', 1]],
    extra: [
      ['arb', 0.2],
      ['eng', 0.2],
    ],
    residence: 'asylumMixed',
    female: 0.4,
  },
  GE: {
    weight: 2,
    languages: [['kat', 1]],
    extra: [['rus', 0.5]],
    residence: 'asylumLowRecognition',
    female: 0.45,
  },
  VN: { weight: 2, languages: [['vie', 1]], extra: [['eng', 0.3]], residence: 'labour', female: 0.55 },
  PL: { weight: 2, languages: [['pol', 1]], extra: [['eng', 0.2]], residence: 'eu', female: 0.5 },
  RO: { weight: 2, languages: [['ron', 1]], extra: [['eng', 0.2]], residence: 'eu', female: 0.45 },
  BG: { weight: 1, languages: [['bul', 1]], extra: [['tur', 0.2]], residence: 'eu', female: 0.45 },
  IN: {
    weight: 1.5,
    languages: [
      ['hin', 5],
      ['mal', 1],
      ['tam', 1],
    ],
    extra: [['eng', 0.9]],
    residence: 'labour',
    female: 0.4,
  },
  PK: {
    weight: 1,
    languages: [
      ['urd', 5],
      ['pnb', 2],
    ],
    extra: [['eng', 0.6]],
    residence: 'asylumMixed',
    female: 0.25,
  },
  NG: {
    weight: 1,
    languages: [
      ['eng', 4],
      ['yor', 2],
      ['ibo', 1],
    ],
    extra: [['eng', 0.5]],
    residence: 'asylumLowRecognition',
    female: 0.45,
  },
  YE: { weight: 1, languages: [['arb', 1]], extra: [['eng', 0.1]], residence: 'asylumMixed', female: 0.3 },
  XX: {
    weight: 1,
    languages: [['arb', 1]],
    extra: [['eng', 0.1]],
    residence: 'asylumHighRecognition',
    female: 0.4,
    origins: ['SY', 'LB', 'PS', 'KW'],
  },
  KZ: {
    weight: 1,
    languages: [
      ['rus', 3],
      ['kaz', 1],
    ],
    extra: [['deu', 0.3]],
    residence: 'resettler',
    female: 0.55,
  },
  BY: {
    weight: 1,
    languages: [
      ['rus', 3],
      ['bel', 1],
    ],
    extra: [['eng', 0.3]],
    residence: 'eastern',
    female: 0.55,
  },
  MD: {
    weight: 1,
    languages: [
      ['ron', 2],
      ['rus', 1],
    ],
    extra: [['rus', 0.5]],
    residence: 'asylumLowRecognition',
    female: 0.5,
  },
  AM: {
    weight: 1,
    languages: [['hye', 1]],
    extra: [['rus', 0.6]],
    residence: 'asylumLowRecognition',
    female: 0.5,
  },
  AZ: {
    weight: 0.7,
    languages: [['aze', 1]],
    extra: [['rus', 0.5]],
    residence: 'asylumLowRecognition',
    female: 0.45,
  },
  CN: { weight: 0.8, languages: [['cmn', 1]], extra: [['eng', 0.5]], residence: 'labour', female: 0.55 },
  EG: { weight: 0.7, languages: [['arz', 1]], extra: [['eng', 0.4]], residence: 'asylumMixed', female: 0.35 },
  MA: {
    weight: 0.7,
    languages: [
      ['ary', 3],
      ['zgh', 1],
    ],
    extra: [['fra', 0.5]],
    residence: 'asylumLowRecognition',
    female: 0.3,
  },
  GN: {
    weight: 0.6,
    languages: [
      ['fra', 2],
      ['fuf', 1],
      ['sus', 1],
    ],
    extra: [['fra', 0.6]],
    residence: 'asylumLowRecognition',
    female: 0.3,
  },
  CM: {
    weight: 0.5,
    languages: [
      ['fra', 3],
      ['eng', 1],
    ],
    extra: [['eng', 0.4]],
    residence: 'asylumMixed',
    female: 0.45,
  },
  LB: {
    weight: 0.6,
    languages: [
      ['apc', 2],
      ['arb', 1],
    ],
    extra: [['fra', 0.3]],
    residence: 'asylumMixed',
    female: 0.45,
  },
  PS: {
    weight: 0.6,
    languages: [
      ['ajp', 1],
      ['arb', 1],
    ],
    extra: [['eng', 0.3]],
    residence: 'asylumHighRecognition',
    female: 0.4,
  },
  XU: {
    weight: 0.3,
    languages: [
      ['arb', 1],
      ['kmr', 1],
    ],
    residence: 'unclear',
    female: 0.4,
    origins: ['SY', 'IQ', 'LB'],
  },
}

/** Age at the case's opening: a working-age peak, children and older people less often. */
export const AGE_BANDS: Weighted<readonly [number, number]> = [
  [[0, 11], 4],
  [[12, 17], 8],
  [[18, 26], 17],
  [[27, 39], 35],
  [[40, 54], 22],
  [[55, 64], 8],
  [[65, 80], 6],
]

// Programmes by age (PRODUCT.md §2: JMD 12–26, MBE 27+). The EAE team counsels newly arrived asylum
// seekers, mostly as refugee counselling.
export const PROGRAMMES_BY_AGE = {
  child: [
    ['REFUGEE', 50],
    ['LAND_MIGRATION', 30],
    ['OTHER', 20],
  ],
  youth: [
    ['JMD', 80],
    ['REFUGEE', 12],
    ['LAND_MIGRATION', 5],
    ['OTHER', 3],
  ],
  adult: [
    ['MBE', 55],
    ['REFUGEE', 25],
    ['LAND_MIGRATION', 15],
    ['OTHER', 5],
  ],
  eaeYouth: [
    ['REFUGEE', 62],
    ['JMD', 33],
    ['OTHER', 5],
  ],
  eaeAdult: [
    ['REFUGEE', 75],
    ['MBE', 15],
    ['LAND_MIGRATION', 10],
  ],
} satisfies Record<string, Weighted<string>>

export const CLOSURE_REASONS = {
  eae: [
    ['MOVED', 45],
    ['PROGRAMME_CHANGE', 12],
    ['GOALS_ACHIEVED', 15],
    ['CONTACT_BROKEN_OFF', 10],
    ['DEPARTURE', 9],
    ['HANDED_OVER', 6],
    ['OTHER', 3],
  ],
  regional: [
    ['GOALS_ACHIEVED', 32],
    ['HANDED_OVER', 14],
    ['PROGRAMME_CHANGE', 4],
    ['MOVED', 10],
    ['CONTACT_BROKEN_OFF', 18],
    ['ENDED_BY_OFFICE', 5],
    ['DEPARTURE', 5],
    ['FUNDING_EXCEEDED', 4],
    ['DEATH', 0.3],
    ['OTHER', 6],
  ],
} satisfies Record<string, Weighted<string>>

export const ACCESS_ROUTES = {
  eae: [
    ['EAE_REFERRAL', 80],
    ['WORD_OF_MOUTH', 12],
    ['AUTHORITY', 5],
    ['OTHER', 3],
  ],
  regional: [
    ['EAE_REFERRAL', 18],
    ['WORD_OF_MOUTH', 30],
    ['INTEGRATION_COURSE', 14],
    ['AUTHORITY', 12],
    ['JOB_CENTRE', 14],
    ['ONLINE', 7],
    ['OTHER', 5],
  ],
} satisfies Record<string, Weighted<string>>

export const START_PLACES = {
  eae: [
    ['EAE', 92],
    ['OTHER', 8],
  ],
  regional: [
    ['SHARED_ACCOMMODATION', 35],
    ['OWN_FLAT', 55],
    ['EAE', 4],
    ['OTHER', 6],
  ],
} satisfies Record<string, Weighted<string>>

export const CONTACT_MODES = {
  eae: [
    ['OFFICE', 40],
    ['OUTREACH', 42],
    ['PHONE', 8],
    ['MESSENGER', 6],
    ['EMAIL', 2],
    ['VIDEO', 2],
  ],
  regional: [
    ['OFFICE', 46],
    ['OUTREACH', 8],
    ['MOBILE_OFFICE', 4],
    ['PHONE', 22],
    ['EMAIL', 8],
    ['VIDEO', 3],
    ['MESSENGER', 9],
  ],
} satisfies Record<string, Weighted<string>>

/** Minutes by contact mode: [min, max], rounded to 5. */
export const DURATIONS: Record<string, readonly [number, number]> = {
  OFFICE: [20, 90],
  OUTREACH: [20, 120],
  MOBILE_OFFICE: [20, 75],
  PHONE: [5, 30],
  EMAIL: [5, 20],
  VIDEO: [20, 60],
  MESSENGER: [5, 15],
}

/** Topics a case is mostly about, by programme; each contact draws from the case's themes. */
export const THEMES_BY_PROGRAMME = {
  REFUGEE: [
    ['RESIDENCE_ASYLUM', 30],
    ['HOUSING', 10],
    ['HEALTH', 10],
    ['PSYCHOSOCIAL', 9],
    ['FAMILY_REUNIFICATION', 9],
    ['LIVELIHOOD', 10],
    ['EVERYDAY_LIFE', 12],
    ['LANGUAGE_COURSE', 6],
    ['VIOLENCE_PROTECTION', 2],
    ['RETURN', 2],
  ],
  MBE: [
    ['LANGUAGE_COURSE', 16],
    ['WORK', 16],
    ['RECOGNITION', 8],
    ['LIVELIHOOD', 13],
    ['HOUSING', 9],
    ['EVERYDAY_LIFE', 12],
    ['RESIDENCE_ASYLUM', 10],
    ['FAMILY', 6],
    ['DEBTS', 4],
    ['HEALTH', 4],
    ['PARTICIPATION', 2],
  ],
  JMD: [
    ['EDUCATION', 24],
    ['LANGUAGE_COURSE', 16],
    ['WORK', 10],
    ['RESIDENCE_ASYLUM', 10],
    ['EVERYDAY_LIFE', 10],
    ['PSYCHOSOCIAL', 6],
    ['PARTICIPATION', 8],
    ['HOUSING', 6],
    ['FAMILY', 6],
    ['LIVELIHOOD', 4],
  ],
  LAND_MIGRATION: [
    ['RESIDENCE_ASYLUM', 16],
    ['LIVELIHOOD', 14],
    ['HOUSING', 12],
    ['LANGUAGE_COURSE', 12],
    ['WORK', 10],
    ['FAMILY', 10],
    ['EVERYDAY_LIFE', 14],
    ['HEALTH', 6],
    ['DEBTS', 4],
    ['VIOLENCE_PROTECTION', 2],
  ],
  OTHER: [
    ['EVERYDAY_LIFE', 25],
    ['LIVELIHOOD', 15],
    ['HOUSING', 15],
    ['HEALTH', 10],
    ['FAMILY', 15],
    ['RESIDENCE_ASYLUM', 15],
    ['DEBTS', 5],
  ],
} satisfies Record<string, Weighted<string>>

/** Which kind of service a case's theme leads to, when a referral is made. */
export const REFERRAL_KIND_BY_THEME: Record<string, Weighted<string>> = {
  PSYCHOSOCIAL: [
    ['PSYCHOSOCIAL_CENTRE', 60],
    ['PSYCHOTHERAPY', 20],
    ['SOCIAL_PSYCHIATRIC_SERVICE', 20],
  ],
  HEALTH: [
    ['PSYCHOTHERAPY', 25],
    ['SOCIAL_PSYCHIATRIC_SERVICE', 25],
    ['OTHER', 50],
  ],
  LANGUAGE_COURSE: [
    ['COURSE', 90],
    ['LANGUAGE_MEDIATION_SERVICE', 10],
  ],
  WORK: [
    ['JOB_CENTRE', 70],
    ['COURSE', 30],
  ],
  RECOGNITION: [
    ['OTHER', 60],
    ['JOB_CENTRE', 40],
  ],
  EDUCATION: [
    ['COURSE', 40],
    ['YOUTH_WELFARE', 30],
    ['OTHER', 30],
  ],
  RESIDENCE_ASYLUM: [
    ['LEGAL_ADVICE', 70],
    ['IMMIGRATION_OFFICE', 30],
  ],
  FAMILY_REUNIFICATION: [
    ['LEGAL_ADVICE', 60],
    ['IMMIGRATION_OFFICE', 40],
  ],
  FAMILY: [
    ['YOUTH_WELFARE', 70],
    ['OTHER', 30],
  ],
  DEBTS: [['DEBT_COUNSELLING', 1]],
  VIOLENCE_PROTECTION: [
    ['VIOLENCE_PROTECTION', 85],
    ['PSYCHOSOCIAL_CENTRE', 15],
  ],
  HOUSING: [
    ['HOUSING', 80],
    ['OTHER', 20],
  ],
  LIVELIHOOD: [
    ['JOB_CENTRE', 60],
    ['OTHER', 40],
  ],
  EVERYDAY_LIFE: [['OTHER', 1]],
  PARTICIPATION: [['OTHER', 1]],
  RETURN: [
    ['OTHER', 60],
    ['LEGAL_ADVICE', 40],
  ],
}

/** Minimal data passed on, by kind of recipient (categories only, never content). */
export const DATA_CATEGORIES_BY_KIND: Record<string, string> = {
  PSYCHOSOCIAL_CENTRE: 'IDENTITY,CONTACT_DETAILS,LANGUAGE,HEALTH',
  SOCIAL_PSYCHIATRIC_SERVICE: 'IDENTITY,CONTACT_DETAILS,LANGUAGE,HEALTH',
  PSYCHOTHERAPY: 'IDENTITY,CONTACT_DETAILS,LANGUAGE,HEALTH',
  LANGUAGE_MEDIATION_SERVICE: 'LANGUAGE',
  COURSE: 'IDENTITY,CONTACT_DETAILS,RESIDENCE_STATUS,LANGUAGE',
  JOB_CENTRE: 'IDENTITY,CONTACT_DETAILS,RESIDENCE_STATUS,SOCIAL_BENEFITS',
  IMMIGRATION_OFFICE: 'IDENTITY,RESIDENCE_STATUS',
  YOUTH_WELFARE: 'IDENTITY,CONTACT_DETAILS,FAMILY',
  LEGAL_ADVICE: 'IDENTITY,RESIDENCE_STATUS,CASE_HISTORY',
  DEBT_COUNSELLING: 'IDENTITY,CONTACT_DETAILS,SOCIAL_BENEFITS',
  VIOLENCE_PROTECTION: 'IDENTITY,CONTACT_DETAILS,FAMILY',
  HOUSING: 'IDENTITY,CONTACT_DETAILS,FAMILY,SOCIAL_BENEFITS',
  OTHER: 'IDENTITY,CONTACT_DETAILS',
}

// Referral walk through the lifecycle of app/domain/referral-lifecycle.ts: next status weights, and
// the days each step takes ([min, max]). "END" stops the walk (a no-show that was not rebooked).
export const REFERRAL_STEPS: Record<string, Weighted<string>> = {
  INQUIRY: [
    ['REGISTERED', 90],
    ['DECLINED', 6],
    ['CANCELLED', 4],
  ],
  REGISTERED: [
    ['CLEARING_APPOINTMENT', 60],
    ['WAITING_LIST', 25],
    ['DECLINED', 8],
    ['CANCELLED', 7],
  ],
  CLEARING_APPOINTMENT: [
    ['CLEARING_DONE', 78],
    ['WAITING_LIST', 5],
    ['NO_SHOW', 10],
    ['DECLINED', 3],
    ['CANCELLED', 4],
  ],
  CLEARING_DONE: [
    ['ADMITTED', 75],
    ['WAITING_LIST', 15],
    ['DECLINED', 6],
    ['CANCELLED', 4],
  ],
  WAITING_LIST: [
    ['CLEARING_APPOINTMENT', 50],
    ['ADMITTED', 35],
    ['DECLINED', 5],
    ['CANCELLED', 10],
  ],
  ADMITTED: [
    ['COMPLETED', 90],
    ['CANCELLED', 10],
  ],
  NO_SHOW: [
    ['CLEARING_APPOINTMENT', 40],
    ['END', 60],
  ],
}
export const REFERRAL_STEP_DAYS: Record<string, readonly [number, number]> = {
  REGISTERED: [1, 10],
  CLEARING_APPOINTMENT: [5, 45],
  CLEARING_DONE: [7, 30],
  WAITING_LIST: [1, 10],
  ADMITTED: [7, 60],
  COMPLETED: [30, 270],
  NO_SHOW: [7, 30],
  DECLINED: [2, 30],
  CANCELLED: [2, 45],
}
/** Psychosocial services have long waiting lists; everything else moves faster. */
export const LONG_WAIT_KINDS = new Set(['PSYCHOSOCIAL_CENTRE', 'PSYCHOTHERAPY', 'SOCIAL_PSYCHIATRIC_SERVICE'])

export const COST_BEARERS: Weighted<string> = [
  ['PROJECT', 40],
  ['LAND', 25],
  ['DISTRICT', 10],
  ['JOB_CENTRE', 10],
  ['HEALTH_INSURER', 5],
  ['OTHER', 10],
]
export const PROVIDER_KINDS: Weighted<string> = [
  ['POOL', 55],
  ['AGENCY', 25],
  ['FREELANCE', 12],
  ['VOLUNTEER', 8],
]
/** Euro cents per hour by provider kind; volunteers get a flat expense allowance instead. */
export const HOURLY_RATE_CENTS: Record<string, number> = {
  POOL: 3500,
  AGENCY: 6500,
  FREELANCE: 5500,
  VOLUNTEER: 0,
}
export const VOLUNTEER_ALLOWANCE_CENTS = 1000

// Short standard phrases. They carry no personal data: a confidential note in real use would, but
// synthetic data must never look like it describes a real person.
export const NEXT_STEPS = [
  'Unterlagen zum nächsten Termin mitbringen',
  'Antrag gemeinsam ausfüllen',
  'Rückmeldung der Behörde abwarten',
  'Termin beim Jobcenter begleiten',
  'Kursanmeldung prüfen',
  'Wohnungsangebote besprechen',
  'Rückruf vereinbart',
  'Bescheid gemeinsam lesen',
  'Nachweise für die Anerkennung sammeln',
  'Kontakt zur Kita herstellen',
]
export const CONFIDENTIAL_NOTES = [
  'Belastungssituation angesprochen, weiteres Gespräch angeboten.',
  'Klient/in wünscht Begleitung zum nächsten Behördentermin.',
  'Familiäre Situation schwierig, Vermittlung in Beratung angeregt.',
  'Unsicherheit wegen Aufenthalt, Verfahrensstand erläutert.',
  'Gesprächstermin wurde kurzfristig verschoben.',
]
export const GOAL_TEXTS: Record<string, readonly string[]> = {
  RESIDENCE_ASYLUM: ['Aufenthaltsstatus ist geklärt', 'Unterlagen für das Asylverfahren liegen vor'],
  LANGUAGE_COURSE: ['Integrationskurs begonnen', 'Sprachniveau B1 erreicht'],
  WORK: ['Bewerbungsunterlagen erstellt', 'Arbeitsstelle oder Praktikum gefunden'],
  RECOGNITION: ['Antrag auf Anerkennung gestellt', 'Anerkennungsbescheid liegt vor'],
  EDUCATION: ['Schulplatz gefunden', 'Ausbildungsplatz gefunden'],
  HOUSING: ['Eigene Wohnung gefunden', 'Wohnberechtigungsschein beantragt'],
  LIVELIHOOD: ['Leistungsanspruch geklärt', 'Kindergeld beantragt'],
  HEALTH: ['Hausarzt gefunden', 'Krankenversicherung geklärt'],
  PSYCHOSOCIAL: ['Anbindung an psychosoziale Beratung', 'Therapieplatz gefunden'],
  FAMILY: ['Kita-Platz gefunden', 'Elterngeld beantragt'],
  FAMILY_REUNIFICATION: ['Antrag auf Familiennachzug gestellt'],
  DEBTS: ['Schuldenübersicht erstellt', 'Anbindung an Schuldnerberatung'],
  VIOLENCE_PROTECTION: ['Schutzmaßnahmen sind vereinbart'],
  EVERYDAY_LIFE: ['Konto eröffnet', 'Behördenschreiben selbstständig verstehen'],
  PARTICIPATION: ['Anschluss an einen Verein gefunden'],
  RETURN: ['Rückkehrberatung in Anspruch genommen'],
}
export const REFERRAL_REASONS = [
  'Abklärung des Unterstützungsbedarfs',
  'Weiterführende Fachberatung',
  'Anbindung an Regelangebot',
  'Krisenintervention',
]
export const HANDOVER_NOTES = [
  'Verteilung in den Landkreis, laufende Anliegen im Fallverlauf dokumentiert.',
  'Zuweisung nach Verteilung; offene Termine bitte übernehmen.',
]

// Neutral names for the synthetic staff (no real persons).
export const FIRST_NAMES = [
  'Anna',
  'Ben',
  'Clara',
  'David',
  'Elif',
  'Farid',
  'Greta',
  'Hannes',
  'Ines',
  'Jonas',
  'Katja',
  'Leon',
  'Mira',
  'Nils',
  'Olga',
  'Paul',
  'Rania',
  'Sami',
  'Tanja',
  'Umut',
  'Vera',
  'Yusuf',
  'Zora',
  'Milan',
  'Lea',
  'Tarek',
  'Svenja',
  'Omid',
  'Julia',
  'Kerstin',
]
export const LAST_NAMES = [
  'Schulz',
  'Yilmaz',
  'Krüger',
  'Haddad',
  'Neumann',
  'Petrenko',
  'Wagner',
  'Rahimi',
  'Becker',
  'Popescu',
  'Lange',
  'Nowak',
  'Hoffmann',
  'Saleh',
  'Brandt',
  'Kovalenko',
  'Peters',
  'Ahmadi',
  'Möller',
  'Demir',
]
export const STAFF_LANGUAGES = [
  'deu,eng',
  'deu,arb,eng',
  'deu,rus,ukr',
  'deu,fas,prs',
  'deu,tur,kmr',
  'deu,eng,fra',
  'deu,rus',
  'deu,arb',
]

export const SYNTHETIC_PARTNERS: readonly {
  name: string
  kind: string
  district: string
  languages: string
}[] = [
  {
    name: 'Psychosoziale Anlaufstelle Rostock',
    kind: 'PSYCHOSOCIAL_CENTRE',
    district: 'HRO',
    languages: 'deu,eng,arb',
  },
  {
    name: 'Psychosoziale Anlaufstelle Greifswald',
    kind: 'PSYCHOSOCIAL_CENTRE',
    district: 'VG',
    languages: 'deu,eng',
  },
  {
    name: 'Sprachmittlungspool Schwerin',
    kind: 'LANGUAGE_MEDIATION_SERVICE',
    district: 'SN',
    languages: 'arb,fas,prs,pus,rus,ukr',
  },
  {
    name: 'Sprachmittlungspool Rostock',
    kind: 'LANGUAGE_MEDIATION_SERVICE',
    district: 'HRO',
    languages: 'arb,fas,rus,ukr,tir',
  },
  {
    name: 'Sozialpsychiatrischer Dienst Rostock',
    kind: 'SOCIAL_PSYCHIATRIC_SERVICE',
    district: 'HRO',
    languages: 'deu',
  },
  { name: 'Ausländerbehörde Rostock', kind: 'IMMIGRATION_OFFICE', district: 'HRO', languages: 'deu' },
  { name: 'Jobcenter Rostock', kind: 'JOB_CENTRE', district: 'HRO', languages: 'deu' },
  { name: 'Jobcenter Vorpommern-Greifswald', kind: 'JOB_CENTRE', district: 'VG', languages: 'deu' },
]
