// Every character the shipped texts can print has a glyph in the self-hosted font that the print
// stylesheet uses for its script (decision 026): read from the fonts' own character maps, within the
// unicode-range each @font-face of the stylesheet serves — the way the browser picks a face.
import fs from 'node:fs'
import path from 'node:path'
import * as fontkit from 'fontkit'
import { describe, expect, test } from 'vitest'
import { LANGUAGE_META, TEMPLATE_LANGUAGES, type Script } from '#app/domain/consent-templates.ts'
import { VOCABULARY } from '#app/domain/consent-vocabulary.ts'
import { templateProblems } from '#app/domain/template-markup.ts'
import { shippedTexts } from '../prisma/consent-templates.ts'

type Face = { ranges: Array<[number, number]>; font: fontkit.Font }

function facesOf(pkg: string, weight: number): Face[] {
  const folder = path.resolve('node_modules', '@fontsource', pkg)
  const css = fs.readFileSync(path.join(folder, `${weight}.css`), 'utf8')
  return [...css.matchAll(/url\(\.\/files\/([^)]+\.woff2)\)[^;]*;\s*unicode-range:\s*([^;]+);/g)].map((match) => ({
    font: fontkit.openSync(path.join(folder, 'files', match[1]!)) as fontkit.Font,
    ranges: match[2]!.split(',').map((range) => {
      const [start, end] = range.trim().replace(/^U\+/i, '').split('-')
      return [parseInt(start!, 16), parseInt(end ?? start!, 16)] as [number, number]
    }),
  }))
}

// The families of app/styles/app.css, in the order each script's column names them.
const STACKS: Record<Script, string[]> = {
  latin: ['noto-sans'],
  cyrillic: ['noto-sans'],
  arabic: ['noto-sans-arabic', 'noto-sans'],
  ethiopic: ['noto-sans-ethiopic', 'noto-sans'],
}

const faces = new Map<string, Face[]>()
function stack(script: Script, weight: number) {
  return STACKS[script].flatMap((pkg) => {
    const key = `${pkg}:${weight}`
    if (!faces.has(key)) faces.set(key, facesOf(pkg, weight))
    return faces.get(key)!
  })
}

function missingGlyphs(text: string, script: Script, weight: number) {
  const missing = new Set<string>()
  for (const char of new Set(text.normalize('NFC'))) {
    const point = char.codePointAt(0)!
    if (/\s/.test(char)) continue
    // The browser tries every face whose unicode-range serves the character until one has the glyph.
    const covered = stack(script, weight).some(
      (face) => face.ranges.some(([start, end]) => point >= start && point <= end) && face.font.hasGlyphForCodePoint(point),
    )
    if (!covered) missing.add(`${char} U+${point.toString(16).toUpperCase().padStart(4, '0')}`)
  }
  return [...missing]
}

const texts = shippedTexts()

describe('shipped consent texts', () => {
  test('there is a text of every kind in every language, each valid for its kind', () => {
    expect(texts).toHaveLength(5 * TEMPLATE_LANGUAGES.length)
    for (const text of texts) {
      expect({ kind: text.kind, language: text.language, problems: templateProblems(text.kind, text.body) }).toEqual({
        kind: text.kind,
        language: text.language,
        problems: [],
      })
    }
  })

  for (const language of TEMPLATE_LANGUAGES) {
    const { script } = LANGUAGE_META[language]
    test(`${language}: every character has a glyph in the ${script} print font, regular and bold`, () => {
      const words = VOCABULARY[language]
      const printed = [
        ...texts.filter((text) => text.language === language).flatMap((text) => [text.body, text.summary ?? '']),
        ...Object.values(words.categories),
        ...Object.values(words.anyRecipient),
        words.untilWithdrawn,
        words.validUntil.replace('{date}', '31.12.2027'),
        words.code,
        words.placeDate,
        words.signClient,
        words.signCounsellor,
        words.signInterpreter,
      ].join('\n')
      expect(missingGlyphs(printed, script, 400)).toEqual([])
      expect(missingGlyphs(printed, script, 700)).toEqual([])
    })
  }

  test('the check would notice a missing glyph', () => {
    expect(missingGlyphs('ሰ', 'latin', 400)).toEqual(['ሰ U+1230'])
    expect(missingGlyphs('ڕ', 'ethiopic', 400)).toEqual(['ڕ U+0695'])
  })
})
