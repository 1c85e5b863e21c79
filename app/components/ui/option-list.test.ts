import { describe, expect, test } from 'vitest'
import { groupedOptionsHtml, markSelected, optionsHtml, selectedValues } from './option-list.ts'

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
})

describe('a long select’s whole markup', () => {
  const long = Array.from({ length: 120 }, (_, index) => ({ value: `c${index}`, label: `Land ${index} <&>` }))
  // what the select components joined on every render before
  const joined = (placeholder: string | undefined, groups: Array<{ label: string; options: typeof long }>) =>
    (placeholder !== undefined ? `<option value="">${placeholder.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')}</option>` : '') +
    groups.map((group) => `<optgroup label="${group.label.replace(/&/g, '&amp;').replace(/"/g, '&quot;')}">${optionsHtml(group.options)}</optgroup>`).join('')

  test('is the placeholder and every group joined, with awkward texts escaped', () => {
    const groups = [
      { label: 'Häufig "hier" & dort', options: [{ value: 'SY', label: 'Syrien' }] },
      { label: 'Alle', options: long },
    ]
    expect(groupedOptionsHtml('— "nicht" <angegeben> —', groups)).toBe(joined('— "nicht" <angegeben> —', groups))
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
})
