import { getFormProps, getSelectProps, useForm } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod'
import {
  data,
  redirect,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from '@remix-run/node'
import { Form, useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { GeneralErrorBoundary } from '#app/components/general-error-boundary.tsx'
import { SuccessStatus, withDone } from '#app/components/success-status.tsx'
import { SubmitButton } from '#app/components/ui/button.tsx'
import { Table } from '#app/components/ui/table.tsx'
import { FormErrorSummary, SelectField } from '#app/components/ui/field.tsx'
import { SECOND_FACTOR_POLICIES } from '#app/domain/second-factor.ts'
import { SecondFactorPolicySchema } from '#app/forms/security.ts'
import {
  getSecondFactorPolicy,
  saveSecondFactorPolicy,
  secondFactorOverview,
} from '#app/models/second-factor.server.ts'
import { requireRole } from '#app/utils/auth.server.ts'
import { formatNumber } from '#app/utils/format.ts'
import { getFixedT } from '#app/utils/i18n.server.ts'
import { readFormData } from '#app/utils/request.server.ts'

// /admin/security — who must sign in with a second factor, and how many have one.
export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.title ?? ''} · Wegbegleiter` },
]

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, 'ADMIN')
  const [policy, overview, t] = await Promise.all([
    getSecondFactorPolicy(),
    secondFactorOverview(),
    getFixedT(request, 'admin'),
  ])
  return { title: t('security.title'), policy, overview }
}

export async function action({ request }: ActionFunctionArgs) {
  const admin = await requireRole(request, 'ADMIN')
  const submission = parseWithZod(await readFormData(request), { schema: SecondFactorPolicySchema })
  if (submission.status !== 'success') return data({ result: submission.reply() }, { status: 400 })
  await saveSecondFactorPolicy({ userId: admin.id, policy: submission.value.policy })
  throw redirect(withDone('/admin/security', 'saved'))
}

export default function SecuritySettingsPage() {
  const { t, i18n } = useTranslation('admin')
  const { policy, overview } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const [form, fields] = useForm({
    id: 'second-factor-policy',
    constraint: getZodConstraint(SecondFactorPolicySchema),
    lastResult: actionData?.result,
    defaultValue: { policy },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: SecondFactorPolicySchema }),
  })
  return (
    <div className="stack">
      <h1>{t('security.title')}</h1>
      <p>{t('security.intro')}</p>
      <SuccessStatus messages={{ saved: t('security.saved') }} hidden={Boolean(actionData)} />
      <section className="card stack" aria-labelledby="policy-heading">
        <h2 id="policy-heading">{t('security.policyHeading')}</h2>
        <Form method="post" {...getFormProps(form)} className="stack">
          <FormErrorSummary errors={form.errors} />
          <SelectField
            label={t('security.policy')}
            hint={t('security.policyHint')}
            options={SECOND_FACTOR_POLICIES.map((value) => ({
              value,
              label: t(`security.policies.${value}`),
            }))}
            {...getSelectProps(fields.policy)}
            errors={fields.policy.errors}
          />
          <div className="form-actions">
            <SubmitButton>{t('common:actions.save')}</SubmitButton>
          </div>
        </Form>
      </section>
      <section className="stack" aria-labelledby="overview-heading">
        <h2 id="overview-heading">{t('security.overviewHeading')}</h2>
        <Table
          caption={t('security.overviewCaption')}
          columns={[
            t('security.role'),
            { label: t('security.users'), className: 'num' },
            { label: t('security.enrolled'), className: 'num' },
          ]}
        >
          {overview.map((row) => (
            <tr key={row.role}>
              <th scope="row">{t(`codes:role.${row.role}`)}</th>
              <td className="num">{formatNumber(row.users, i18n.language)}</td>
              <td className="num">{formatNumber(row.enrolled, i18n.language)}</td>
            </tr>
          ))}
        </Table>
        <p className="muted">{t('security.resetHint')}</p>
      </section>
    </div>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
