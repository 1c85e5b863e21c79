import { parseWithZod } from '@conform-to/zod'
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { GeneralErrorBoundary } from '#app/components/general-error-boundary.tsx'
import { SuccessStatus, useFreshFormKey, withDone } from '#app/components/success-status.tsx'
import { SubmitButton } from '#app/components/ui/button.tsx'
import { CheckboxField, Field } from '#app/components/ui/field.tsx'
import { getTeam } from '#app/models/team.server.ts'
import { updateTeamSettings } from '#app/models/team-lead.server.ts'
import { requireRole } from '#app/utils/auth.server.ts'
import { getFixedT } from '#app/utils/i18n.server.ts'
import { readFormData } from '#app/utils/request.server.ts'
import { TeamSettingsSchema } from '#app/forms/team.ts'

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.title ?? ''} · Wegbegleiter` }]

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, 'TEAM_LEAD')
  const [team, t] = await Promise.all([getTeam(user.teamId), getFixedT(request, 'team')])
  if (!team) throw new Response('Not found', { status: 404 })
  return { title: t('settings.title'), team }
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireRole(request, 'TEAM_LEAD')
  const submission = parseWithZod(await readFormData(request), { schema: TeamSettingsSchema })
  if (submission.status !== 'success') return data({ result: submission.reply() }, { status: 400 })
  await updateTeamSettings(
    user.teamId,
    { referralWaitThresholdDays: submission.value.referralWaitThresholdDays, defaultSharedForSubstitution: Boolean(submission.value.defaultSharedForSubstitution) },
    user.id,
  )
  throw redirect(withDone('/team/settings', 'saved'))
}

export default function TeamSettingsPage() {
  const { t } = useTranslation('team')
  const { team } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const typed = actionData?.result?.status === 'error' ? actionData.result.initialValue : undefined
  const formKey = useFreshFormKey()
  return (
    <div className="stack narrow">
      <p>
        <Link to="/team">{t('links.team')}</Link>
      </p>
      <h1>{t('settings.title')}</h1>
      <SuccessStatus messages={{ saved: t('settings.saved') }} hidden={actionData?.result?.status === 'error'} />
      <Form method="post" className="stack" noValidate key={formKey}>
        <Field
          label={t('settings.threshold')}
          hint={t('settings.thresholdHint')}
          name="referralWaitThresholdDays"
          id="threshold"
          type="number"
          min={1}
          max={365}
          required
          defaultValue={typeof typed?.referralWaitThresholdDays === 'string' ? typed.referralWaitThresholdDays : team.referralWaitThresholdDays}
          errors={actionData?.result?.error?.referralWaitThresholdDays}
        />
        <CheckboxField
          label={t('settings.sharedDefault')}
          hint={t('settings.sharedDefaultHint')}
          name="defaultSharedForSubstitution"
          id="shared-default"
          defaultChecked={team.defaultSharedForSubstitution}
        />
        <SubmitButton>{t('settings.save')}</SubmitButton>
      </Form>
    </div>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
