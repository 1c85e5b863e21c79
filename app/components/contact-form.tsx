import {
  getFormProps,
  getInputProps,
  getSelectProps,
  getTextareaProps,
  useForm,
  type SubmissionResult,
} from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod'
import { Form, Link, useNavigation } from '@remix-run/react'
import { type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { LanguageSelectField, type LanguageChoices } from './language-select.tsx'
import { MediationRequestLink } from './mediation-request-link.tsx'
import { z } from 'zod'
import { SubmitButton } from '#app/components/ui/button.tsx'
import {
  CheckboxGroup,
  Field,
  FormErrorSummary,
  SelectField,
  TextareaField,
  type Option,
} from '#app/components/ui/field.tsx'
import { type CaseAction } from '#app/domain/access-policy.ts'
import { CONTACT_MODES, CONTACT_SETTINGS, INTERPRETING } from '#app/domain/codes.ts'
import { parseDay } from '#app/domain/follow-up.ts'
import { freeText } from '#app/utils/validation.ts'

export const CONFIDENTIAL_NOTE_MAX = 5000
export const NEXT_STEP_MAX = 300

const day = (message: string) =>
  z.string({ required_error: message }).refine((value) => parseDay(value) !== null, message)

/**
 * One schema for the contact form, in the browser and in the action. `maxDay` is the latest
 * allowed contact date (tomorrow in the office); the server passes its own value.
 */
export function contactFormSchema({ maxDay }: { maxDay: string }) {
  return z
    .object({
      date: day('contacts:errors.date').refine((value) => value <= maxDay, 'contacts:errors.dateFuture'),
      durationMinutes: z
        .number({
          required_error: 'contacts:errors.duration',
          invalid_type_error: 'contacts:errors.duration',
        })
        .int('contacts:errors.duration')
        .min(1, 'contacts:errors.duration')
        .max(600, 'contacts:errors.duration'),
      mode: z.enum(CONTACT_MODES, { errorMap: () => ({ message: 'contacts:errors.mode' }) }),
      setting: z.enum(CONTACT_SETTINGS, { errorMap: () => ({ message: 'contacts:errors.setting' }) }),
      personsPresent: z
        .number({ required_error: 'contacts:errors.persons', invalid_type_error: 'contacts:errors.persons' })
        .int('contacts:errors.persons')
        .min(1, 'contacts:errors.persons')
        .max(50, 'contacts:errors.persons'),
      languageCode: z
        .string()
        .regex(/^[a-z]{3}$/, 'contacts:errors.language')
        .optional(),
      interpreting: z.enum(INTERPRETING, { errorMap: () => ({ message: 'contacts:errors.interpreting' }) }),
      languageMediationId: z.string().max(40, 'contacts:errors.mediation').optional(),
      topicIds: z
        .array(
          z
            .string()
            .regex(/^\d{1,9}$/, 'contacts:errors.topic')
            .transform(Number),
          { required_error: 'contacts:errors.topicsRequired' },
        )
        .min(1, 'contacts:errors.topicsRequired')
        .max(30, 'contacts:errors.topic'),
      nextStep: freeText(NEXT_STEP_MAX).optional(),
      followUpDate: day('contacts:errors.followUpDate').optional(),
      confidentialNote: freeText(CONFIDENTIAL_NOTE_MAX).optional(),
      version: z.number().int().min(1).optional(),
    })
    .superRefine((value, ctx) => {
      if (value.languageMediationId && value.interpreting === 'NONE') {
        ctx.addIssue({
          code: 'custom',
          path: ['languageMediationId'],
          message: 'contacts:errors.mediationWithoutInterpreting',
        })
      }
      if (value.followUpDate && value.followUpDate < value.date) {
        ctx.addIssue({
          code: 'custom',
          path: ['followUpDate'],
          message: 'contacts:errors.followUpBeforeContact',
        })
      }
    })
}

export type ContactFormValues = z.infer<ReturnType<typeof contactFormSchema>>

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
}: {
  id: string
  maxDay: string
  defaults: ContactFormDefaults
  lastResult?: SubmissionResult<string[]> | null
  languages: LanguageChoices
  topics: Option[]
  mediations: Option[]
  /** offers "Sprachmittlung anfragen", returning to this form with the new request preselected */
  mediationRequest?: { caseId: string; returnTo: string }
  /** whether the note field is offered; without `read-confidential` it is neither shown nor sent */
  confidential: ConfidentialAccess
  submitLabel: string
}) {
  const { t } = useTranslation('contacts')
  const schema = contactFormSchema({ maxDay })
  const [form, fields] = useForm({
    id,
    constraint: getZodConstraint(schema),
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
  const formProps = getFormProps(form)
  const onSubmit = useSingleSubmit(formProps.onSubmit)
  const topicValue = fields.topicIds.initialValue
  const selectedTopics = Array.isArray(topicValue)
    ? (topicValue as string[])
    : typeof topicValue === 'string'
      ? [topicValue]
      : []
  const codeOptions = (list: readonly string[], prefix: string) =>
    list.map((code) => ({ value: code, label: t(`codes:${prefix}.${code}`) }))
  return (
    <Form method="post" {...formProps} onSubmit={onSubmit} className="stack">
      <FormErrorSummary errors={form.errors} />
      {fields.version.initialValue ? <input {...getInputProps(fields.version, { type: 'hidden' })} /> : null}
      <fieldset className="stack">
        <legend>{t('form.when')}</legend>
        <div className="form-grid">
          <Field
            label={t('form.date')}
            {...getInputProps(fields.date, { type: 'date' })}
            max={maxDay}
            errors={fields.date.errors}
          />
          <Field
            label={t('form.duration')}
            hint={t('form.durationHint')}
            {...getInputProps(fields.durationMinutes, { type: 'number' })}
            min={1}
            max={600}
            inputMode="numeric"
            errors={fields.durationMinutes.errors}
          />
          <SelectField
            label={t('form.mode')}
            {...getSelectProps(fields.mode)}
            options={codeOptions(CONTACT_MODES, 'contactMode')}
            placeholder={t('form.choose')}
            errors={fields.mode.errors}
          />
          <SelectField
            label={t('form.setting')}
            {...getSelectProps(fields.setting)}
            options={codeOptions(CONTACT_SETTINGS, 'contactSetting')}
            errors={fields.setting.errors}
          />
          <Field
            label={t('form.personsPresent')}
            hint={t('form.personsPresentHint')}
            {...getInputProps(fields.personsPresent, { type: 'number' })}
            min={1}
            max={50}
            inputMode="numeric"
            errors={fields.personsPresent.errors}
          />
        </div>
      </fieldset>
      <fieldset className="stack">
        <legend>{t('form.languageLegend')}</legend>
        <div className="form-grid">
          <LanguageSelectField
            label={t('form.language')}
            {...getSelectProps(fields.languageCode)}
            choices={languages}
            placeholder={t('form.notStated')}
            errors={fields.languageCode.errors}
          />
          <SelectField
            label={t('form.interpreting')}
            {...getSelectProps(fields.interpreting)}
            options={codeOptions(INTERPRETING, 'interpreting')}
            errors={fields.interpreting.errors}
          />
          <SelectField
            label={t('form.mediation')}
            hint={mediations.length ? t('form.mediationHint') : t('form.noMediations')}
            {...getSelectProps(fields.languageMediationId)}
            options={mediations}
            placeholder={t('form.noMediationLinked')}
            errors={fields.languageMediationId.errors}
          />
          {mediationRequest ? (
            <p>
              <MediationRequestLink caseId={mediationRequest.caseId} returnTo={mediationRequest.returnTo} />
            </p>
          ) : null}
        </div>
      </fieldset>
      <CheckboxGroup
        key={fields.topicIds.key}
        legend={t('form.topics')}
        hint={t('form.topicsHint')}
        name={fields.topicIds.name}
        options={topics}
        defaultValue={selectedTopics}
        errors={fields.topicIds.errors}
      />
      <div className="form-grid">
        <Field
          label={t('form.nextStep')}
          {...getInputProps(fields.nextStep, { type: 'text' })}
          maxLength={NEXT_STEP_MAX}
          errors={fields.nextStep.errors}
        />
        <Field
          label={t('form.followUpDate')}
          hint={t('form.followUpHint')}
          {...getInputProps(fields.followUpDate, { type: 'date' })}
          errors={fields.followUpDate.errors}
        />
      </div>
      {confidential.mayEdit ? (
        <TextareaField
          label={t('form.confidentialNote')}
          hint={t('form.confidentialNoteHint')}
          {...getTextareaProps(fields.confidentialNote)}
          rows={5}
          maxLength={CONFIDENTIAL_NOTE_MAX}
          errors={fields.confidentialNote.errors}
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
