import { useTranslation } from 'react-i18next'
import { SubmitButton } from '#app/components/ui/button.tsx'
import { Field, SelectField } from '#app/components/ui/field.tsx'

/**
 * The queue's assignment on every page of `/team/queue` (decisions 222, 225): whom to and an optional note, above the
 * table so that the keyboard reaches the select first; the button (`QueueAssignButton`) after the rows, posting
 * `intent=assign` with the selected cases of the form around it.
 */
export function QueueAssignFields({
  people,
  errors,
}: {
  people: Parameters<typeof SelectField>[0]['options']
  errors?: { counsellorId?: string[]; note?: string[] }
}) {
  const { t } = useTranslation('team')
  return (
    <>
      <div className="form-grid">
        <SelectField
          label={t('queue.assignTo')}
          name="counsellorId"
          id="assign-counsellor"
          placeholder=""
          errors={errors?.counsellorId}
          options={people}
        />
        <Field label={t('queue.note')} name="note" id="assign-note" maxLength={500} errors={errors?.note} />
      </div>
    </>
  )
}

/** The assignment's button, after the queue's rows: whom to, which cases, then assign. */
export function QueueAssignButton() {
  const { t } = useTranslation('team')
  return (
    <p>
      <SubmitButton intent="assign">{t('queue.assign')}</SubmitButton>
    </p>
  )
}

/** What an assignment from the queue did: how many cases were assigned, how many had been assigned meanwhile. */
export function QueueAssignOutcome({ outcome }: { outcome: { assigned: number; alreadyAssigned: number } | null | undefined }) {
  const { t } = useTranslation('team')
  if (!outcome) return null
  return (
    <div className={`alert ${outcome.alreadyAssigned ? 'alert-warning' : 'alert-success'}`} role="status">
      {outcome.assigned ? <p>{t('assign.done', { count: outcome.assigned })}</p> : null}
      {outcome.alreadyAssigned ? <p>{t('assign.alreadyAssigned', { count: outcome.alreadyAssigned })}</p> : null}
    </div>
  )
}
