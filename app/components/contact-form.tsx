import {
  getFormProps,
  getInputProps,
  getSelectProps,
  getTextareaProps,
  useForm,
  type SubmissionResult,
} from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod'
import { Form, useNavigation } from '@remix-run/react'
import { type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { LanguageSelectField, type LanguageChoices } from './language-select.tsx'
import { MediationRequestLink } from './mediation-request-link.tsx'
import { SubmitButton } from '#app/components/ui/button.tsx'
import {
  CheckboxGroup,
  Field,
  FormErrorSummary,
  SelectField,
  TextareaField,
} from '#app/components/ui/field.tsx'
import { CONTACT_MODES, CONTACT_SETTINGS, INTERPRETING } from '#app/domain/codes.ts'
import { type Option } from '#app/utils/options.ts'
import {
  CONFIDENTIAL_NOTE_MAX,
  contactFormSchema,
  NEXT_STEP_MAX,
} from '#app/forms/contact.ts'

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
      <TextareaField
        label={t('form.confidentialNote')}
        hint={t('form.confidentialNoteHint')}
        {...getTextareaProps(fields.confidentialNote)}
        rows={5}
        maxLength={CONFIDENTIAL_NOTE_MAX}
        errors={fields.confidentialNote.errors}
      />
      <div className="form-actions">
        <SubmitButton>{submitLabel}</SubmitButton>
      </div>
    </Form>
  )
}
