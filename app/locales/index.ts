// All translations are bundled: the app has two languages and a few hundred keys, so loading them
// over HTTP would add requests without saving anything worth having.
// Each feature owns one namespace (one JSON file per language, the same keys in both).
import aboutDe from './de/about.json'
import adminDe from './de/admin.json'
import authDe from './de/auth.json'
import caseImportDe from './de/import.json'
import caseFileDe from './de/caseFile.json'
import casesDe from './de/cases.json'
import clientsDe from './de/clients.json'
import codesDe from './de/codes.json'
import consentTextsDe from './de/consentTexts.json'
import commonDe from './de/common.json'
import contactsDe from './de/contacts.json'
import documentsDe from './de/documents.json'
import groupSessionsDe from './de/groupSessions.json'
import privacyDe from './de/privacy.json'
import referralsDe from './de/referrals.json'
import statisticsDe from './de/statistics.json'
import teamDe from './de/team.json'
import aboutEn from './en/about.json'
import adminEn from './en/admin.json'
import authEn from './en/auth.json'
import caseImportEn from './en/import.json'
import caseFileEn from './en/caseFile.json'
import casesEn from './en/cases.json'
import clientsEn from './en/clients.json'
import codesEn from './en/codes.json'
import consentTextsEn from './en/consentTexts.json'
import commonEn from './en/common.json'
import contactsEn from './en/contacts.json'
import documentsEn from './en/documents.json'
import groupSessionsEn from './en/groupSessions.json'
import privacyEn from './en/privacy.json'
import referralsEn from './en/referrals.json'
import statisticsEn from './en/statistics.json'
import teamEn from './en/team.json'

export const resources = {
  de: {
    common: commonDe,
    about: aboutDe,
    auth: authDe,
    codes: codesDe,
    admin: adminDe,
    cases: casesDe,
    caseFile: caseFileDe,
    contacts: contactsDe,
    documents: documentsDe,
    groupSessions: groupSessionsDe,
    referrals: referralsDe,
    team: teamDe,
    statistics: statisticsDe,
    privacy: privacyDe,
    consentTexts: consentTextsDe,
    clients: clientsDe,
    import: caseImportDe,
  },
  en: {
    common: commonEn,
    about: aboutEn,
    auth: authEn,
    codes: codesEn,
    admin: adminEn,
    cases: casesEn,
    caseFile: caseFileEn,
    contacts: contactsEn,
    documents: documentsEn,
    groupSessions: groupSessionsEn,
    referrals: referralsEn,
    team: teamEn,
    statistics: statisticsEn,
    privacy: privacyEn,
    consentTexts: consentTextsEn,
    clients: clientsEn,
    import: caseImportEn,
  },
} as const

export const supportedLanguages = ['de', 'en'] as const
export type Language = (typeof supportedLanguages)[number]
export const fallbackLanguage: Language = 'de'
export const namespaces = Object.keys(resources.de) as Array<keyof (typeof resources)['de']>
