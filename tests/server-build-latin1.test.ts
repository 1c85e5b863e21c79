// V8 keeps the server build's source for the life of the process (functions are compiled lazily
// from it). Written in characters up to U+00FF it is stored one byte per character, otherwise two:
// 2.3 MB against 4.6 MB of live heap for the ≈ 2.3 million characters of build/index.js (session 22;
// docs/performance.md, "Peak memory: where it is reached and the main isolate"). A character beyond
// Latin-1 in app code (a dash or "≈" in a comment esbuild keeps, a "€" in a regular expression) is
// written as ASCII or as a \u escape instead; user-facing text lives in public/locales.
import fs from 'node:fs'
import path from 'node:path'
import { expect, test } from 'vitest'

const build = path.resolve(import.meta.dirname, '..', 'build', 'index.js')

/** Each character beyond U+00FF with the text around it, so that a failure names the place. */
function beyondLatin1(source: string) {
  const found: string[] = []
  for (let index = 0; index < source.length; index++) {
    if (source.charCodeAt(index) <= 0xff) continue
    const character = String.fromCodePoint(source.codePointAt(index)!)
    found.push(`${JSON.stringify(character)} in …${source.slice(Math.max(0, index - 60), index + 20)}…`)
    index += character.length - 1
  }
  return found
}

test('the server build is written in Latin-1, so V8 stores its source one byte per character', () => {
  expect(fs.existsSync(build), 'build/index.js is missing: `npm test` builds it first (or run `npx remix build`)').toBe(true)
  expect(beyondLatin1(fs.readFileSync(build, 'utf8'))).toEqual([])
})

test('the check names a character beyond Latin-1 and lets Latin-1 pass', () => {
  expect(beyondLatin1('const a = "Beratungsstelle Rostock, Größe ½"')).toEqual([])
  expect(beyondLatin1('// a comment ≈ 8 look-ups')).toEqual(['"≈" in …// a comment ≈ 8 look-ups…'])
  expect(beyondLatin1('/€|EUR/')).toHaveLength(1)
  expect(beyondLatin1(`a ${String.fromCodePoint(0x1f600)} b`)).toHaveLength(1)
})
