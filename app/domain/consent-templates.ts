// Consent and privacy-information templates in the clients' languages (issue 18, decision 025).
// Pure rules: which kinds and languages exist, which placeholders a kind may and must use, which
// template serves a client's language, which consent kind serves a recipient. No I/O.
import { type REFERRAL_KINDS } from './codes.ts'

export const TEMPLATE_KINDS = [
  'PRIVACY',
  'CONSENT_PSYCHOSOCIAL',
  'CONSENT_LANGUAGE_MEDIATION',
  'CONSENT_AUTHORITY',
  'CONSENT_COUNSELLING',
] as const
export type TemplateKind = (typeof TEMPLATE_KINDS)[number]
export const CONSENT_TEMPLATE_KINDS = TEMPLATE_KINDS.filter((kind) => kind !== 'PRIVACY')

/**
 * The languages texts are shipped in: German and English, and the languages of the people counselled
 * in Mecklenburg-Vorpommern (docs/data-protection.md, "Texts in the clients' languages").
 * ISO 639-3; Persian is the macrolanguage code the language lists use, Dari has its own.
 */
export const TEMPLATE_LANGUAGES = [
  'deu',
  'eng',
  'arb',
  'fas',
  'prs',
  'pus',
  'kmr',
  'ckb',
  'rus',
  'ukr',
  'tur',
  'tir',
  'som',
  'fra',
] as const
export type TemplateLanguage = (typeof TEMPLATE_LANGUAGES)[number]

/** Texts the project ships as reviewed; every other language ships as a draft. */
export const SHIPPED_REVIEWED_LANGUAGES: readonly TemplateLanguage[] = ['deu', 'eng']

export type Script = 'latin' | 'cyrillic' | 'arabic' | 'ethiopic'

/** BCP 47 tag for `lang`, writing direction and script (which self-hosted font prints it). */
export const LANGUAGE_META: Record<TemplateLanguage, { tag: string; dir: 'ltr' | 'rtl'; script: Script }> = {
  deu: { tag: 'de', dir: 'ltr', script: 'latin' },
  eng: { tag: 'en', dir: 'ltr', script: 'latin' },
  arb: { tag: 'ar', dir: 'rtl', script: 'arabic' },
  fas: { tag: 'fa', dir: 'rtl', script: 'arabic' },
  prs: { tag: 'fa-AF', dir: 'rtl', script: 'arabic' },
  pus: { tag: 'ps', dir: 'rtl', script: 'arabic' },
  kmr: { tag: 'kmr', dir: 'ltr', script: 'latin' },
  ckb: { tag: 'ckb', dir: 'rtl', script: 'arabic' },
  rus: { tag: 'ru', dir: 'ltr', script: 'cyrillic' },
  ukr: { tag: 'uk', dir: 'ltr', script: 'cyrillic' },
  tur: { tag: 'tr', dir: 'ltr', script: 'latin' },
  tir: { tag: 'ti', dir: 'ltr', script: 'ethiopic' },
  som: { tag: 'so', dir: 'ltr', script: 'latin' },
  fra: { tag: 'fr', dir: 'ltr', script: 'latin' },
}

export function isTemplateLanguage(code: string | null | undefined): code is TemplateLanguage {
  return (TEMPLATE_LANGUAGES as readonly string[]).includes(code ?? '')
}

export function isTemplateKind(value: string | null | undefined): value is TemplateKind {
  return (TEMPLATE_KINDS as readonly string[]).includes(value ?? '')
}

// Spoken varieties whose speakers read the written standard of a shipped text. Only safe pairs:
// Tigre (tig) is not Tigrinya and Kurdish without a variety (kur) could be either script, so they
// fall back to English and German with a note rather than to a guess.
const READS_TEMPLATE_OF: Record<string, TemplateLanguage> = {
  ara: 'arb',
  apc: 'arb', // Levantine
  ajp: 'arb', // South Levantine
  acm: 'arb', // Mesopotamian
  afb: 'arb', // Gulf
  arz: 'arb', // Egyptian
  ary: 'arb', // Moroccan
  arq: 'arb', // Algerian
  aeb: 'arb', // Tunisian
  ayl: 'arb', // Libyan
  apd: 'arb', // Sudanese
  acw: 'arb', // Hijazi
  ars: 'arb', // Najdi
  ayp: 'arb', // North Mesopotamian
  acq: 'arb', // Ta'izzi-Adeni
  ayh: 'arb', // Hadrami
  pes: 'fas', // Iranian Persian
  pbu: 'pus', // Northern Pashto
  pst: 'pus', // Central Pashto
  pbt: 'pus', // Southern Pashto
}

