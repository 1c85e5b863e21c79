// The group session form (Gruppenangebot, decisions 041 and 046): recording a session and
// correcting it share one form, so both offer the same fields, limits and messages.
import { getFormProps, getInputProps, getTextareaProps, useForm, type SubmissionResult } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod'
import { z } from 'zod'
import { Form } from '@remix-run/react'
import { useEffect, useRef, type KeyboardEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { ContactWhenFields, TopicChoice, useSingleSubmit } from '#app/components/contact-form.tsx'
import { SubmitButton } from '#app/components/ui/button.tsx'
import { serverSnapshot } from '#app/components/ui/field-props.ts'
import { CheckboxGroup, Field, FormErrorSummary, TextareaField, listValue } from '#app/components/ui/field.tsx'
import { formatNumber } from '#app/utils/format.ts'
import { type Option } from '#app/utils/options.ts'
import { GROUP_DESCRIPTION_MAX, MAX_ANONYMOUS_PARTICIPANTS, groupSessionFormSchema } from '#app/forms/group-session.ts'

export type GroupSessionFormDefaults = {
  date: string
  startTime?: string
  durationMinutes?: string
  mode?: string
  topicIds: string[]
  description?: string
  anonymousParticipants: string
  otherCaseIds: string[]
}

/** What the participant search shows: the code as typed, and whether it was searched (how many found) or not a code. */
export type ParticipantSearchState = { code: string; found: number | null; invalid: boolean }

/** The submit button's value that searches the participant choice instead of saving (the routes' actions). */
export const FIND_PARTICIPANTS = 'find-participants'
/** The save buttons' value (the hidden default one and the visible one post the same). */
const SAVE = 'save'

export function GroupSessionForm({
  id,
  maxDay,
  defaults,
  lastResult,
  topics,
  others,
  search,
  othersShown = others.length,
  othersTotal = othersShown,
  othersHint,
  unchangeable = 0,
  version,
  submitLabel,
}: {
  id: string
  maxDay: string
  defaults: GroupSessionFormDefaults
  lastResult?: SubmissionResult<string[]> | null
  topics: Option[]
  /** the further cases the form may add or remove */
  others: Option[]
  /** the participant search's field after a search (none before the first) */
  search?: ParticipantSearchState
  /** how many of the open cases the user may choose are listed (on an edit the participants come besides them) */
  othersShown?: number
  /** how many open cases the user could choose in all: more than listed when the list is cut */
  othersTotal?: number
  othersHint: string
  /** further participants the form leaves as they are (cases the user may not write or open) */
  unchangeable?: number
  /** the stored version, on an edit (optimistic locking) */
  version?: number
  submitLabel: string
}) {
  const { t, i18n } = useTranslation('groupSessions')
  // A cut list says so in the choice's description (read with it by screen readers): how many of how
  // many, in which order, and how to reach the others.
  const cut =
    othersTotal > othersShown
      ? t('form.otherCasesCut', { shown: formatNumber(othersShown, i18n.language), total: formatNumber(othersTotal, i18n.language) })
      : null
  const schema = groupSessionFormSchema({ maxDay })
  const constraint = getZodConstraint(schema)
  const [form, fields] = useForm({
    id,
    constraint,
    lastResult,
    shouldValidate: 'onSubmit',
    shouldRevalidate: 'onInput',
    defaultValue: defaults,
    // A search keeps what was typed and checks nothing: the session is not saved by it.
    onValidate: ({ formData }) => parseWithZod(formData, { schema: formData.get('intent') === FIND_PARTICIPANTS ? searchSchema : schema }),
  })
  const formProps = getFormProps(form)
  const onSubmit = useSingleSubmit(formProps.onSubmit)
  return (
    <Form method="post" {...formProps} onSubmit={onSubmit} className="stack">
      {/* The form's default button, first in it: Enter in a field saves, as before the search's button came
          (the first submit button is the one Enter presses). Out of sight and of the tab order; the visible
          one below is the same. */}
      <button type="submit" name="intent" value={SAVE} className="visually-hidden" tabIndex={-1} aria-hidden="true">
        {submitLabel}
      </button>
      <FormErrorSummary errors={form.errors} />
      {version === undefined ? null : <input type="hidden" name="version" value={version} />}
      <ContactWhenFields
        fields={fields}
        constraint={constraint}
        maxDay={maxDay}
        labels={{ legend: t('form.when'), mode: t('form.mode') }}
        // on the server the date, duration and mode from the form's snapshot (decision 152)
        snapshot={serverSnapshot(form)}
        afterDate={<Field label={t('form.startTime')} {...getInputProps(fields.startTime, { type: 'time' })} errors={fields.startTime.errors} />}
      />
      <TopicChoice field={fields.topicIds} topics={topics} />
      <TextareaField
        label={t('form.description')}
        hint={t('form.descriptionHint')}
        {...getTextareaProps(fields.description)}
        maxLength={GROUP_DESCRIPTION_MAX}
        rows={2}
        errors={fields.description.errors}
      />
      <fieldset className="stack">
        <legend>{t('form.participants')}</legend>
        <p>{t('form.thisCase')}</p>
        <ParticipantSearch search={search} />
        {others.length ? (
          <CheckboxGroup
            key={fields.otherCaseIds.key}
            legend={t('form.otherCases')}
            hint={cut ? `${othersHint} ${cut}` : othersHint}
            name={fields.otherCaseIds.name}
            options={others}
            defaultValue={listValue(fields.otherCaseIds.initialValue)}
            errors={fields.otherCaseIds.errors}
          />
        ) : (
          <>
            <p className="muted">{search && search.found !== null ? t('form.search.noneFound') : t('form.noOtherCases')}</p>
            {fields.otherCaseIds.errors ? <FormErrorSummary errors={fields.otherCaseIds.errors} /> : null}
          </>
        )}
        {unchangeable > 0 ? <p className="muted">{t('edit.unchangeable', { count: unchangeable })}</p> : null}
        <Field
          label={t('form.anonymous')}
          hint={t('form.anonymousHint')}
          {...getInputProps(fields.anonymousParticipants, { type: 'number' })}
          min={0}
          max={MAX_ANONYMOUS_PARTICIPANTS}
          inputMode="numeric"
          errors={fields.anonymousParticipants.errors}
        />
      </fieldset>
      {/* busy only while saving, not while a search posts */}
      <SubmitButton intent={SAVE}>{submitLabel}</SubmitButton>
    </Form>
  )
}

// What the search posts besides the form's fields: nothing of the session is checked (zod passes every field through).
const searchSchema = z.object({}).passthrough()

/**
 * The participant search (session 23): a team lead's team or a busy counsellor has more open cases than
 * the choice lists (300), and the search reaches every one by the start of its pseudonym code. It posts
 * the whole form, so nothing typed is lost, also without JavaScript; the cases ticked before stay ticked
 * (listed after the matches). After a search its result is announced (a status region).
 */
function ParticipantSearch({ search }: { search?: ParticipantSearchState }) {
  const { t, i18n } = useTranslation('groupSessions')
  // After a search with JavaScript the page is not loaded anew, and a changed defaultValue does not change
  // what the field holds: it kept the code as typed (`0ht`) while the announcement named it as read (`0HT`).
  // The field takes the code as read, as the page without JavaScript renders it (session 24).
  const field = useRef<HTMLInputElement>(null)
  const code = search?.code
  useEffect(() => {
    if (field.current && code !== undefined) field.current.value = code
  }, [code, search])
  return (
    <div className="participant-search">
      <Field
        ref={field}
        label={t('form.search.label')}
        hint={t('form.search.hint')}
        name="participantCode"
        defaultValue={search?.code ?? ''}
        autoComplete="off"
        spellCheck={false}
        onKeyDown={searchOnEnter}
        errors={search?.invalid ? ['groupSessions:form.search.invalid'] : undefined}
      />
      {/* the code of the last search: a save with another code typed and not searched is a search (isParticipantSearch) */}
      <input type="hidden" name="participantCodeSearched" value={search?.code ?? ''} />
      <SubmitButton intent={FIND_PARTICIPANTS} variant="secondary" formNoValidate>
        {t('form.search.submit')}
      </SubmitButton>
      <p role="status" className="muted">
        {search && search.found !== null
          ? t('form.search.found', { count: search.found, formatted: formatNumber(search.found, i18n.language), code: search.code })
          : null}
      </p>
    </div>
  )
}

/**
 * Enter in the search field searches (with JavaScript): the form's first submit button is the hidden save
 * button, so a code typed and confirmed with Enter would save the session, without the case searched for.
 * Without JavaScript Enter there presses the save, which the action takes as a search while the typed code is not the
 * searched one (isParticipantSearch, decision 165). Not while an input method composes a character.
 */
function searchOnEnter(event: KeyboardEvent<HTMLInputElement>) {
  if (event.key !== 'Enter' || event.nativeEvent.isComposing) return
  const form = event.currentTarget.form
  const search = form?.querySelector<HTMLButtonElement>(`button[name="intent"][value="${FIND_PARTICIPANTS}"]`)
  if (!form || !search) return
  event.preventDefault()
  form.requestSubmit(search)
}
