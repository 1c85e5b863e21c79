import fs from 'node:fs'
import path from 'node:path'
import { expect, test } from 'vitest'
import { livingLanguages, livingLanguageTable } from './living-languages.ts'
import { LIVING_LANGUAGES } from '#app/utils/iso-639-3-living.server.ts'
import { isLanguageCode, languageName, localLanguageName } from '#app/utils/iso.server.ts'

test('the committed language table is what the generator writes from the installed iso-639-3', () => {
  const file = path.join(import.meta.dirname, '..', '..', 'app', 'utils', 'iso-639-3-living.server.ts')
  // after an upgrade of iso-639-3: npx tsx scripts/generate-language-names.ts
  expect(fs.readFileSync(file, 'utf8')).toBe(livingLanguageTable())
  expect(LIVING_LANGUAGES.split('\n')).toHaveLength(livingLanguages().length)
})

test('every living language of the package is accepted and keeps its English name byte for byte', () => {
  const languages = livingLanguages()
  expect(languages.length).toBeGreaterThan(7000)
  for (const [code, name] of languages) {
    expect(isLanguageCode(code)).toBe(true)
    // a code without our own or the runtime's (CLDR) name shows the ISO English name
    expect(languageName(code, 'en')).toBe(localLanguageName(code, 'en') ?? name)
  }
  // not living, or not an individual language / macrolanguage: refused as before
  expect(isLanguageCode('lat')).toBe(false)
  expect(isLanguageCode('grc')).toBe(false)
  expect(isLanguageCode('mis')).toBe(false)
})