/** The template language a client with this (ISO 639-3) language reads, or null when none is shipped. */
export function templateLanguageFor(code: string | null | undefined): TemplateLanguage | null {
  if (!code) return null
  if (isTemplateLanguage(code)) return code
  return READS_TEMPLATE_OF[code] ?? null
}

/**
 * The language a form proposes for a client: the first of the client's languages with a template,
 * German coming last (a client who also speaks German still gets the text in their own language).
 */
export function defaultClientLanguage(clientLanguages: readonly string[]): string | null {
  const withTemplate = clientLanguages.filter((code) => templateLanguageFor(code) !== null)
  return withTemplate.find((code) => templateLanguageFor(code) !== 'deu') ?? withTemplate[0] ?? null
}

export type TextChoice = {
  /** the language of the client's column, null when German alone is given */
  language: TemplateLanguage | null
  /** true when the client's language has no template and English stands in for it */
  fallback: boolean
}

/** Which texts a client with this language is given, always together with German. */
export function chooseTexts(clientLanguage: string | null | undefined): TextChoice {
  const language = templateLanguageFor(clientLanguage)
  if (!clientLanguage || language === 'deu') return { language: null, fallback: false }
  if (language) return { language, fallback: false }
  return { language: 'eng', fallback: true }
}

type ReferralKind = (typeof REFERRAL_KINDS)[number]

/** The consent text for a recipient of this kind (decision 025: four texts cover the 13 kinds). */
export function consentKindFor(recipientKind: ReferralKind | string | null | undefined): TemplateKind {
  switch (recipientKind) {
    case 'PSYCHOSOCIAL_CENTRE':
    case 'SOCIAL_PSYCHIATRIC_SERVICE':
    case 'PSYCHOTHERAPY':
      return 'CONSENT_PSYCHOSOCIAL'
    case 'LANGUAGE_MEDIATION_SERVICE':
      return 'CONSENT_LANGUAGE_MEDIATION'
    case 'JOB_CENTRE':
    case 'IMMIGRATION_OFFICE':
    case 'YOUTH_WELFARE':
      return 'CONSENT_AUTHORITY'
    default:
      return 'CONSENT_COUNSELLING'
  }
}

export const PLACEHOLDERS = [
  'organisation',
  'organisationContact',
  'dpoContact',
  'office',
  'retentionYears',
  'recipient',
  'purpose',
  'categories',
  'validity',
  'withdrawal',
] as const
export type Placeholder = (typeof PLACEHOLDERS)[number]

const PRIVACY_PLACEHOLDERS: readonly Placeholder[] = ['organisation', 'organisationContact', 'dpoContact', 'office', 'retentionYears']
const CONSENT_PLACEHOLDERS: readonly Placeholder[] = ['organisation', 'office', 'recipient', 'purpose', 'categories', 'validity', 'withdrawal']

export function allowedPlaceholders(kind: TemplateKind): readonly Placeholder[] {
  return kind === 'PRIVACY' ? PRIVACY_PLACEHOLDERS : CONSENT_PLACEHOLDERS
}

/** A consent the client cannot check is no consent: who receives it, why, and how to take it back. */
export function requiredPlaceholders(kind: TemplateKind): readonly Placeholder[] {
  return kind === 'PRIVACY' ? ['organisation'] : ['recipient', 'purpose', 'withdrawal']
}

/** Sorted for a stable order in forms and lists. */
export function languageOrder(code: string) {
  const index = (TEMPLATE_LANGUAGES as readonly string[]).indexOf(code)
  return index === -1 ? TEMPLATE_LANGUAGES.length : index
}
