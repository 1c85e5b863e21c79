import { parseWithZod } from '@conform-to/zod'
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { GeneralErrorBoundary } from '#app/components/general-error-boundary.tsx'
import { SuccessStatus, useFreshFormKey, withDone } from '#app/components/success-status.tsx'
import { TeamForm } from '#app/components/team-form.tsx'
import { getCatalogue, isActiveCatalogueEntry } from '#app/models/catalogue.server.ts'
import { getTeam, teamNameTaken, updateTeam } from '#app/models/team.server.ts'
import { requireRole } from '#app/utils/auth.server.ts'
import { getFixedT, getLanguage } from '#app/utils/i18n.server.ts'
import { notFound, readFormData } from '#app/utils/request.server.ts'
import { TeamFormSchema } from '#app/forms/team.ts'

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.title ?? ''} · Wegbegleiter` }]

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireRole(request, 'ADMIN')
  const team = await getTeam(params.teamId ?? '')
  if (!team) notFound()
  const language = await getLanguage(request)
  const [places, t] = await Promise.all([getCatalogue('PLACE', language, { includeRetired: true }), getFixedT(request, 'admin')])
  return {
    title: t('teams.editTitle', { name: team.name }),
    team,
    districts: places.filter((place) => place.active || place.id === team.districtId).map((place) => ({ value: String(place.id), label: place.label })),
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const admin = await requireRole(request, 'ADMIN')
  const team = await getTeam(params.teamId ?? '')
  if (!team) notFound()
  const formData = await readFormData(request)
  const submission = await parseWithZod(formData, {
    async: true,
    schema: TeamFormSchema.superRefine(async (value, ctx) => {
      if (await teamNameTaken(value.name, team.id)) ctx.addIssue({ code: 'custom', path: ['name'], message: 'admin:teams.errors.nameTaken' })
      if (value.districtId && value.districtId !== team.districtId && !(await isActiveCatalogueEntry('PLACE', value.districtId))) {
        ctx.addIssue({ code: 'custom', path: ['districtId'], message: 'admin:teams.errors.district' })
      }
    }),
  })
  if (submission.status !== 'success') return data({ result: submission.reply() }, { status: 400 })
  const { name, kind, districtId, active } = submission.value
  await updateTeam(team.id, { name, kind, districtId: districtId ?? null, active: Boolean(active) }, admin.id)
  throw redirect(withDone(`/admin/teams/${team.id}`, 'saved'))
}

export default function EditTeamPage() {
  const { t } = useTranslation('admin')
  const { team, districts } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const formKey = useFreshFormKey()
  return (
    <div className="stack">
      <p>
        <Link to="/admin/teams">{t('teams.actions.backToList')}</Link>
      </p>
      <h1>{t('teams.editTitle', { name: team.name })}</h1>
      <SuccessStatus messages={{ saved: t('teams.messages.saved') }} hidden={actionData?.result?.status === 'error'} />
      <TeamForm
        key={formKey}
        id="edit-team"
        districts={districts}
        withActive
        lastResult={actionData?.result}
        submitLabel={t('teams.actions.save')}
        defaultValue={{ name: team.name, kind: team.kind, districtId: team.districtId ? String(team.districtId) : '', active: team.active }}
      />
    </div>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
