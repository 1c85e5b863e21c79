// Decision 152's markup tests: a field set rendered on the server with the form's snapshot
// (serverSnapshot) and with the fields' own reads must give byte for byte the same markup.
import { type SubmissionResult, useForm } from '@conform-to/react'
import { type ReactElement } from 'react'
import { renderToString } from 'react-dom/server'
import { I18nextProvider } from 'react-i18next'
import { expect } from 'vitest'
import { type ZodTypeAny } from 'zod'
import { formConstraint } from '#app/forms/constraint.ts'
import { createI18nInstance } from '#app/utils/i18n.server.ts'

/** What a probe's form starts from: stored values and the reply to a submission. */
export type ProbeForm = { defaultValue?: Record<string, unknown>; lastResult?: SubmissionResult<string[]> }

/**
 * `probe(withSnapshot, form)` rendered as the server renders it, without and with the snapshot, in German
 * and English: the same markup both ways. Returns the pages (German, English).
 */
export async function expectSameMarkup(probe: (withSnapshot: boolean, form: ProbeForm) => ReactElement, form: ProbeForm) {
  const pages: string[] = []
  for (const language of ['de', 'en'] as const) {
    const i18n = await createI18nInstance(language)
    const [viaFields, viaSnapshot] = [false, true].map((withSnapshot) =>
      renderToString(<I18nextProvider i18n={i18n}>{probe(withSnapshot, form)}</I18nextProvider>),
    )
    expect(viaSnapshot).toBe(viaFields)
    pages.push(viaSnapshot!)
  }
  return pages
}

/**
 * A probe's form, set up as the route sets up its own: the schema's constraint and conform's form for
 * `form` (stored values, with `defaults` under them when given, and the reply to a submission).
 */
export function useProbeForm(id: string, schema: ZodTypeAny, form: ProbeForm, defaults?: Record<string, unknown>) {
  const constraint = formConstraint(schema)
  const [meta, fields] = useForm<Record<string, unknown>>({
    id,
    constraint,
    defaultValue: (defaults ? { ...defaults, ...form.defaultValue } : form.defaultValue) as never,
    lastResult: form.lastResult,
  })
  return { constraint, meta, fields }
}
