import { describe, expect, test } from 'vitest'
import { markSelected, optionsHtml, selectedValues } from './option-list.ts'

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
