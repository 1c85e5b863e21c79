// What a printed consent or privacy information says besides the template text: the values of the
// placeholders in each language, and the shape a print page renders (decision 025). Pure.
import { type DATA_CATEGORIES } from './codes.ts'
import { LANGUAGE_META, type Placeholder, type TemplateKind, type TemplateLanguage } from './consent-templates.ts'
import { VOCABULARY } from './consent-vocabulary.ts'
import { dayKey } from './referral-lifecycle.ts'
import { fillTemplate, parseTemplate, type Block } from './template-markup.ts'

type DataCategory = (typeof DATA_CATEGORIES)[number]

/** Left blank to be written in by hand when an administrator has not entered the organisation yet. */
export const WRITE_IN = '____________________'

/** A calendar date as DD.MM.YYYY with Latin digits in every language: the signature date must be
 * the same on both columns and readable by the office. */
export function printedDate(date: Date | string): string {
  const [year, month, day] = dayKey(new Date(date)).split('-')
  return `${day}.${month}.${year}`
}

function listSeparator(language: TemplateLanguage) {
  if (LANGUAGE_META[language].script === 'arabic') return '، '
  if (LANGUAGE_META[language].script === 'ethiopic') return '፣ '
  return ', '
}

export type OrganisationFacts = {
  organisation: string
  organisationContact: string
  dpoContact: string
  office: string
}

export type ConsentFacts = {
  recipientPartnerName: string | null
  /** German name of the recipient kind, shown with the translated generic phrase */
  recipientKindLabel: string | null
  purpose: string
  dataCategories: readonly DataCategory[]
  validUntil: Date | string | null
}

const orBlank = (value: string) => (value.trim() ? value.trim() : WRITE_IN)

export function withdrawalContact(facts: OrganisationFacts) {
  return [facts.office, facts.organisationContact.trim()].filter(Boolean).join(', ')
}

export function consentValues(
  language: TemplateLanguage,
  kind: TemplateKind,
  organisation: OrganisationFacts,
  consent: ConsentFacts,
): Record<Placeholder, string> {
  const words = VOCABULARY[language]
  const generic = kind === 'PRIVACY' ? '' : words.anyRecipient[kind]
  return {
    organisation: orBlank(organisation.organisation),
    organisationContact: orBlank(organisation.organisationContact),
    dpoContact: orBlank(organisation.dpoContact),
    office: organisation.office,
    retentionYears: '',
    recipient:
      consent.recipientPartnerName ??
      (consent.recipientKindLabel && language !== 'deu' ? `${generic} (${consent.recipientKindLabel})` : (consent.recipientKindLabel ?? generic)),
    purpose: consent.purpose,
    categories: consent.dataCategories.map((code) => words.categories[code]).join(listSeparator(language)),
    validity: consent.validUntil ? words.validUntil.replace('{date}', printedDate(consent.validUntil)) : words.untilWithdrawn,
    withdrawal: withdrawalContact(organisation),
  }
}

export function privacyValues(organisation: OrganisationFacts, retentionYears: number): Partial<Record<Placeholder, string>> {
  return {
    organisation: orBlank(organisation.organisation),
    organisationContact: orBlank(organisation.organisationContact),
    dpoContact: orBlank(organisation.dpoContact),
    office: organisation.office,
    retentionYears: String(retentionYears),
  }
}

export type PrintedText = {
  language: TemplateLanguage
  tag: string
  dir: 'ltr' | 'rtl'
  script: string
  version: number
  reviewed: boolean
  blocks: Block[]
}

export function printedText(
  language: TemplateLanguage,
  version: { version: number; body: string; reviewedAt: Date | string | null },
  values: Partial<Record<Placeholder, string>>,
): PrintedText {
  const meta = LANGUAGE_META[language]
  return {
    language,
    tag: meta.tag,
    dir: meta.dir,
    script: meta.script,
    version: version.version,
    reviewed: version.reviewedAt !== null,
    blocks: fillTemplate(parseTemplate(version.body), values),
  }
}

/** Frame labels of the client's column (code, place and date, signatures) in its language. */
export function frameLabels(language: TemplateLanguage) {
  const { code, placeDate, signClient, signCounsellor, signInterpreter } = VOCABULARY[language]
  return { code, placeDate, signClient, signCounsellor, signInterpreter }
}

/** What a bilingual print page shows (app/components/bilingual-document.tsx). */
export type BilingualDocumentProps = {
  kind: TemplateKind
  german: PrintedText
  /** the client's column; null when German alone is given */
  client: PrintedText | null
  /** German name of the client's own (spoken) language: the fallback note and the interpreter sheet */
  clientLanguageName: string | null
  /** German name of the language of the client's column (a written standard, or English) */
  textLanguageName: string | null
  fallback: boolean
  pseudonymCode: string | null
  /** DD.MM.YYYY, or null for a line to write the date in */
  date: string | null
  counsellorName: string | null
  /** the German summary the interpreter translates orally (a sheet of its own) */
  summary: Block[] | null
  layout: 'columns' | 'sequence'
  withdrawnOn: string | null
}
