import { parseWithZod } from '@conform-to/zod'
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { GeneralErrorBoundary } from '#app/components/general-error-boundary.tsx'
import { SuccessStatus, withDone } from '#app/components/success-status.tsx'
import { CheckboxField } from '#app/components/ui/field.tsx'
import { SetCodeNotice } from '#app/components/set-code-notice.tsx'
import { ConfirmStep, isConfirmed, replayFields } from '#app/components/confirm-step.tsx'
import { SelectField } from '#app/components/ui/field.tsx'
import {
  getOpenWork,
  handOverOpenWork,
  HandoverConflict,
  HandoverTargetUnavailable,
  listHandoverColleagues,
  type OpenWork,
} from '#app/models/staff-change.server.ts'
import { UserForm } from '#app/components/user-form.tsx'
import { getSecondFactorStatus, resetSecondFactor } from '#app/models/second-factor.server.ts'
import { languageChoiceGroups, languageCodeErrors } from '#app/models/language-choices.server.ts'
import { listTeams } from '#app/models/team.server.ts'
import {
  emailTaken,
  getUserForAdmin,
  isLastActiveAdmin,
  resetPassword,
  revokeSessions,
  setUserActive,
  unlockUser,
  updateUser,
} from '#app/models/user.server.ts'
import { type Role } from '#app/domain/codes.ts'
import { ResetSecondFactorSchema } from '#app/forms/second-factor.ts'
import { requireRole } from '#app/utils/auth.server.ts'
import { formatDateTime } from '#app/utils/format.ts'
import { getFixedT, getLanguage } from '#app/utils/i18n.server.ts'
import { notFound, readFormData } from '#app/utils/request.server.ts'
import { UserFormSchema } from '#app/forms/user.ts'

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.title ?? ''} · Wegbegleiter` }]

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireRole(request, 'ADMIN')
  const user = await getUserForAdmin(params.userId ?? '')
  if (!user) notFound()
  const [teams, t, lng, secondFactor] = await Promise.all([listTeams(), getFixedT(request, 'admin'), getLanguage(request), getSecondFactorStatus({ id: user.id, role: user.role as Role })])
  return {
    title: t('users.editTitle', { name: user.displayName }),
    user,
    secondFactor: { enrolled: secondFactor.enrolled, confirmedAt: secondFactor.confirmedAt?.toISOString() ?? null, required: secondFactor.required },
    teams: teams.map((team) => ({ value: team.id, label: team.name, disabled: !team.active && team.id !== user.teamId })),
    languages: await languageChoiceGroups(lng, user.languages.split(',').filter(Boolean)),
  }
}

type Message = { kind: 'success' | 'error'; key: string; count?: number; setCode?: { code: string; expiresAt: string; address: string } }

/** The handover step (issue 14, item 5): what the person still holds, and whom it can go to. */
type Handover = { intent: 'deactivate' | 'save'; change: 'deactivate' | 'team' | 'role'; work: OpenWork; colleagues: Array<{ value: string; label: string }>; fields: Array<[string, string]>; error: string | null }

const QUEUE = 'queue'

/**
 * Deactivating someone or moving them to another team while they hold open cases or follow-ups
 * first asks whom the work goes to; the change and the handover then run in one transaction.
 * Returns the step to show, or the chosen target (`null`: the team's queue) once it is confirmed.
 */
async function handoverStep(
  formData: FormData,
  user: { id: string; teamId: string },
  intent: Handover['intent'],
  change: Handover['change'],
): Promise<{ step: Handover } | { target: string | null; needed: boolean }> {
  const work = await getOpenWork(user.id)
  if (work.cases === 0 && work.followUps === 0) return { target: null, needed: false }
  const colleagues = (await listHandoverColleagues(user.teamId, user.id)).map((person) => ({ value: person.id, label: person.displayName }))
  const choice = formData.get('handover')
  const valid = choice === QUEUE || colleagues.some((person) => person.value === choice)
  if (isConfirmed(formData) && valid) return { target: choice === QUEUE ? null : (choice as string), needed: true }
  const fields = replayFields(formData).filter(([name]) => name !== 'handover')
  const step: Handover = { intent, change, work, colleagues, fields, error: isConfirmed(formData) ? 'admin:users.handover.choose' : null }
  return { step }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const admin = await requireRole(request, 'ADMIN')
  const user = await getUserForAdmin(params.userId ?? '')
  if (!user) notFound()
  const formData = await readFormData(request)
  const intent = formData.get('intent')
  const message = (kind: Message['kind'], key: string, extra?: Partial<Message>) => ({ result: undefined, message: { kind, key, ...extra } as Message })
  // A change of the account ends on the page with its success message, so that a reload does not
  // post again; a new password-set code and a second-factor reset answer in the page itself (the
  // code must never stand in an address, and the reset names how many people were told).
  const done = (what: keyof typeof DONE_MESSAGES) => redirect(withDone(`/admin/users/${user.id}`, what))

  switch (intent) {
    case 'save': {
      const activeTeams = new Set((await listTeams({ activeOnly: true })).map((team) => team.id))
      const lastAdmin = await isLastActiveAdmin(user.id)
      const submission = await parseWithZod(formData, {
        async: true,
        schema: UserFormSchema.superRefine(async (value, ctx) => {
          if (!activeTeams.has(value.teamId) && value.teamId !== user.teamId) ctx.addIssue({ code: 'custom', path: ['teamId'], message: 'admin:users.errors.team' })
          if (await emailTaken(value.email, user.id)) ctx.addIssue({ code: 'custom', path: ['email'], message: 'admin:users.errors.emailTaken' })
          if (lastAdmin && value.role !== 'ADMIN') ctx.addIssue({ code: 'custom', path: ['role'], message: 'admin:users.errors.lastAdmin' })
          for (const message of languageCodeErrors(value.languages) ?? []) ctx.addIssue({ code: 'custom', path: ['languages'], message })
        }),
      })
      if (submission.status !== 'success') return data({ result: submission.reply(), message: null }, { status: 400 })
      // Another team, or the administrator's role (who reads no case, PRODUCT.md §1): the person's open work is
      // handed over first (decisions 038, 203).
      const becomesAdmin = submission.value.role === 'ADMIN' && user.role !== 'ADMIN'
      if (submission.value.teamId !== user.teamId || becomesAdmin) {
        const handover = await handoverStep(formData, user, 'save', becomesAdmin ? 'role' : 'team')
        if ('step' in handover) return data({ result: undefined, message: null, handover: handover.step }, { status: handover.step.error ? 400 : 200 })
        if (handover.needed) {
          const refused = await withHandover(() => updateUser(user.id, submission.value, admin.id, (tx) => handOverOpenWork(tx, { userId: user.id, teamId: user.teamId, target: handover.target, actorId: admin.id, reason: becomesAdmin ? 'role-change' : 'team-change' })))
          if (refused) return data(message('error', refused), { status: 409 })
          throw done('savedWithHandover')
        }
        // No open work when asked: whatever was given to the person since (a case, a follow-up) goes to the team's
        // queue in the change's own transaction, so none stays with someone who can no longer read it.
        const refused = await withHandover(() => updateUser(user.id, submission.value, admin.id, (tx) => handOverOpenWork(tx, { userId: user.id, teamId: user.teamId, target: null, actorId: admin.id, reason: becomesAdmin ? 'role-change' : 'team-change' })))
        if (refused) return data(message('error', refused), { status: 409 })
        throw done('saved')
      }
      await updateUser(user.id, submission.value, admin.id)
      throw done('saved')
    }
    case 'reset-password': {
      // It would end the administrator's own session before the code could be shown.
      if (user.id === admin.id) return data(message('error', 'users.errors.selfReset'), { status: 400 })
      const { code, expiresAt } = await resetPassword(user.id, admin.id)
      return message('success', 'users.messages.passwordReset', {
        setCode: { code, expiresAt: expiresAt.toISOString(), address: new URL('/password/set', request.url).href },
      })
    }
    case 'revoke-sessions':
      await revokeSessions(user.id, admin.id)
      throw done('sessionsRevoked')
    case 'unlock':
      await unlockUser(user.id, admin.id)
      throw done('unlocked')
    case 'deactivate':
      if (user.id === admin.id) return data(message('error', 'users.errors.self'), { status: 400 })
      if (await isLastActiveAdmin(user.id)) return data(message('error', 'users.errors.lastAdmin'), { status: 400 })
      {
        const handover = await handoverStep(formData, user, 'deactivate', 'deactivate')
        if ('step' in handover) return data({ result: undefined, message: null, handover: handover.step }, { status: handover.step.error ? 400 : 200 })
        if (handover.needed) {
          const refused = await withHandover(() => setUserActive(user.id, false, admin.id, (tx) => handOverOpenWork(tx, { userId: user.id, teamId: user.teamId, target: handover.target, actorId: admin.id, reason: 'deactivated' })))
          if (refused) return data(message('error', refused), { status: 409 })
          throw done('deactivatedWithHandover')
        }
      }
      {
        // No open work when asked: what was given to the person since goes to the team's queue in the same transaction.
        const refused = await withHandover(() => setUserActive(user.id, false, admin.id, (tx) => handOverOpenWork(tx, { userId: user.id, teamId: user.teamId, target: null, actorId: admin.id, reason: 'deactivated' })))
        if (refused) return data(message('error', refused), { status: 409 })
      }
      throw done('deactivated')
    case 'activate':
      await setUserActive(user.id, true, admin.id)
      throw done('activated')
    case 'reset-second-factor': {
      // four eyes by notice: the user's team lead(s) and the user are told (resetSecondFactor)
      if (parseWithZod(formData, { schema: ResetSecondFactorSchema }).status !== 'success') return data(message('error', 'users.secondFactor.confirmRequired'), { status: 400 })
      const result = await resetSecondFactor({ admin, userId: user.id })
      if (!result.ok) return data(message('error', `users.secondFactor.errors.${result.error}`), { status: result.error === 'not-found' ? 404 : 400 })
      return message('success', 'users.secondFactor.reset', { count: result.notified })
    }
    default:
      throw new Response('Unknown intent', { status: 400 })
  }
}

/** The success messages after a redirect (`?done=<key>`), by key. */
const DONE_MESSAGES = {
  saved: 'users.messages.saved',
  savedWithHandover: 'users.messages.savedWithHandover',
  sessionsRevoked: 'users.messages.sessionsRevoked',
  unlocked: 'users.messages.unlocked',
  deactivated: 'users.messages.deactivated',
  deactivatedWithHandover: 'users.messages.deactivatedWithHandover',
  activated: 'users.messages.activated',
} as const

/** Runs an account change with its handover; a refusal (nothing changed) as a message key. */
async function withHandover(change: () => Promise<unknown>): Promise<string | null> {
  try {
    await change()
    return null
  } catch (error) {
    if (error instanceof HandoverTargetUnavailable) return 'users.handover.colleagueGone'
    if (error instanceof HandoverConflict) return 'users.handover.conflict'
    throw error
  }
}

const HANDOVER_WORDS = {
  deactivate: { title: 'users.handover.titleDeactivate', confirm: 'users.handover.confirmDeactivate' },
  team: { title: 'users.handover.titleMove', confirm: 'users.handover.confirmMove' },
  role: { title: 'users.handover.titleRole', confirm: 'users.handover.confirmRole' },
} as const

function HandoverConfirm({ handover, userId }: { handover: Handover; userId: string }) {
  const { t } = useTranslation('admin')
  const { work } = handover
  return (
    <ConfirmStep
      title={t(HANDOVER_WORDS[handover.change].title)}
      fields={handover.fields}
      confirmLabel={t(HANDOVER_WORDS[handover.change].confirm)}
      cancelTo={`/admin/users/${userId}`}
      choice={
        <SelectField
          label={t('users.handover.to')}
          name="handover"
          id="handover"
          required
          placeholder={t('users.handover.choosePlaceholder')}
          errors={handover.error ? [handover.error] : undefined}
          options={[{ value: QUEUE, label: t('users.handover.queue') }, ...handover.colleagues]}
        />
      }
    >
      <p>{t('users.handover.intro')}</p>
      <ul>
        <li>
          {t('users.handover.cases', { count: work.cases })}
          {work.cases > 0 ? ` (${Object.entries(work.byStatus).map(([status, count]) => `${t(`codes:caseStatus.${status}`)}: ${count}`).join(', ')})` : null}
        </li>
        <li>{t('users.handover.followUps', { count: work.followUps, overdue: work.overdue })}</li>
      </ul>
      <p>{t('users.handover.consequences')}</p>
    </ConfirmStep>
  )
}

export default function EditUserPage() {
  const { t, i18n } = useTranslation('admin')
  const { user, teams, languages, secondFactor } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const message = actionData?.message
  const handover = actionData && 'handover' in actionData ? actionData.handover : null
  const locked = user.lockedUntil && new Date(user.lockedUntil).getTime() > Date.now()
  const pendingCode = user.passwordSetCodes[0]
  return (
    <div className="stack">
      <p>
        <Link to="/admin/users">{t('users.actions.backToList')}</Link>
      </p>
      <h1>{t('users.editTitle', { name: user.displayName })}</h1>
      <SuccessStatus messages={Object.fromEntries(Object.entries(DONE_MESSAGES).map(([what, key]) => [what, t(key)]))} hidden={Boolean(actionData)} />
      {message ? (
        <div className={`alert alert-${message.kind}`} role={message.kind === 'error' ? 'alert' : 'status'}>
          <p>{t(message.key, { count: message.count })}</p>
          {message.setCode ? <SetCodeNotice {...message.setCode} /> : null}
        </div>
      ) : null}
      <ul className="row">
        <li className="badge">{user.active ? t('users.status.active') : t('users.status.inactive')}</li>
        {locked ? <li className="badge badge-warning">{t('users.status.locked', { until: formatDateTime(user.lockedUntil, i18n.language) })}</li> : null}
        {user.mustChangePassword ? <li className="badge">{t('users.status.mustChange')}</li> : null}
        {user.password ? null : (
          <li className="badge badge-warning">
            {pendingCode && new Date(pendingCode.expiresAt).getTime() > Date.now()
              ? t('users.status.codePending', { until: formatDateTime(pendingCode.expiresAt, i18n.language) })
              : t('users.status.noPassword')}
          </li>
        )}
        <li className="badge">{t('users.status.sessions', { count: user._count.sessions })}</li>
        <li className={secondFactor.enrolled ? 'badge' : secondFactor.required ? 'badge badge-warning' : 'badge'}>
          {secondFactor.enrolled
            ? t('users.secondFactor.enrolledSince', { date: formatDateTime(secondFactor.confirmedAt, i18n.language) })
            : t('users.secondFactor.notEnrolled')}
        </li>
      </ul>
      {handover ? <HandoverConfirm handover={handover} userId={user.id} /> : null}
      <p className="muted">{t('users.messages.roleChangeEndsSessions')}</p>
      <UserForm
        id="edit-user"
        teams={teams}
        languages={languages}
        lastResult={actionData?.result}
        submitLabel={t('users.actions.save')}
        defaultValue={{ email: user.email, displayName: user.displayName, role: user.role, teamId: user.teamId, languages: user.languages.split(',').filter(Boolean) }}
      />
      <div className="form-actions">
        <Form method="post">
          <button type="submit" name="intent" value="reset-password" className="button button-secondary">
            {t('users.actions.resetPassword')}
          </button>
        </Form>
        <Form method="post">
          <button type="submit" name="intent" value="revoke-sessions" className="button button-secondary">
            {t('users.actions.revokeSessions')}
          </button>
        </Form>
        {locked ? (
          <Form method="post">
            <button type="submit" name="intent" value="unlock" className="button button-secondary">
              {t('users.actions.unlock')}
            </button>
          </Form>
        ) : null}
        <Form method="post">
          {user.active ? (
            <button type="submit" name="intent" value="deactivate" className="button button-danger">
              {t('users.actions.deactivate')}
            </button>
          ) : (
            <button type="submit" name="intent" value="activate" className="button button-secondary">
              {t('users.actions.activate')}
            </button>
          )}
        </Form>
      </div>
      {secondFactor.enrolled ? (
        <section className="card stack" aria-labelledby="reset-second-factor-heading">
          <h2 id="reset-second-factor-heading">{t('users.secondFactor.heading')}</h2>
          <p>{t('users.secondFactor.explain')}</p>
          <Form method="post" className="stack">
            <CheckboxField id="reset-second-factor-confirm" name="confirm" label={t('users.secondFactor.confirm', { name: user.displayName })} />
            <div className="form-actions">
              <button type="submit" name="intent" value="reset-second-factor" className="button button-danger">
                {t('users.secondFactor.submit')}
              </button>
            </div>
          </Form>
        </section>
      ) : null}
    </div>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
