import { useForm, type FieldMetadata, type SubmissionResult } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod'
import { Form, useNavigation } from '@remix-run/react'
import { type FormEvent, type ReactNode } from 'react'
import { useTranslation } from 'react-i18next'
import { LanguageSelectField, type LanguageChoices } from './language-select.tsx'
import { mediationRequestHref } from './mediation-request-link.tsx'
import { prebuiltMarkup } from './prebuilt-fields.ts'
import { SubmitButton } from '#app/components/ui/button.tsx'
import {
  CheckboxField,
  CheckboxGroup,
  Field,
  FormErrorSummary,
  listValue,
  SelectField,
  TextareaField,
} from '#app/components/ui/field.tsx'
import { fieldsProps, formProps as formPropsOf, inputProps, serverSnapshot, type FormSnapshot } from '#app/components/ui/field-props.ts'
import { type CaseAction } from '#app/domain/access-policy.ts'
import { CONTACT_MODES, CONTACT_SETTINGS, INTERPRETING } from '#app/domain/codes.ts'
import { formConstraint, type FormConstraint } from '#app/forms/constraint.ts'
import { formatDay } from '#app/utils/format.ts'
import { codeOptions, type Option } from '#app/utils/options.ts'
import {
  CONFIDENTIAL_NOTE_MAX,
  contactFormSchema,
  MAX_DURATION_MINUTES,
  MAX_PERSONS_PRESENT,
  NEXT_STEP_MAX,
} from '#app/forms/contact.ts'
import { Link } from '#app/components/ui/link.tsx'

/**
 * Wraps a form's submit handler so that a second click while the first save is on its way does
 * not post again: every contact and inquiry is counted, a double click must not count twice.
 */
export function useSingleSubmit(onSubmit: (event: FormEvent<HTMLFormElement>) => void) {
  const navigation = useNavigation()
  return (event: FormEvent<HTMLFormElement>) => {
    if (navigation.state === 'submitting') {
      event.preventDefault()
      return
    }
    onSubmit(event)
  }
}

type ContactFieldName = 'date' | 'durationMinutes' | 'mode' | 'languageCode' | 'interpreting' | 'topicIds'

/**
 * The fields a contact and an anonymous inquiry share (forms/contact.ts): when and how long, how,
 * in which language, about what. The contact form adds its own fields to the first two groups.
 */
export function ContactFields({
  fields,
  constraint,
  maxDay,
  languages,
  topics,
  whenExtra,
  languageExtra,
  snapshot,
  prebuilt = false,
}: {
  fields: Record<ContactFieldName, FieldMetadata<unknown>>
  /** the form's constraints, as given to useForm (formConstraint) */
  constraint: FormConstraint
  maxDay: string
  languages: LanguageChoices
  topics: readonly Option[]
  whenExtra?: ReactNode
  languageExtra?: ReactNode
  /** the form's values and errors read at once on the server (serverSnapshot, decision 152) */
  snapshot?: FormSnapshot
  /** on the server each group of fields as one string of markup where the writer knows all of it (decision 233) */
  prebuilt?: boolean
}) {
  const { t } = useTranslation('contacts')
  const control = fieldsProps(fields, constraint, snapshot)
  return (
    <>
      <ContactWhenFields fields={fields} constraint={constraint} maxDay={maxDay} extra={whenExtra} snapshot={snapshot} prebuilt={prebuilt} />
      {stackFieldset(
        prebuilt,
        t,
        <>
        <legend>{t('form.languageLegend')}</legend>
        <div className="form-grid">
          <LanguageSelectField
            label={t('form.language')}
            {...control.select('languageCode')}
            choices={languages}
            placeholder={t('form.notStated')}
          />
          <SelectField
            label={t('form.interpreting')}
            {...control.select('interpreting')}
            options={codeOptions(t, 'interpreting', INTERPRETING)}
          />
          {languageExtra}
        </div>
        </>,
      )}
      <TopicChoice field={fields.topicIds} topics={topics} snapshot={snapshot} />
    </>
  )
}

/**
 * When a contact or a group session took place: its day (at most `maxDay`), how long and how;
 * `afterDate` and `extra` add the form's own fields after the day and at the end of the group.
 */
