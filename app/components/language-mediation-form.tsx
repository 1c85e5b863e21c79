import { getFormProps, getInputProps, getSelectProps, useForm, type SubmissionResult } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod'
import { Form, useNavigation } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { type LanguageChoices, LanguageSelectField } from '#app/components/language-select.tsx'
import { Button, SubmitButton } from '#app/components/ui/button.tsx'
import { Field, FormErrorSummary, SelectField } from '#app/components/ui/field.tsx'
import { COST_BEARERS, MEDIATION_MODES, PROVIDER_KINDS } from '#app/domain/codes.ts'
import { type MediationStatus } from '#app/domain/mediation-lifecycle.ts'
import { type MoneyLanguage } from '#app/domain/money.ts'
import { codeOptions, type Option } from '#app/utils/options.ts'
import { DIALECT_MAX, MAX_MINUTES, mediationFormSchema } from '#app/forms/language-mediation.ts'

export type MediationFormDefaults = {
  languageCode?: string | null
  dialect?: string | null
  mode?: string | null
  providerId?: string | null
  providerKind?: string | null
  interpreterRef?: string | null
  requestedAt: string
  performedAt?: string | null
  billedMinutes?: number | null
  travelMinutes?: number | null
  cost?: string | null
  costBearer?: string | null
}

export function MediationForm({
  id,
  language,
  maxDay,
  defaults,
  lastResult,
  languages,
  providers,
  withOutcome,
  transitions = [],
  version,
  returnTo,
  submitLabel,
}: {
  id: string
  language: MoneyLanguage
  maxDay: string
  defaults: MediationFormDefaults
  lastResult?: SubmissionResult<string[]> | null
  languages: LanguageChoices
  providers: Option[]
  /** show the fields of the assignment itself (date, minutes, cost) — on the detail page */
  withOutcome: boolean
  /** statuses the record may move to; one button each, which also saves the fields */
  transitions?: readonly MediationStatus[]
  version?: number
  returnTo?: string
  submitLabel: string
}) {
  const { t } = useTranslation('referrals')
  const schema = mediationFormSchema({ language, maxDay })
  const [form, fields] = useForm({
    id,
    constraint: getZodConstraint(schema),
    lastResult,
    shouldRevalidate: 'onInput',
    defaultValue: {
      ...defaults,
      billedMinutes: defaults.billedMinutes?.toString(),
      travelMinutes: defaults.travelMinutes?.toString(),
    },
    onValidate: ({ formData }) => parseWithZod(formData, { schema }),
  })
  // A double click must not request the same interpreter twice: a second submit while the first
  // is on its way is dropped (without JavaScript the browser navigates away on the first).
  const navigation = useNavigation()
  const formProps = getFormProps(form)
  const onSubmit: typeof formProps.onSubmit = (event) => {
    if (navigation.state === 'submitting') {
      event.preventDefault()
      return
    }
    formProps.onSubmit(event)
  }
  return (
    <Form method="post" {...formProps} onSubmit={onSubmit} className="stack">
      <FormErrorSummary errors={form.errors} />
      {/* The version comes from the loader, not from the submitted values: after a conflict the
          page shows the current record and a deliberate second save is accepted. */}
      {version !== undefined ? <input type="hidden" name="version" value={version} /> : null}
      {returnTo ? <input type="hidden" name="returnTo" value={returnTo} /> : null}
      <fieldset className="stack">
        <legend>{t('mediation.form.requestLegend')}</legend>
        <div className="form-grid">
          <LanguageSelectField
            label={t('mediation.form.language')}
            choices={languages}
            placeholder={t('mediation.form.choose')}
            {...getSelectProps(fields.languageCode)}
            errors={fields.languageCode.errors}
          />
          <Field
            label={t('mediation.form.dialect')}
            hint={t('mediation.form.dialectHint')}
            {...getInputProps(fields.dialect, { type: 'text' })}
            maxLength={DIALECT_MAX}
            errors={fields.dialect.errors}
          />
          <SelectField label={t('mediation.form.mode')} {...getSelectProps(fields.mode)} options={codeOptions(t, 'mediationMode', MEDIATION_MODES)} placeholder={t('mediation.form.choose')} errors={fields.mode.errors} />
          <Field label={t('mediation.form.requestedAt')} {...getInputProps(fields.requestedAt, { type: 'date' })} errors={fields.requestedAt.errors} />
        </div>
      </fieldset>
      <fieldset className="stack">
        <legend>{t('mediation.form.providerLegend')}</legend>
        <div className="form-grid">
          <SelectField
            label={t('mediation.form.provider')}
            hint={providers.length ? undefined : t('mediation.form.noProviders')}
            {...getSelectProps(fields.providerId)}
            options={providers}
            placeholder={t('mediation.form.noProvider')}
            errors={fields.providerId.errors}
          />
          <SelectField label={t('mediation.form.providerKind')} {...getSelectProps(fields.providerKind)} options={codeOptions(t, 'providerKind', PROVIDER_KINDS)} errors={fields.providerKind.errors} />
          <Field
            label={t('mediation.form.interpreterRef')}
            hint={t('mediation.form.interpreterRefHint')}
            {...getInputProps(fields.interpreterRef, { type: 'text' })}
            maxLength={16}
            autoComplete="off"
            errors={fields.interpreterRef.errors}
          />
        </div>
      </fieldset>
      {withOutcome ? (
        <fieldset className="stack">
          <legend>{t('mediation.form.outcomeLegend')}</legend>
          <div className="form-grid">
            <Field label={t('mediation.form.performedAt')} {...getInputProps(fields.performedAt, { type: 'date' })} max={maxDay} errors={fields.performedAt.errors} />
            <Field
              label={t('mediation.form.billedMinutes')}
              {...getInputProps(fields.billedMinutes, { type: 'number' })}
              min={0}
              max={MAX_MINUTES}
              inputMode="numeric"
              errors={fields.billedMinutes.errors}
            />
            <Field
              label={t('mediation.form.travelMinutes')}
              {...getInputProps(fields.travelMinutes, { type: 'number' })}
              min={0}
              max={MAX_MINUTES}
              inputMode="numeric"
              errors={fields.travelMinutes.errors}
            />
            <Field
              label={t('mediation.form.cost')}
              hint={t('mediation.form.costHint')}
              {...getInputProps(fields.cost, { type: 'text' })}
              inputMode="decimal"
              autoComplete="off"
              errors={fields.cost.errors}
            />
            <SelectField
              label={t('mediation.form.costBearer')}
              {...getSelectProps(fields.costBearer)}
              options={codeOptions(t, 'costBearer', COST_BEARERS)}
              placeholder={t('mediation.form.notStated')}
              errors={fields.costBearer.errors}
            />
          </div>
        </fieldset>
      ) : null}
      <div className="form-actions">
        <SubmitButton>{submitLabel}</SubmitButton>
        {transitions.map((status) => (
          <Button key={status} variant={status.startsWith('CANCELLED') || status === 'NO_SHOW' ? 'secondary' : 'primary'} name="to" value={status}>
            {t(`mediation.transitionTo.${status}`)}
          </Button>
        ))}
      </div>
    </Form>
  )
}
