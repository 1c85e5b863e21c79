// All translations are bundled: the app has two languages and a few hundred keys, so loading them
// over HTTP would add requests without saving anything worth having.
// Each feature owns one namespace (one JSON file per language); register new ones here.
import adminDe from './de/admin.json'
import authDe from './de/auth.json'
import codesDe from './de/codes.json'
import commonDe from './de/common.json'
import adminEn from './en/admin.json'
import authEn from './en/auth.json'
import codesEn from './en/codes.json'
import commonEn from './en/common.json'

export const resources = {
  de: { common: commonDe, auth: authDe, admin: adminDe, codes: codesDe },
  en: { common: commonEn, auth: authEn, admin: adminEn, codes: codesEn },
} as const

export const supportedLanguages = ['de', 'en'] as const
export type Language = (typeof supportedLanguages)[number]
export const fallbackLanguage: Language = 'de'
export const namespaces = Object.keys(resources.de) as Array<keyof (typeof resources)['de']>