export function ContactWhenFields({
  fields,
  constraint,
  maxDay,
  afterDate,
  extra,
  labels = {},
  snapshot,
  prebuilt = false,
}: {
  fields: Record<'date' | 'durationMinutes' | 'mode', FieldMetadata<unknown>>
  /** the form's constraints, as given to useForm (formConstraint) */
  constraint: FormConstraint
  maxDay: string
  afterDate?: ReactNode
  extra?: ReactNode
  /** the group's legend and the mode's label where the form is not a contact */
  labels?: { legend?: string; mode?: string }
  /** the form's values and errors read at once on the server (serverSnapshot, decision 152) */
  snapshot?: FormSnapshot
  /** on the server the group as one string of markup where the writer knows all of it (decision 233) */
  prebuilt?: boolean
}) {
  const { t } = useTranslation('contacts')
  const control = fieldsProps(fields, constraint, snapshot)
  return stackFieldset(
    prebuilt,
    t,
    <>
      <legend>{labels.legend ?? t('form.when')}</legend>
      <div className="form-grid">
        <Field label={t('form.date')} {...control.input('date', { type: 'date' })} max={maxDay} />
        {afterDate}
        <Field
          label={t('form.duration')}
          hint={t('form.durationHint')}
          {...control.input('durationMinutes', { type: 'number' })}
          min={1}
          max={MAX_DURATION_MINUTES}
          inputMode="numeric"
        />
        <SelectField
          label={labels.mode ?? t('form.mode')}
          {...control.select('mode')}
          options={codeOptions(t, 'contactMode', CONTACT_MODES)}
          placeholder={t('form.choose')}
        />
        {extra}
      </div>
    </>,
  )
}

/**
 * A group of the form's fields: with `prebuilt`, on the server its content as one string (prebuiltMarkup,
 * decision 215; for the contact form decision 233) when the writer knows all of it — not when a field shows
 * errors or the group holds an element the writer has no rule for: then the elements, as in the browser, which
 * renders them and hydrates onto the same markup.
 */
function stackFieldset(prebuilt: boolean, t: (key: string) => string, content: ReactNode) {
  const html = prebuilt && typeof document === 'undefined' ? prebuiltMarkup(content, t) : null
  return html === null ? <fieldset className="stack">{content}</fieldset> : <fieldset className="stack" dangerouslySetInnerHTML={{ __html: html as string }} />
}

/**
 * The topics of a contact or a group session, from the topic catalogue. With the form's snapshot (on the
 * server, decision 152) the field `topicIds` is not read: each read of a conform field builds its metadata
 * anew, and its `key` only tells the browser when to mount the group afresh.
 */
export function TopicChoice({ field, topics, snapshot }: { field: FieldMetadata<unknown>; topics: readonly Option[]; snapshot?: FormSnapshot }) {
  const { t } = useTranslation('contacts')
  return (
    <CheckboxGroup
      key={snapshot ? undefined : field.key}
      legend={t('form.topics')}
      hint={t('form.topicsHint')}
      name={snapshot ? TOPICS : field.name}
      options={topics}
      prebuilt
      defaultValue={listValue(snapshot ? (Object.hasOwn(snapshot.initialValue, TOPICS) ? snapshot.initialValue[TOPICS] : undefined) : field.initialValue)}
      errors={snapshot ? snapshot.errors[TOPICS] : field.errors}
    />
  )
}

// The topics' field name in the contact and group-session forms (forms/contact.ts, forms/group-session.ts).
const TOPICS = 'topicIds'


/** What the viewer may do with confidential notes, from the case's allowed actions (decision 015). */
export function confidentialAccess(allowed: readonly CaseAction[]) {
  return { mayEdit: allowed.includes('read-confidential'), mayRequestEmergency: allowed.includes('request-emergency') }
}

export type ConfidentialAccess = ReturnType<typeof confidentialAccess> & { exists: boolean }

/**
 * In place of a confidential note the viewer may not read: that there is one, who can read it, and
 * for a colleague without access to the counselling relationship the way to emergency access.
 */
export function ConfidentialNoteWithheld({ caseId, mayRequestEmergency }: { caseId: string; mayRequestEmergency: boolean }) {
  const { t } = useTranslation('contacts')
  return (
    <>
      <strong className="badge badge-warning">{t('confidential.exists')}</strong> {t('confidential.withheld')}
      {mayRequestEmergency ? (
        <>
          {' '}
          <Link to={`/cases/${caseId}/emergency`}>{t('confidential.emergency')}</Link>
        </>
      ) : null}
    </>
  )
}

export type ContactFormDefaults = {
  date: string
  durationMinutes?: number
  mode?: string
  setting: string
  personsPresent: number
  languageCode?: string | null
  interpreting: string
  languageMediationId?: string | null
  topicIds: string[]
  nextStep?: string | null
  followUpDate?: string | null
  confidentialNote?: string | null
  version?: number
}

