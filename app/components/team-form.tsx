import { getFormProps, getInputProps, getSelectProps, useForm, type SubmissionResult } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod'
import { Form } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { TEAM_KINDS } from '#app/domain/codes.ts'
import { SubmitButton } from './ui/button.tsx'
import { CheckboxField, Field, FormErrorSummary, SelectField } from './ui/field.tsx'
import { codeOptions, type Option } from '#app/utils/options.ts'
import { TeamFormSchema } from '#app/forms/team.ts'

export function TeamForm({
  id,
  districts,
  defaultValue,
  lastResult,
  submitLabel,
  withActive = false,
}: {
  id: string
  districts: Option[]
  defaultValue?: { name: string; kind: string; districtId: string; active?: boolean }
  lastResult?: SubmissionResult<string[]>
  submitLabel: string
  withActive?: boolean
}) {
  const { t } = useTranslation('admin')
  const [form, fields] = useForm({
    id,
    constraint: getZodConstraint(TeamFormSchema),
    defaultValue: defaultValue ? { ...defaultValue, active: defaultValue.active ? 'on' : undefined } : undefined,
    lastResult,
    shouldRevalidate: 'onInput',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: TeamFormSchema }),
  })
  return (
    <Form method="post" {...getFormProps(form)} className="stack">
      <FormErrorSummary errors={form.errors} />
      <div className="form-grid">
        <Field label={t('teams.fields.name')} {...getInputProps(fields.name, { type: 'text' })} errors={fields.name.errors} />
        <SelectField
          label={t('teams.fields.kind')}
          {...getSelectProps(fields.kind)}
          options={codeOptions(t, 'teamKind', TEAM_KINDS)}
          placeholder=""
          errors={fields.kind.errors}
        />
        <SelectField
          label={t('teams.fields.district')}
          {...getSelectProps(fields.districtId)}
          options={districts}
          placeholder={t('teams.fields.none')}
          errors={fields.districtId.errors}
        />
      </div>
      {withActive ? <CheckboxField label={t('teams.fields.active')} {...getInputProps(fields.active, { type: 'checkbox' })} /> : null}
      <div className="form-actions">
        <SubmitButton>{submitLabel}</SubmitButton>
      </div>
    </Form>
  )
}
