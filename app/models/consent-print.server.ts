// Assembles what a bilingual print page shows (app/components/bilingual-document.tsx) from the
// template versions a record was given with — never from the current texts, so an old consent prints
// as it was signed (issue 18, decision 025).
import {
  consentValues,
  printedDate,
  printedText,
  privacyValues,
  type BilingualDocumentProps,
  type OrganisationFacts,
} from '#app/domain/consent-document.ts'
import { chooseTexts, defaultClientLanguage, isTemplateKind, isTemplateLanguage, type TemplateKind } from '#app/domain/consent-templates.ts'
import { type DataCategory } from '#app/domain/consent-rules.ts'
import { fillTemplate, parseTemplate } from '#app/domain/template-markup.ts'
import { languageName } from '#app/utils/iso.server.ts'
import { consentTextOf, currentTexts, organisationFacts, privacyTextOf } from './consent-template.server.ts'
import { getRetentionYears } from './retention.server.ts'

type Version = {
  version: number
  body: string
  summary: string | null
  reviewedAt: Date | null
  template: { kind: string; languageCode: string }
}

type Recorded = { version: Version; germanVersion: Version }

function assemble(
  kind: TemplateKind,
  recorded: Recorded,
  clientLanguage: string | null,
  values: Partial<Record<string, string>>,
  germanValues: Partial<Record<string, string>>,
  frame: Pick<BilingualDocumentProps, 'pseudonymCode' | 'date' | 'counsellorName' | 'withdrawnOn'>,
): BilingualDocumentProps {
  const clientTemplateLanguage = recorded.version.template.languageCode
  const german = printedText('deu', recorded.germanVersion, germanValues)
  const client =
    isTemplateLanguage(clientTemplateLanguage) && clientTemplateLanguage !== 'deu'
      ? printedText(clientTemplateLanguage, recorded.version, values)
      : null
  const summary = recorded.germanVersion.summary ? fillTemplate(parseTemplate(recorded.germanVersion.summary), germanValues) : null
  return {
    kind,
    german,
    client,
    clientLanguageName: clientLanguage ? languageName(clientLanguage, 'de') : null,
    textLanguageName: client ? languageName(client.language, 'de') : null,
    fallback: Boolean(client && chooseTexts(clientLanguage).fallback && clientTemplateLanguage === 'eng'),
    summary,
    layout: kind === 'PRIVACY' ? 'sequence' : 'columns',
    ...frame,
  }
}

export type ConsentForPrint = {
  id: string
  purpose: string
  dataCategories: DataCategory[]
  languageCode: string | null
  givenAt: Date | string
  validUntil: Date | string | null
  withdrawnAt: Date | string | null
  recipientKind: string | null
  recipientPartner: { name: string; kind: string } | null
}

/** The bilingual document of a consent recorded with template texts; null for older consents. */
export async function consentDocument(
  kase: { teamId: string },
  consent: ConsentForPrint,
  frame: { pseudonymCode: string; counsellorName: string; recipientKindLabel: string | null },
): Promise<BilingualDocumentProps | null> {
  const recorded = await consentTextOf(consent.id)
  if (!recorded) return null
  const kind = recorded.germanVersion.template.kind
  if (!isTemplateKind(kind)) return null
  const organisation = await organisationFacts(kase.teamId)
  const facts = {
    recipientPartnerName: consent.recipientPartner?.name ?? null,
    recipientKindLabel: consent.recipientPartner ? null : frame.recipientKindLabel,
    purpose: consent.purpose,
    dataCategories: consent.dataCategories,
    validUntil: consent.validUntil,
  }
  const clientLanguage = recorded.version.template.languageCode
  return assemble(
    kind,
    recorded,
    consent.languageCode,
    isTemplateLanguage(clientLanguage) ? consentValues(clientLanguage, kind, organisation, facts) : {},
    consentValues('deu', kind, organisation, facts),
    {
      pseudonymCode: frame.pseudonymCode,
      date: printedDate(consent.givenAt),
      counsellorName: frame.counsellorName || null,
      withdrawnOn: consent.withdrawnAt ? printedDate(consent.withdrawnAt) : null,
    },
  )
}

/**
 * The privacy information of a case: the texts the client was given once that is recorded, else
 * today's texts in the client's first language with a template (to print before it is given).
 */
export async function privacyDocument(
  kase: { id: string; teamId: string; privacyInfoGivenAt: Date | null; privacyInfoLanguage: string | null },
  pseudonymCode: string,
  clientLanguages: readonly string[],
): Promise<BilingualDocumentProps | null> {
  const language = kase.privacyInfoLanguage ?? defaultClientLanguage(clientLanguages)
  const recorded = await privacyTextOf(kase.id)
  const texts = recorded ?? (await currentTexts('PRIVACY', language).then((current) => (current ? { version: current.client, germanVersion: current.german } : null)))
  if (!texts) return null
  const [organisation, years] = await Promise.all([organisationFacts(kase.teamId), getRetentionYears()])
  const values = privacyValues(organisation, years)
  return assemble('PRIVACY', texts, language, values, values, {
    pseudonymCode,
    date: recorded && kase.privacyInfoGivenAt ? printedDate(kase.privacyInfoGivenAt) : null,
    counsellorName: null,
    withdrawnOn: null,
  })
}

/** The current privacy information for a language, before a case exists (code and date written by hand). */
export async function blankPrivacyDocument(teamId: string, clientLanguage: string | null) {
  const texts = await currentTexts('PRIVACY', clientLanguage)
  if (!texts) return null
  const [organisation, years] = await Promise.all([organisationFacts(teamId), getRetentionYears()])
  const values = privacyValues(organisation, years)
  return {
    document: assemble('PRIVACY', { version: texts.client, germanVersion: texts.german }, clientLanguage, values, values, {
      pseudonymCode: null,
      date: null,
      counsellorName: null,
      withdrawnOn: null,
    }),
    organisationMissing: isOrganisationMissing(organisation),
  }
}

export function isOrganisationMissing(organisation: OrganisationFacts) {
  return !organisation.organisation.trim() || !organisation.organisationContact.trim()
}
