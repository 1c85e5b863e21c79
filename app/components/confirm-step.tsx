// Confirmation with a summary before every irreversible action (issue 14, item 7), one pattern:
// the first POST checks the input and answers with a summary instead of acting; the page shows it in
// <ConfirmStep>, a form that posts the same fields again with `confirmed=yes`; the second POST acts.
// Plain HTML forms: it works without JavaScript, and the buttons and the cancel link are reachable
// and usable by keyboard. With JavaScript the summary's heading takes the focus so that screen
// readers announce it.
import { Form, Link } from '@remix-run/react'
import { useEffect, useRef, type ReactNode } from 'react'
import { useTranslation } from 'react-i18next'
import { SubmitButton } from '#app/components/ui/button.tsx'

export const CONFIRM_FIELD = 'confirmed'

/** Whether this POST is the second step, the one that acts. */
export function isConfirmed(formData: FormData): boolean {
  return formData.get(CONFIRM_FIELD) === 'yes'
}

/** The posted text fields, to be posted again by the confirm step (never files, never the flag). */
export function replayFields(formData: FormData): Array<[string, string]> {
  const fields: Array<[string, string]> = []
  for (const [name, value] of formData.entries()) {
    if (name === CONFIRM_FIELD || typeof value !== 'string') continue
    fields.push([name, value])
  }
  return fields
}

export function ConfirmStep({
  title,
  children,
  fields,
  confirmLabel,
  cancelTo,
  action,
  danger = true,
  choice,
}: {
  title: string
  /** the summary: what will happen, and what goes with it */
  children: ReactNode
  fields: Array<[string, string]>
  confirmLabel: string
  cancelTo: string
  /** the action to post to, when it is not the current route */
  action?: string
  danger?: boolean
  /** fields the person fills in at this step (e.g. whom open cases go to), posted with the confirmation */
  choice?: ReactNode
}) {
  const { t } = useTranslation('common')
  const heading = useRef<HTMLHeadingElement>(null)
  useEffect(() => heading.current?.focus(), [])
  return (
    <section className="card stack confirm-step" aria-labelledby="confirm-step-heading">
      <h3 id="confirm-step-heading" ref={heading} tabIndex={-1}>
        {title}
      </h3>
      <div className="stack">{children}</div>
      <p className="muted">{t('confirm.check')}</p>
      <Form method="post" action={action} className="form-actions">
        {fields.map(([name, value], index) => (
          <input key={`${name}-${index}`} type="hidden" name={name} value={value} />
        ))}
        <input type="hidden" name={CONFIRM_FIELD} value="yes" />
        {choice ? <div className="confirm-choice">{choice}</div> : null}
        <SubmitButton variant={danger ? 'danger' : 'primary'}>{confirmLabel}</SubmitButton>
        <Link to={cancelTo} className="button button-secondary">
          {t('confirm.cancel')}
        </Link>
      </Form>
    </section>
  )
}
