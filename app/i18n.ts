import { type InitOptions } from 'i18next'
import { fallbackLanguage, namespaces, resources, supportedLanguages } from './locales/index.ts'

export const i18nConfig = {
  supportedLngs: [...supportedLanguages],
  fallbackLng: fallbackLanguage,
  defaultNS: 'common',
  ns: namespaces,
  resources,
  interpolation: { escapeValue: false }, // React escapes
  react: { useSuspense: false },
} satisfies InitOptions
