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
  const language = await getLanguage(request)
  return (await createI18nInstance(language)).getFixedT(language, namespace)
}

// One initialised instance per language, shared by all requests: the resources are bundled (no
// backend loads anything) and the server never changes an instance's language, so sharing is safe
// and spares every request creating and initialising instances (about 1 ms each, several per page).
const instances = new Map<Language, ReturnType<typeof initialise>>()

async function initialise(language: Language) {
  const instance = createInstance()
  await instance.use(initReactI18next).init({ ...i18nConfig, lng: language })
  return instance
}

export function createI18nInstance(language: Language) {
  let instance = instances.get(language)
  if (!instance) {
    instance = initialise(language)
    instances.set(language, instance)
  }
  return instance
}
