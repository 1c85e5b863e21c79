// A short select's options written as one string (`prebuilt`, shortOptionsHtml; issue 19, session 26):
// the markup must be byte for byte what React writes for the same options as elements — through
// renderToStaticMarkup and through React's Node stream renderer, which the server uses — for every
// selection, with and without the empty first choice, with errors, hints and disabled options.
import { renderToStaticMarkup } from 'react-dom/server'
import { I18nextProvider } from 'react-i18next'
import { describe, expect, test } from 'vitest'
import { createI18nInstance } from '#app/utils/i18n.server.ts'
import { streamed } from '#tests/render-stream.ts'
import { SelectField } from './field.tsx'
import { markedShortOptions, selectedValues, shortOptionsHtml, shortOptionsMarkup } from './option-list.ts'


// Characters React escapes in values and labels, two-byte labels, a value that is a prefix of another,
// an empty value in the list, a value that looks like a number, disabled options (one of them chosen).
const OPTIONS = [
  { value: 'FEMALE', label: 'weiblich' },
  { value: 'FEM', label: 'a prefix of another value' },
  { value: `x"y'<&>`, label: `<b>&"'</b> – ü ß 中文 🙂` },
  { value: 'OLD', label: 'Retired', disabled: true },
  { value: '', label: 'an empty value in the list' },
  { value: '61', label: 'Beratungsvertrag (Art. 6 Abs. 1 lit. b DSGVO)' },
  { value: 'OFF', label: 'not disabled', disabled: false },
]

const SELECTIONS: Array<{ defaultValue?: string; value?: string }> = [
  {},
  { defaultValue: 'FEMALE' },
  { defaultValue: 'FEM' },
  { defaultValue: `x"y'<&>` },
  { defaultValue: 'OLD' },
  { defaultValue: '' },
  { defaultValue: '61' },
  { defaultValue: 'missing' },
  { defaultValue: 'female' },
  { value: 'FEMALE' },
]

const i18n = await createI18nInstance('de')

function select(
  prebuilt: boolean,
  props: {
    placeholder?: string
    errors?: string[]
    hint?: string
    defaultValue?: string
    value?: string
    required?: boolean
  },
) {
  return (
    <I18nextProvider i18n={i18n}>
      <SelectField
        label="Geschlecht"
        id="case-edit-gender"
        name="gender"
        form="case-edit"
        options={OPTIONS}
        prebuilt={prebuilt}
        {...(props.value !== undefined ? { onChange: () => {} } : {})}
        {...props}
      />
    </I18nextProvider>
  )
}

describe('a short select written as one string', () => {
  const variants = [
    {},
    { placeholder: 'Bitte wählen' },
    { placeholder: `— "nicht" <angegeben> & 'leer' —` },
    {
      placeholder: 'keine Angabe',
      errors: ['cases:errors.language', 'Eigener Text <b>&"</b>'],
      hint: 'Ein Hinweis',
      required: true,
    },
  ]

  test('is the markup React writes for the elements, through renderToStaticMarkup', () => {
    for (const variant of variants)
      for (const selection of SELECTIONS) {
        const props = { ...variant, ...selection }
        const expected = renderToStaticMarkup(select(false, props))
        expect(renderToStaticMarkup(select(true, props)), JSON.stringify(props)).toBe(expected)
      }
  })

  test('is the markup React writes for the elements, through the stream renderer', async () => {
    for (const variant of variants)
      for (const selection of SELECTIONS) {
        const props = { ...variant, ...selection }
        expect((await streamed(select(true, props))).toString('utf8'), JSON.stringify(props)).toBe(
          (await streamed(select(false, props))).toString('utf8'),
        )
      }
  })

  test('marks the chosen option, a disabled one after its disabled attribute, and no other', () => {
    expect(shortOptionsHtml('—', OPTIONS, ['FEMALE'])).toContain(
      '<option value="FEMALE" selected="">weiblich</option><option value="FEM">',
    )
    expect(shortOptionsHtml(undefined, OPTIONS, ['OLD'])).toContain(
      '<option value="OLD" disabled="" selected="">Retired</option>',
    )
    expect(shortOptionsHtml('—', OPTIONS, ['']).match(/ selected=""/g)).toHaveLength(2)
    expect(shortOptionsHtml('—', OPTIONS, [])).not.toContain('selected')
    expect(shortOptionsHtml(undefined, [], ['x'])).toBe('')
  })
})

// A kept template's short select (decision 253): its options' markup made once, each view's choice written into it.
describe('a short select kept with its marks (shortOptionsMarkup, markedShortOptions)', () => {
  test('the same string as shortOptionsHtml for every selection, with and without the empty first choice', () => {
    const lists = [OPTIONS, [], [{ value: 'A', label: 'a' }, { value: 'A', label: 'the same value again', disabled: true }, { value: 'B', label: 'b' }]]
    const selections = [...SELECTIONS.map((selection) => selectedValues(selection.value ?? selection.defaultValue)), ['FEMALE', 'OLD'], ['OLD', 'FEMALE', 'OLD'], ['A'], ['', 'A', 'B'], ['missing', '61']]
    let compared = 0
    for (const emptyChoice of [undefined, '—', 'Bitte w\u00e4hlen <&>'])
      for (const options of lists) {
        const kept = shortOptionsMarkup(emptyChoice, options)
        for (const selected of selections) {
          expect(markedShortOptions(kept, selected), JSON.stringify({ emptyChoice, options, selected })).toBe(shortOptionsHtml(emptyChoice, options, selected))
          compared++
        }
        expect(markedShortOptions(kept, [])).toBe(kept.html)
      }
    expect(compared).toBe(3 * 3 * (SELECTIONS.length + 5))
  })

  test('random lists and choices: the same string', () => {
    let seed = 20261207
    const next = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648)
    const pieces = ['A', 'b', '', '&', '<', '"', "'", 'ü', '中', '🙂', '1', ' ']
    const text = () => Array.from({ length: Math.floor(next() * 4) }, () => pieces[Math.floor(next() * pieces.length)]).join('')
    for (let round = 0; round < 300; round++) {
      const options = Array.from({ length: Math.floor(next() * 8) }, () => ({ value: text(), label: text(), ...(next() < 0.2 ? { disabled: next() < 0.5 } : {}) }))
      const emptyChoice = next() < 0.5 ? undefined : text()
      const kept = shortOptionsMarkup(emptyChoice, options)
      for (let choice = 0; choice < 4; choice++) {
        const selected = Array.from({ length: Math.floor(next() * 3) }, () => (next() < 0.7 && options.length ? options[Math.floor(next() * options.length)]!.value : text()))
        expect(markedShortOptions(kept, selected), JSON.stringify({ emptyChoice, options, selected })).toBe(shortOptionsHtml(emptyChoice, options, selected))
      }
    }
  })
})
