import { parseWithZod } from '@conform-to/zod'
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useActionData, useLoaderData, useSearchParams } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { GeneralErrorBoundary } from '#app/components/general-error-boundary.tsx'
import { TeamForm } from '#app/components/team-form.tsx'
import { Table } from '#app/components/ui/table.tsx'
import { getCatalogue, isActiveCatalogueEntry } from '#app/models/catalogue.server.ts'
import { createTeam, listTeams, teamNameTaken } from '#app/models/team.server.ts'
import { requireRole } from '#app/utils/auth.server.ts'
import { getFixedT, getLanguage } from '#app/utils/i18n.server.ts'
import { readFormData } from '#app/utils/request.server.ts'
import { TeamFormSchema } from '#app/forms/team.ts'
import { catalogueLabel } from '#app/utils/format.ts'

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.title ?? ''} · Wegbegleiter` }]

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, 'ADMIN')
  const language = await getLanguage(request)
  const [teams, places, t] = await Promise.all([listTeams(), getCatalogue('PLACE', language), getFixedT(request, 'admin')])
  return {
    title: t('teams.title'),
    language,
    teams,
    districts: places.map((place) => ({ value: String(place.id), label: place.label })),
  }
}

export async function action({ request }: ActionFunctionArgs) {
  const admin = await requireRole(request, 'ADMIN')
  const formData = await readFormData(request)
  const submission = await parseWithZod(formData, {
    async: true,
    schema: TeamFormSchema.superRefine(async (value, ctx) => {
      if (await teamNameTaken(value.name)) ctx.addIssue({ code: 'custom', path: ['name'], message: 'admin:teams.errors.nameTaken' })
      if (value.districtId && !(await isActiveCatalogueEntry('PLACE', value.districtId))) {
        ctx.addIssue({ code: 'custom', path: ['districtId'], message: 'admin:teams.errors.district' })
      }
    }),
  })
  if (submission.status !== 'success') return data({ result: submission.reply() }, { status: 400 })
  await createTeam({ name: submission.value.name, kind: submission.value.kind, districtId: submission.value.districtId ?? null }, admin.id)
  throw redirect('/admin/teams?created=1')
}

export default function AdminTeamsPage() {
  const { t } = useTranslation('admin')
  const { teams, districts, language } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const [params] = useSearchParams()
  return (
    <div className="stack">
      <h1>{t('teams.title')}</h1>
      {params.get('created') ? (
        <p className="alert alert-success" role="status">
          {t('teams.messages.created')}
        </p>
      ) : null}
      <Table caption={t('teams.table.caption')} columns={[t('teams.table.name'), t('teams.table.kind'), t('teams.table.district'), { label: t('teams.table.users'), className: 'num' }, t('teams.table.status')]}>
        {teams.map((team) => (
          <tr key={team.id}>
            <td>
              <Link to={`/admin/teams/${team.id}`}>{team.name}</Link>
            </td>
            <td>{t(`codes:teamKind.${team.kind}`)}</td>
            <td>{catalogueLabel(team.district, language) ?? ''}</td>
            <td className="num">{team._count.users}</td>
            <td>{team.active ? t('users.status.active') : t('users.status.inactive')}</td>
          </tr>
        ))}
      </Table>
      <h2>{t('teams.new')}</h2>
      <TeamForm id="new-team" districts={districts} lastResult={actionData?.result} submitLabel={t('teams.actions.create')} />
    </div>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
