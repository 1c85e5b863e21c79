import { createElement, Fragment } from 'react'
import { renderToStaticMarkup } from 'react-dom/server'
import { describe, expect, test } from 'vitest'
import { groupedOptionsHtml, keptVariantsOf, markSelected, optionsHtml, selectedValues } from './option-list.ts'

describe('pre-built option lists', () => {
  const options = [
    { value: 'arb', label: 'Arabisch' },
    { value: 'x"y', label: '<script>alert(1)</script> & "quotes"' },
    { value: 'old', label: 'Retired', disabled: true },
  ]

  test('escapes values and labels, keeps disabled options, and builds each list once', () => {
    const html = optionsHtml(options)
    expect(html).toBe(
      '<option value="arb">Arabisch</option>' +
        '<option value="x&quot;y">&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quotes&quot;</option>' +
        '<option value="old" disabled="">Retired</option>',
    )
    expect(optionsHtml(options)).toBe(html)
  })

  test('marks the chosen values, including escaped ones, and ignores unknown values', () => {
    const html = optionsHtml(options)
    const marked = markSelected(html, selectedValues(['x"y', 'arb', 'missing']))
    expect(marked).toContain('<option value="arb" selected="">')
    expect(marked).toContain('<option value="x&quot;y" selected="">')
    expect(marked.match(/selected/g)).toHaveLength(2)
    expect(markSelected(html, selectedValues(undefined))).toBe(html)
    expect(selectedValues('arb')).toEqual(['arb'])
  })

  // what markSelected did before it joined the marked copy once (issue 19, session 23): each value
  // looked for in the copy the previous values had marked
  const markedOneAfterTheOther = (html: string, selected: readonly string[]) => {
    let result = html
    for (const value of new Set(selected)) {
      const tag = `<option value="${value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#x27;')}"`
      const at = result.indexOf(tag)
      if (at !== -1) result = `${result.slice(0, at + tag.length)} selected=""${result.slice(at + tag.length)}`
    }
    return result
  }

  test('marks several values as marking one after the other did: any order, repeated, escaped, unknown, a value in two groups', () => {
    const all = Array.from({ length: 120 }, (_, index) => ({ value: `c${index}`, label: `Land ${index}` }))
    all.push({ value: `a"b'<&>`, label: 'Sonderbar' }, { value: 'c1x', label: 'Präfix' })
    const html = groupedOptionsHtml('— keine Angabe —', [
      { label: 'Häufig', options: [all[12]!, all[3]!] },
      { label: 'Alle', options: all },
    ])
    const pool = ['c0', 'c1', 'c3', 'c10', 'c12', 'c119', 'c1x', `a"b'<&>`, '', 'missing', 'c', 'C1']
    const cases: string[][] = [[], ['c119', 'c0'], ['c3', 'c3', 'c12'], ['c12', 'c3'], [`a"b'<&>`, 'c1', 'c10', 'c1x'], ['', 'c0'], ['missing', 'C1', 'c']]
    let seed = 7
    const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648
    for (let round = 0; round < 400; round++) cases.push(Array.from({ length: Math.floor(next() * 7) }, () => pool[Math.floor(next() * pool.length)]!))
    for (const selected of cases) expect(markSelected(html, selected), JSON.stringify(selected)).toBe(markedOneAfterTheOther(html, selected))
    // the first of a value's options is the one marked (the frequent group's, before the whole list's)
    expect(markSelected(html, ['c3', 'c12'])).toContain('<optgroup label="Häufig"><option value="c12" selected="">Land 12</option><option value="c3" selected="">')
    expect(markSelected(html, ['c119', 'c0'])).toContain('<option value="c0" selected="">Land 0</option>')
    expect(markSelected(html, ['c119', 'c0']).match(/ selected=""/g)).toHaveLength(2)
  })
})

