import { parseWithZod } from '@conform-to/zod'
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { GeneralErrorBoundary } from '#app/components/general-error-boundary.tsx'
import { SuccessStatus, useFreshFormKey, withDone } from '#app/components/success-status.tsx'
import { SubmitButton } from '#app/components/ui/button.tsx'
import { ErrorList, Field, SelectField } from '#app/components/ui/field.tsx'
import { Table } from '#app/components/ui/table.tsx'
import { absenceProblems } from '#app/domain/workload.ts'
import { createAbsence, endAbsence, listAbsences, listAssignableUsers } from '#app/models/team-lead.server.ts'
import { requireRole } from '#app/utils/auth.server.ts'
import { formatDay } from '#app/utils/format.ts'
import { getFixedT } from '#app/utils/i18n.server.ts'
import { readFormData } from '#app/utils/request.server.ts'
import { AbsenceSchema } from '#app/forms/absence.ts'

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.title ?? ''} · Wegbegleiter` }]

const problemMessages = {
  'ends-before-start': ['endsOn', 'team:absences.errors.endsBeforeStart'],
  'substitute-is-absent-person': ['substituteId', 'team:absences.errors.substituteIsAbsent'],
  'too-long': ['endsOn', 'team:absences.errors.tooLong'],
} as const

// Team leads record absences for anyone of their team; a counsellor for themselves only.
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, ['TEAM_LEAD', 'COUNSELLOR'])
  const [absences, people, t] = await Promise.all([listAbsences(user.teamId), listAssignableUsers(user.teamId), getFixedT(request, 'team')])
  return {
    title: t('absences.title'),
    isLead: user.role === 'TEAM_LEAD',
    userId: user.id,
    absences: absences.map((absence) => ({ ...absence, mayEnd: user.role === 'TEAM_LEAD' || absence.user.id === user.id })),
    people: people.map((person) => ({ value: person.id, label: person.displayName })),
  }
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireRole(request, ['TEAM_LEAD', 'COUNSELLOR'])
  const formData = await readFormData(request)
  if (formData.get('intent') === 'end') {
    const absenceId = String(formData.get('absenceId') ?? '')
    const own = (await listAbsences(user.teamId)).find((absence) => absence.id === absenceId)
    if (!own || (user.role !== 'TEAM_LEAD' && own.user.id !== user.id)) throw new Response('Not found', { status: 404 })
    await endAbsence({ absenceId, teamId: user.teamId }, user.id)
    return redirect(withDone('/team/absences', 'ended'))
  }
  const team = new Set((await listAssignableUsers(user.teamId)).map((person) => person.id))
  const submission = parseWithZod(formData, {
    schema: AbsenceSchema.superRefine((value, ctx) => {
      if (!team.has(value.userId)) ctx.addIssue({ code: 'custom', path: ['userId'], message: 'team:absences.errors.person' })
      else if (user.role !== 'TEAM_LEAD' && value.userId !== user.id) ctx.addIssue({ code: 'custom', path: ['userId'], message: 'team:absences.errors.ownOnly' })
      if (!team.has(value.substituteId)) ctx.addIssue({ code: 'custom', path: ['substituteId'], message: 'team:absences.errors.substitute' })
      for (const problem of absenceProblems(value)) {
        const [path, message] = problemMessages[problem]
        ctx.addIssue({ code: 'custom', path: [path], message })
      }
    }),
  })
  if (submission.status !== 'success') return data({ result: submission.reply() }, { status: 400 })
  // Both days are calendar days (decision 029); the last one counts in full.
  await createAbsence(submission.value, user.id)
  return redirect(withDone('/team/absences', 'created'))
}

export default function AbsencesPage() {
  const { t, i18n } = useTranslation('team')
  const { isLead, userId, absences, people } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const freshKey = useFreshFormKey()
  const errors = actionData?.result?.error
  const typed = (name: string) => {
    const value = actionData?.result?.status === 'error' ? actionData.result.initialValue?.[name] : undefined
    return typeof value === 'string' ? value : undefined
  }
  return (
    <div className="stack">
      {isLead ? (
        <p>
          <Link to="/team">{t('links.team')}</Link>
        </p>
      ) : null}
      <h1>{t('absences.title')}</h1>
      <p>{t('absences.intro')}</p>
      <SuccessStatus hidden={Boolean(actionData)} messages={{ created: t('absences.created'), ended: t('absences.ended') }} />
      {absences.length === 0 ? (
        <p className="muted">{t('absences.empty')}</p>
      ) : (
        <Table caption={t('absences.caption')} columns={[t('absences.person'), t('absences.substitute'), t('absences.startsOn'), t('absences.endsOn'), t('absences.actions')]}>
          {absences.map((absence) => (
            <tr key={absence.id}>
              <td>{absence.user.displayName}</td>
              <td>{absence.substitute.displayName}</td>
              <td>{formatDay(absence.startsOn, i18n.language)}</td>
              <td>{formatDay(absence.endsOn, i18n.language)}</td>
              <td>
                {absence.mayEnd ? (
                  <Form method="post">
                    <input type="hidden" name="absenceId" value={absence.id} />
                    <button type="submit" name="intent" value="end" className="button button-secondary" aria-label={t('absences.endLabel', { name: absence.user.displayName })}>
                      {t('absences.end')}
                    </button>
                  </Form>
                ) : null}
              </td>
            </tr>
          ))}
        </Table>
      )}
      <h2>{t('absences.create')}</h2>
      <Form key={freshKey} method="post" className="stack" noValidate>
        <ErrorList errors={errors?.['']} />
        <div className="form-grid">
          {isLead ? (
            <SelectField label={t('absences.person')} name="userId" id="absence-user" options={people} placeholder="" defaultValue={typed('userId')} errors={errors?.userId} />
          ) : (
            <input type="hidden" name="userId" value={userId} />
          )}
          <SelectField
            label={t('absences.substitute')}
            name="substituteId"
            id="absence-substitute"
            options={people}
            placeholder=""
            defaultValue={typed('substituteId')}
            errors={errors?.substituteId}
          />
          <Field label={t('absences.startsOn')} name="startsOn" id="absence-starts" type="date" required defaultValue={typed('startsOn')} errors={errors?.startsOn} />
          <Field label={t('absences.endsOn')} name="endsOn" id="absence-ends" type="date" required defaultValue={typed('endsOn')} errors={errors?.endsOn} />
        </div>
        <SubmitButton intent="create">{t('absences.create')}</SubmitButton>
      </Form>
    </div>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
