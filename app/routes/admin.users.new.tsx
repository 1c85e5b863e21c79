import { parseWithZod } from '@conform-to/zod'
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { GeneralErrorBoundary } from '#app/components/general-error-boundary.tsx'
import { SetCodeNotice } from '#app/components/set-code-notice.tsx'
import { UserForm } from '#app/components/user-form.tsx'
import { languageChoiceGroups, languageCodeErrors } from '#app/models/language-choices.server.ts'
import { listTeams } from '#app/models/team.server.ts'
import { createUser, emailTaken } from '#app/models/user.server.ts'
import { requireRole } from '#app/utils/auth.server.ts'
import { getFixedT, getLanguage } from '#app/utils/i18n.server.ts'
import { readFormData } from '#app/utils/request.server.ts'
import { UserFormSchema } from '#app/forms/user.ts'

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.title ?? ''} · Wegbegleiter` }]

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, 'ADMIN')
  const [teams, t, lng] = await Promise.all([listTeams({ activeOnly: true }), getFixedT(request, 'admin'), getLanguage(request)])
  return { title: t('users.newTitle'), teams: teams.map((team) => ({ value: team.id, label: team.name })), languages: await languageChoiceGroups(lng) }
}

export async function action({ request }: ActionFunctionArgs) {
  const admin = await requireRole(request, 'ADMIN')
  const formData = await readFormData(request)
  const activeTeams = new Set((await listTeams({ activeOnly: true })).map((team) => team.id))
  const submission = await parseWithZod(formData, {
    async: true,
    schema: UserFormSchema.superRefine(async (value, ctx) => {
      if (!activeTeams.has(value.teamId)) ctx.addIssue({ code: 'custom', path: ['teamId'], message: 'admin:users.errors.team' })
      if (await emailTaken(value.email)) ctx.addIssue({ code: 'custom', path: ['email'], message: 'admin:users.errors.emailTaken' })
      for (const message of languageCodeErrors(value.languages) ?? []) ctx.addIssue({ code: 'custom', path: ['languages'], message })
    }),
  })
  if (submission.status !== 'success') {
    return data({ result: submission.reply(), created: null }, { status: 400 })
  }
  const created = await createUser(submission.value, admin.id)
  return {
    result: submission.reply({ resetForm: true }),
    created: { ...created, expiresAt: created.expiresAt.toISOString(), address: new URL('/password/set', request.url).href },
  }
}

export default function NewUserPage() {
  const { t } = useTranslation('admin')
  const { teams, languages } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const created = actionData?.created
  return (
    <div className="stack">
      <h1>{t('users.newTitle')}</h1>
      {created ? (
        <div className="alert alert-success" role="status">
          <p>{t('users.messages.created')}</p>
          <SetCodeNotice code={created.code} expiresAt={created.expiresAt} address={created.address} />
          <p>
            <Link to={`/admin/users/${created.id}`}>{t('common:actions.show')}</Link> · <Link to="/admin/users">{t('users.actions.backToList')}</Link>
          </p>
        </div>
      ) : null}
      <UserForm id="new-user" teams={teams} languages={languages} lastResult={actionData?.result} submitLabel={t('users.actions.create')} />
    </div>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