describe('a long select’s whole markup', () => {
  const long = Array.from({ length: 120 }, (_, index) => ({ value: `c${index}`, label: `Land ${index} <&>'` }))
  // the reference is what React writes for the same elements (the select components rendered these
  // before the markup was kept): every character React escapes, escaped the same way
  const joined = (placeholder: string | undefined, groups: Array<{ label: string; options: typeof long }>) =>
    renderToStaticMarkup(
      createElement(
        Fragment,
        null,
        placeholder !== undefined ? createElement('option', { value: '' }, placeholder) : null,
        ...groups.map((group, index) =>
          createElement('optgroup', { key: index, label: group.label }, ...group.options.map((option) => createElement('option', { key: option.value, value: option.value }, option.label))),
        ),
      ),
    )

  test('is the placeholder and every group joined, with awkward texts escaped', () => {
    const groups = [
      { label: `Häufig "hier" & dort's <b>`, options: [{ value: `S'Y`, label: `Syrien <"'&>` }] },
      { label: 'Alle', options: long },
    ]
    expect(groupedOptionsHtml(`— "nicht" <angegeben> & 'leer' —`, groups)).toBe(joined(`— "nicht" <angegeben> & 'leer' —`, groups))
    expect(groupedOptionsHtml(undefined, groups)).toBe(joined(undefined, groups))
    expect(groupedOptionsHtml(undefined, [])).toBe('')
    expect(groupedOptionsHtml('x', [])).toBe('<option value="">x</option>')
  })

  test('follows every part but the long list’s array, which it is kept under', () => {
    const frequent = (label: string) => [{ value: 'IQ', label }]
    const html = groupedOptionsHtml('—', [{ label: 'Häufig', options: frequent('Irak') }, { label: 'Alle', options: long }])
    // fresh arrays with the same options (a new request's frequent countries): the same text
    expect(groupedOptionsHtml('—', [{ label: 'Häufig', options: frequent('Irak') }, { label: 'Alle', options: long }])).toBe(html)
    // any other part changed: the markup changes with it
    for (const [placeholder, label, first, all] of [
      ['–', 'Häufig', 'Irak', 'Alle'],
      ['—', 'Frequent', 'Irak', 'Alle'],
      ['—', 'Häufig', 'Iraq', 'Alle'],
      ['—', 'Häufig', 'Irak', 'All'],
    ] as const) {
      const groups = [{ label, options: frequent(first) }, { label: all, options: long }]
      expect(groupedOptionsHtml(placeholder, groups)).toBe(joined(placeholder, groups))
    }
    // a list whose options changed is a new array (lists are never changed in place): its own markup
    const changed = long.map((option, index) => (index === 7 ? { ...option, label: 'Neu' } : option))
    const groups = [{ label: 'Häufig', options: frequent('Irak') }, { label: 'Alle', options: changed }]
    expect(groupedOptionsHtml('—', groups)).toBe(joined('—', groups))
    expect(groupedOptionsHtml('—', groups)).toContain('<option value="c7">Neu</option>')
  })

  test('keeps four variants per list and drops the least recently used first', () => {
    const list = long.map((option) => ({ ...option }))
    const html = (placeholder: string) => groupedOptionsHtml(placeholder, [{ label: 'Alle', options: list }])
    const start = (placeholder: string) => `<option value="">${placeholder}</option><optgroup label="Alle">`
    for (const placeholder of ['a', 'b', 'c', 'd']) html(placeholder)
    expect(keptVariantsOf(list)).toEqual(['a', 'b', 'c', 'd'].map(start))
    // 'a' used again: now the most recent, so the fifth variant drops 'b'
    expect(html('a')).toBe(joined('a', [{ label: 'Alle', options: list }]))
    html('e')
    expect(keptVariantsOf(list)).toEqual(['c', 'd', 'a', 'e'].map(start))
    expect(html('b')).toBe(joined('b', [{ label: 'Alle', options: list }]))
    expect(keptVariantsOf(list)).toEqual(['d', 'a', 'e', 'b'].map(start))
  })
})
