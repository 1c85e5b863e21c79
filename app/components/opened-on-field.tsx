import { getInputProps, type FieldMetadata } from '@conform-to/react'
import { useTranslation } from 'react-i18next'
import { Field } from '#app/components/ui/field.tsx'

/**
 * The opening day of a case (issue 14, go-live): today unless a running case is entered with the day
 * it was really opened. Contacts before that day are refused, and the statistics count the case from
 * that day's year.
 */
export function OpenedOnField({ field, max }: { field: FieldMetadata<string | undefined>; max: string }) {
  const { t } = useTranslation('clients')
  return (
    <Field
      label={t('openedOn.label')}
      hint={t('openedOn.hint')}
      {...getInputProps(field, { type: 'date' })}
      max={max}
      errors={field.errors}
    />
  )
}
