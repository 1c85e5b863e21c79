// A long select's markup handed to React's server renderer already encoded (decision 185): the same
// bytes as the string markSelected gives, through React's stream renderer (patched to write the chunks
// as they are) and through renderToStaticMarkup (which writes the string).
import { renderToStaticMarkup } from 'react-dom/server'
import { describe, expect, test } from 'vitest'
import { countryOptions } from '#app/utils/iso.ts'
import { streamed } from '#tests/render-stream.ts'
import {
  EncodedMarkup,
  encodedVariantsOf,
  escapeHtml,
  groupedOptionsHtml,
  markSelected,
  optionsHtml,
  selectMarkup,
} from './option-list.ts'

const encoder = new TextEncoder()

function joined(markup: string | EncodedMarkup) {
  if (typeof markup === 'string') throw new Error('the server gets encoded markup')
  return Buffer.concat(markup.encodedChunks)
}


// Two-byte labels (beyond Latin-1), characters to escape, a disabled option, values that are prefixes
// of others, and an empty value.
const languages = [
  { value: 'ara', label: 'Arabisch (العربية)' },
  { value: 'ar', label: 'a prefix of another value' },
  { value: 'x"y', label: '<b>&"\'</b>' },
  { value: 'kur', label: 'Kurdisch – Kurmancî', disabled: true },
  { value: 'zho', label: '中文' },
  { value: '', label: 'an empty value in the list' },
  ...Array.from({ length: 120 }, (_, index) => ({
    value: `l${index}`,
    label: `Sprache ${index} – ü ö ä ß 🙂`,
  })),
]

const SELECTIONS: string[][] = [
  [],
  ['ara'],
  ['ar'],
  ['zho', 'ara'],
  ['l119', 'l5', 'l5'],
  ['x"y'],
  [''],
  ['not in the list'],
  ['kur', '', 'l0'],
]

describe('selectMarkup on the server (decision 185)', () => {
  test('runs as on the server here (no document)', () => {
    expect(typeof document).toBe('undefined')
  })

  test('the bytes of markSelected’s string, with and without an empty first choice, for every selection', () => {
    const html = optionsHtml(languages)
    for (const before of ['', `<option value="">${escapeHtml('Bitte wählen – <keine>')}</option>`]) {
      for (const selected of SELECTIONS) {
        const markup = selectMarkup(before, html, selected, languages)
        const expected = markSelected(before + html, selected)
        expect(joined(markup).equals(encoder.encode(expected)), `${before} ${JSON.stringify(selected)}`).toBe(
          true,
        )
        expect(String(markup)).toBe(expected)
      }
    }
    // the empty value is marked in the empty first choice (its first place), not in the list
    expect(String(selectMarkup('<option value="">–</option>', html, [''], languages))).toMatch(
      /^<option value="" selected="">–<\/option>/,
    )
  })

  test('the countries in both languages, grouped with an empty first choice, every value selected once', () => {
    for (const lng of ['de', 'en'] as const) {
      const all = countryOptions(lng)
      const html = groupedOptionsHtml('Bitte wählen', [
        { label: 'Häufig', options: all.slice(0, 5) },
        { label: 'Alle', options: all },
      ])
      for (const option of all) {
        const markup = selectMarkup('', html, [option.value], all)
        expect(joined(markup).equals(encoder.encode(markSelected(html, [option.value]))), option.value).toBe(
          true,
        )
      }
    }
  })

  test('the list’s bytes are kept and shared, not copied per view', () => {
    const html = optionsHtml(languages)
    const first = selectMarkup('', html, [], languages) as EncodedMarkup
    const second = selectMarkup('', html, ['ara'], languages) as EncodedMarkup
    expect(first.encodedChunks).toHaveLength(1)
    expect(second.encodedChunks[0]!.buffer).toBe(first.encodedChunks[0]!.buffer)
  })

  test('the bytes are kept under the list’s options array, not by the markup: a list built for one request goes with it', () => {
    // a list built from one request's data (e.g. the audit log's users): another array with the same markup
    const perRequest = languages.map((option) => ({ ...option }))
    const html = optionsHtml(perRequest)
    expect(html).toBe(optionsHtml(languages))
    const kept = selectMarkup('', optionsHtml(languages), [], languages) as EncodedMarkup
    const fresh = selectMarkup('', html, [], perRequest) as EncodedMarkup
    // its own bytes, under its own array (a WeakMap entry: nothing outlives the array)
    expect(fresh.encodedChunks[0]!.buffer).not.toBe(kept.encodedChunks[0]!.buffer)
    expect(encodedVariantsOf(perRequest)).toEqual([html])
    expect(encodedVariantsOf([])).toEqual([])
    // a few variants per array, the least recently used dropped first
    const variants = ['a', 'b', 'c', 'd', 'e'].map((label) => `<option value="${label}">${label}</option>`)
    for (const variant of variants) selectMarkup('', variant, [], perRequest)
    expect(encodedVariantsOf(perRequest)).toEqual(variants.slice(1))
    selectMarkup('', variants[1]!, [], perRequest)
    expect(encodedVariantsOf(perRequest)).toEqual([...variants.slice(2), variants[1]])
  })

  test('React’s stream renderer writes the chunks (the patch), renderToStaticMarkup the string: the same page', async () => {
    const html = optionsHtml(languages)
    for (const selected of SELECTIONS) {
      const string = markSelected(html, selected)
      const withString = (
        <select name="language" defaultValue={undefined} dangerouslySetInnerHTML={{ __html: string }} />
      )
      const withChunks = (
        <select name="language" dangerouslySetInnerHTML={{ __html: selectMarkup('', html, selected, languages) }} />
      )
      const expected = await streamed(withString)
      expect((await streamed(withChunks)).equals(expected), JSON.stringify(selected)).toBe(true)
      expect(renderToStaticMarkup(withChunks)).toBe(renderToStaticMarkup(withString))
    }
    // the stream renderer writes the chunks themselves, not the string (fails without the patch)
    const marker = new EncodedMarkup(
      [encoder.encode('<option value="a">bytes</option>')],
      () => '<option value="a">string</option>',
    )
    expect((await streamed(<select dangerouslySetInnerHTML={{ __html: marker }} />)).toString('utf8')).toBe(
      '<select><option value="a">bytes</option></select>',
    )
    expect(renderToStaticMarkup(<select dangerouslySetInnerHTML={{ __html: marker }} />)).toBe(
      '<select><option value="a">string</option></select>',
    )
  })
})
