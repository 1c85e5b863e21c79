import { getFormProps, getInputProps, getSelectProps, useForm, type SubmissionResult } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod'
import { Form } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { LanguagesField } from './language-select.tsx'
import { ROLES } from '#app/domain/codes.ts'
import { SubmitButton } from './ui/button.tsx'
import { Field, FormErrorSummary, listValue, SelectField } from './ui/field.tsx'
import { type LanguageChoiceGroups } from '#app/utils/iso.ts'
import { codeOptions, type Option } from '#app/utils/options.ts'
import { UserFormSchema } from '#app/forms/user.ts'

type Defaults = { email: string; displayName: string; role: string; teamId: string; languages: string[] }

export function UserForm({
  id,
  teams,
  languages,
  defaultValue,
  lastResult,
  submitLabel,
}: {
  id: string
  teams: Option[]
  languages: LanguageChoiceGroups
  defaultValue?: Defaults
  lastResult?: SubmissionResult<string[]>
  submitLabel: string
}) {
  const { t } = useTranslation('admin')
  const [form, fields] = useForm({
    id,
    constraint: getZodConstraint(UserFormSchema),
    defaultValue,
    lastResult,
    shouldRevalidate: 'onInput',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: UserFormSchema }),
  })
  return (
    <Form method="post" {...getFormProps(form)} className="stack">
      <input type="hidden" name="intent" value="save" />
      <FormErrorSummary errors={form.errors} />
      <div className="form-grid">
        <Field label={t('users.fields.displayName')} {...getInputProps(fields.displayName, { type: 'text' })} errors={fields.displayName.errors} autoComplete="off" />
        <Field label={t('users.fields.email')} {...getInputProps(fields.email, { type: 'email' })} errors={fields.email.errors} autoComplete="off" />
        <SelectField
          label={t('users.fields.role')}
          {...getSelectProps(fields.role)}
          options={codeOptions(t, 'role', ROLES)}
          placeholder=""
          errors={fields.role.errors}
        />
        <SelectField label={t('users.fields.team')} {...getSelectProps(fields.teamId)} options={teams} placeholder="" errors={fields.teamId.errors} />
      </div>
      <LanguagesField
        key={fields.languages.key}
        id={fields.languages.id}
        label={t('users.fields.languages')}
        hint={t('users.fields.languagesHint')}
        name={fields.languages.name}
        choices={languages}
        defaultValue={listValue(fields.languages.initialValue)}
        errors={fields.languages.errors}
      />
      <div className="form-actions">
        <SubmitButton>{submitLabel}</SubmitButton>
      </div>
    </Form>
  )
}
