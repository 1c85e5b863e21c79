import { createCookie } from '@remix-run/node'
import { createInstance } from 'i18next'
import { initReactI18next } from 'react-i18next'
import { RemixI18Next } from 'remix-i18next/server'
import { i18nConfig } from '#app/i18n.ts'
import { fallbackLanguage, supportedLanguages, type Language } from '#app/locales/index.ts'

export const languageCookie = createCookie('wb_lng', {
  path: '/',
  sameSite: 'lax',
  httpOnly: true,
  maxAge: 60 * 60 * 24 * 365,
})

// German unless the user chose English: the choice lives in a cookie, not in the browser's
// Accept-Language, because counsellors share devices in the reception centre.
export const remixI18next = new RemixI18Next({
  detection: {
    supportedLanguages: [...supportedLanguages],
    fallbackLanguage,
    cookie: languageCookie,
    order: ['cookie'],
  },
  i18next: i18nConfig,
})

export async function getLanguage(request: Request): Promise<Language> {
  const language = await remixI18next.getLocale(request)
  return (supportedLanguages as readonly string[]).includes(language) ? (language as Language) : fallbackLanguage
}

export async function getFixedT(request: Request, namespace: string = 'common') {
  return remixI18next.getFixedT(request, namespace)
}

export async function createI18nInstance(language: Language) {
  const instance = createInstance()
  await instance.use(initReactI18next).init({ ...i18nConfig, lng: language })
  return instance
}