export function ContactForm({
  id,
  maxDay,
  defaults,
  lastResult,
  languages,
  topics,
  mediations,
  mediationRequest,
  confidential,
  submitLabel,
  earlierFollowUp,
}: {
  id: string
  maxDay: string
  defaults: ContactFormDefaults
  lastResult?: SubmissionResult<string[]> | null
  languages: LanguageChoices
  topics: readonly Option[]
  mediations: readonly Option[]
  /** offers "Sprachmittlung anfragen", returning to this form with the new request preselected */
  mediationRequest?: { caseId: string; returnTo: string }
  /** whether the note field is offered; without `read-confidential` it is neither shown nor sent */
  confidential: ConfidentialAccess
  submitLabel: string
  /** The case's open follow-up from another contact (YYYY-MM-DD): a new one replaces it unless kept */
  earlierFollowUp?: string | null
}) {
  const { i18n } = useTranslation()
  const { t } = useTranslation('contacts')
  const schema = contactFormSchema({ maxDay })
  const constraint = formConstraint(schema)
  const [form, fields] = useForm({
    id,
    constraint,
    lastResult,
    shouldValidate: 'onSubmit',
    shouldRevalidate: 'onInput',
    defaultValue: {
      ...defaults,
      durationMinutes: defaults.durationMinutes === undefined ? undefined : String(defaults.durationMinutes),
      personsPresent: String(defaults.personsPresent),
      version: defaults.version === undefined ? undefined : String(defaults.version),
    },
    onValidate: ({ formData }) => parseWithZod(formData, { schema }),
  })
  const snapshot = serverSnapshot(form)
  const control = fieldsProps(fields, constraint, snapshot)
  const formProps = formPropsOf(form, id, snapshot)
  const onSubmit = useSingleSubmit(formProps.onSubmit)
  return (
    <Form method="post" {...formProps} onSubmit={onSubmit} className="stack">
      <FormErrorSummary errors={snapshot ? snapshot.errors[''] : form.errors} />
      {control.initialValue('version') ? <input {...inputProps(fields.version, constraint, { type: 'hidden' })} /> : null}
      <ContactFields
        fields={fields}
        constraint={constraint}
        maxDay={maxDay}
        languages={languages}
        topics={topics}
        snapshot={snapshot}
        prebuilt
        whenExtra={
          <>
            <SelectField
              label={t('form.setting')}
              {...control.select('setting')}
              options={codeOptions(t, 'contactSetting', CONTACT_SETTINGS)}
            />
            <Field
              label={t('form.personsPresent')}
              hint={t('form.personsPresentHint')}
              {...control.input('personsPresent', { type: 'number' })}
              min={1}
              max={MAX_PERSONS_PRESENT}
              inputMode="numeric"
            />
          </>
        }
        languageExtra={
          <>
            <SelectField
              label={t('form.mediation')}
              hint={mediations.length ? t('form.mediationHint') : t('form.noMediations')}
              {...control.select('languageMediationId')}
              options={mediations}
              placeholder={t('form.noMediationLinked')}
            />
            {mediationRequest ? (
              <p>
                <Link to={mediationRequestHref(mediationRequest.caseId, mediationRequest.returnTo)}>{t('referrals:mediation.request')}</Link>
              </p>
            ) : null}
          </>
        }
      />
      <div className="form-grid">
        <Field
          label={t('form.nextStep')}
          {...control.input('nextStep', { type: 'text' })}
          maxLength={NEXT_STEP_MAX}
        />
        <Field
          label={t('form.followUpDate')}
          hint={t('form.followUpHint')}
          {...control.input('followUpDate', { type: 'date' })}
        />
      </div>
      {earlierFollowUp ? (
        <div className="stack">
          <CheckboxField
            label={t('followUps.earlier', { date: formatDay(earlierFollowUp, i18n.language) })}
            {...control.input('keepEarlierFollowUp', { type: 'checkbox' })}
          />
          <p className="field-hint">{t('followUps.earlierHint')}</p>
        </div>
      ) : null}
      {confidential.mayEdit ? (
        <TextareaField
          label={t('form.confidentialNote')}
          hint={t('form.confidentialNoteHint')}
          {...control.textarea('confidentialNote')}
          rows={5}
          maxLength={CONFIDENTIAL_NOTE_MAX}
        />
      ) : (
        <div className="field">
          <p className="field-title">{t('form.confidentialNote')}</p>
          <p className="field-hint">{confidential.exists ? t('confidential.keptOnSave') : t('confidential.notForYou')}</p>
        </div>
      )}
      <div className="form-actions">
        <SubmitButton>{submitLabel}</SubmitButton>
      </div>
    </Form>
  )
}
