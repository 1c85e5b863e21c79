import { renderToString } from 'react-dom/server'
import { I18nextProvider, useTranslation } from 'react-i18next'
import { describe, expect, test } from 'vitest'
import { createI18nInstance } from '#app/utils/i18n.server.ts'
import { ErrorList, type ListOfErrors } from './field.tsx'

// Issue 19, session 23: ErrorList asks for the translation hook only when it shows errors. The markup
// must be byte for byte what the list made when it asked for `t` in every field.
function FormerErrorList({ id, errors }: { id?: string; errors?: ListOfErrors }) {
  const { t } = useTranslation()
  const messages = errors?.filter(Boolean) as string[] | undefined
  if (!messages?.length) return null
  return (
    <ul id={id} className="field-errors">
      {messages.map((message) => (
        <li key={message}>{t(message, { defaultValue: message })}</li>
      ))}
    </ul>
  )
}

const cases: Array<{ id?: string; errors?: ListOfErrors }> = [
  { id: 'a-error', errors: undefined },
  { id: 'a-error', errors: null },
  { id: 'a-error', errors: [] },
  { id: 'a-error', errors: [null, undefined, ''] },
  { id: 'b-error', errors: ['cases:errors.language'] },
  { id: 'b-error', errors: ['common:form.optional', null, 'Eigener Text <b>&"</b>', 'caseFile:edit.errors.reload'] },
  { errors: ['validation.unknown.key.of.nobody'] },
]

describe('ErrorList', () => {
  for (const language of ['de', 'en'] as const) {
    test(`renders what it did with the hook in every field (${language})`, async () => {
      const i18n = await createI18nInstance(language)
      for (const props of cases) {
        const now = renderToString(
          <I18nextProvider i18n={i18n}>
            <input id="before" />
            <ErrorList {...props} />
            <input id="after" />
          </I18nextProvider>,
        )
        const before = renderToString(
          <I18nextProvider i18n={i18n}>
            <input id="before" />
            <FormerErrorList {...props} />
            <input id="after" />
          </I18nextProvider>,
        )
        expect(now, JSON.stringify(props)).toBe(before)
      }
    })
  }

  test('translates keys and keeps plain texts, escaped', async () => {
    const i18n = await createI18nInstance('de')
    const html = renderToString(
      <I18nextProvider i18n={i18n}>
        <ErrorList id="x-error" errors={['common:form.optional', 'Eigener Text <b>&"</b>']} />
      </I18nextProvider>,
    )
    expect(html).toBe(`<ul id="x-error" class="field-errors"><li>${i18n.t('common:form.optional')}</li><li>Eigener Text &lt;b&gt;&amp;&quot;&lt;/b&gt;</li></ul>`)
    expect(i18n.t('common:form.optional')).not.toBe('common:form.optional')
    expect(renderToString(<I18nextProvider i18n={i18n}><ErrorList id="x-error" errors={[null, '']} /></I18nextProvider>)).toBe('')
  })
})
