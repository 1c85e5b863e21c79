import { type ReactNode } from 'react'
import { renderToString as render } from 'react-dom/server'
import { I18nextProvider } from 'react-i18next'
import { describe, expect, test } from 'vitest'
import { createI18nInstance } from '#app/utils/i18n.server.ts'
import { CheckboxGroup, RadioGroup } from './field.tsx'

// On the server a `prebuilt` group writes its options as one string (choicesHtml); the browser's React renders the
// elements and hydrates them onto it, so the two must be the same markup, byte for byte.
const options = [
  { value: '35', label: 'Aufenthalt und Asylverfahren' },
  { value: 'a"b', label: 'Arbeit <&> "Beruf" \'x\'' },
  { value: '37', label: '' },
  { value: '38', label: 'Wohnen', disabled: true },
  { value: '39', label: 'Gesundheit', disabled: false },
]

describe('a choice group written as one string on the server', () => {
  test('the same markup as the elements: checkboxes and radio buttons, chosen or not, disabled, escaped texts, hint and errors', async () => {
    expect(typeof document).toBe('undefined')
    const i18n = await createI18nInstance('de')
    const renderToString = (element: ReactNode) => render(<I18nextProvider i18n={i18n}>{element}</I18nextProvider>)
    let compared = 0
    for (const chosen of [[], ['35'], ['a"b', '38'], options.map((option) => option.value)])
      for (const extra of [{}, { hint: 'Mindestens ein Thema', errors: ['Bitte wählen'] }]) {
        for (const name of ['topicIds', 'n"<&>']) {
          const props = { legend: 'Themen', name, options, ...extra }
          const checkboxes = renderToString(<CheckboxGroup {...props} defaultValue={chosen} prebuilt />)
          expect(checkboxes).toBe(renderToString(<CheckboxGroup {...props} defaultValue={chosen} />))
          const radios = renderToString(<RadioGroup {...props} defaultValue={chosen[0]} prebuilt />)
          expect(radios).toBe(renderToString(<RadioGroup {...props} defaultValue={chosen[0]} />))
          compared += 2
        }
      }
    expect(compared).toBe(32)
    const all = renderToString(<CheckboxGroup legend="Themen" name="topicIds" options={options} defaultValue={['35', '38']} prebuilt />)
    expect(all).toContain('<input type="checkbox" name="topicIds" checked="" value="35"/>')
    expect(all).toContain('<input type="checkbox" name="topicIds" disabled="" checked="" value="38"/>')
    expect(all).toContain('<span>Arbeit &lt;&amp;&gt; &quot;Beruf&quot; &#x27;x&#x27;</span>')
  })
})
