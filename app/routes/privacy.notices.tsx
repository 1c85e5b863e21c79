import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { GeneralErrorBoundary } from '#app/components/general-error-boundary.tsx'
import { SubmitButton } from '#app/components/ui/button.tsx'
import { Table } from '#app/components/ui/table.tsx'
import { listAccessNotices, listPrivacyNotices, markPrivacyNoticesRead } from '#app/models/privacy-notice.server.ts'
import { requireUser } from '#app/utils/auth.server.ts'
import { formatDateTime } from '#app/utils/format.ts'
import { getFixedT } from '#app/utils/i18n.server.ts'
import { readFormData } from '#app/utils/request.server.ts'
import { safeRedirect } from '#app/utils/safe-redirect.ts'
import { Link } from '#app/components/ui/link.tsx'

// /privacy/notices — what someone must know about privacy and access in their reach:
// - everyone: changes an administrator made to their own account (created, role, team, password
//   reset), shown right after the next sign-in (decision 018);
// - team leads: those changes for accounts of their team, emergency accesses (who broke the glass,
//   when, with which reason category), erasure requests waiting for confirmation and cases
//   transferred in from another team (who sent them, with which reason).
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.title ?? ''} · Wegbegleiter` }]

/** Where to continue after reading (set when the sign-in led here); null when the page was opened itself. */
function continueTo(request: Request) {
  const target = new URL(request.url).searchParams.get('redirectTo')
  return target ? safeRedirect(target) : null
}

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request)
  const t = await getFixedT(request, 'privacy')
  const [accessNotices, teamNotices] = await Promise.all([listAccessNotices(user.id), listPrivacyNotices(user.id)])
  return { title: t('notices.title'), isLead: user.role === 'TEAM_LEAD', accessNotices, notices: teamNotices, continueTo: continueTo(request) }
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request)
  const formData = await readFormData(request)
  if (formData.get('intent') !== 'mark-read') throw new Response('Unknown intent', { status: 400 })
  await markPrivacyNoticesRead(user.id)
  const next = formData.get('redirectTo')
  throw redirect(typeof next === 'string' && next ? safeRedirect(next) : '/privacy/notices')
}

export default function PrivacyNoticesPage() {
  const { t, i18n } = useTranslation('privacy')
  const { isLead, accessNotices, notices, continueTo } = useLoaderData<typeof loader>()
  const unread = [...accessNotices, ...notices].filter((notice) => !notice.read).length
  const unreadOwn = accessNotices.filter((notice) => notice.ownAccount && !notice.read).length
  const roleName = (role: string | null) => (role ? t(`codes:role.${role}`) : '–')
  return (
    <div className="stack">
      <h1>{t('notices.title')}</h1>
      {continueTo && unreadOwn > 0 ? (
        <p className="alert alert-info" role="status">
          {t('notices.access.atSignIn')}
        </p>
      ) : null}

      <section className="stack" aria-labelledby="access-notices">
        <h2 id="access-notices">{t('notices.access.heading')}</h2>
        <p>{t('notices.access.intro')}</p>
        {accessNotices.length === 0 ? (
          <p>{t('notices.empty')}</p>
        ) : (
          <Table caption={t('notices.caption', { count: accessNotices.filter((notice) => !notice.read).length })} className="audit-table" columns={[t('audit.column.at'), t('notices.kind'), t('notices.access.account'), t('notices.by'), t('notices.access.details'), t('notices.state')]}>
            {accessNotices.map((notice) => (
              <tr key={notice.id}>
                <td>{formatDateTime(notice.at, i18n.language)}</td>
                <td>{t(`notices.kinds.${notice.kind}`)}</td>
                <td>
                  {notice.ownAccount
                    ? t('notices.access.yourAccount')
                    : notice.subject
                      ? `${notice.subject.displayName} (${notice.subject.email})`
                      : '–'}
                </td>
                <td>{notice.by ?? t('notices.access.commandLine')}</td>
                <td>
                  {notice.kind === 'TEAM_CHANGED'
                    ? t('notices.access.moved', { from: notice.previousTeam ?? '–', to: notice.team ?? '–' })
                    : notice.kind === 'ROLE_GRANTED'
                      ? t('notices.access.promoted', { from: roleName(notice.previousRole), to: roleName(notice.role) })
                      : t('notices.access.roleInTeam', { role: roleName(notice.role), team: notice.team ?? '–' })}
                </td>
                <td>{notice.read ? t('notices.read') : <span className="badge badge-warning">{t('notices.new')}</span>}</td>
              </tr>
            ))}
          </Table>
        )}
        <p className="muted">{t('notices.access.whatToDo')}</p>
      </section>

      {isLead || notices.length > 0 ? (
        <section className="stack" aria-labelledby="team-notices">
          <h2 id="team-notices">{t('notices.team.heading')}</h2>
          <p>{t('notices.intro')}</p>
          {notices.length === 0 ? (
            <p>{t('notices.empty')}</p>
          ) : (
            <Table caption={t('notices.caption', { count: notices.filter((notice) => !notice.read).length })} className="audit-table" columns={[t('audit.column.at'), t('notices.kind'), t('notices.case'), t('notices.by'), t('notices.reason'), t('notices.state')]}>
              {notices.map((notice) => (
                <tr key={notice.id} className={notice.kind === 'EMERGENCY_ACCESS' ? 'audit-emergency' : undefined}>
                  <td>{formatDateTime(notice.at, i18n.language)}</td>
                  <td>{t(`notices.kinds.${notice.kind}`)}</td>
                  <td>
                    {notice.caseId ? (
                      <Link className="code" to={notice.kind === 'ERASURE_REQUESTED' ? `/cases/${notice.caseId}/erasure` : `/cases/${notice.caseId}`}>
                        {notice.pseudonymCode ?? notice.caseId}
                      </Link>
                    ) : (
                      t('notices.deleted')
                    )}
                  </td>
                  <td>{notice.by ?? '–'}</td>
                  <td>
                    {!notice.reason
                      ? '–'
                      : notice.kind === 'TRANSFER_IN'
                        ? t(`codes:transferReason.${notice.reason}`, { defaultValue: notice.reason })
                        : notice.kind === 'QUEUED'
                          ? t(`notices.queuedReasons.${notice.reason}`, { defaultValue: notice.reason })
                          : t(`emergency.reasons.${notice.reason}`, { defaultValue: notice.reason })}
                  </td>
                  <td>{notice.read ? t('notices.read') : <span className="badge badge-warning">{t('notices.new')}</span>}</td>
                </tr>
              ))}
            </Table>
          )}
        </section>
      ) : null}

      <div className="form-actions">
        {unread > 0 ? (
          <Form method="post">
            {continueTo ? <input type="hidden" name="redirectTo" value={continueTo} /> : null}
            <SubmitButton intent="mark-read" variant={continueTo ? 'primary' : 'secondary'}>
              {continueTo ? t('notices.markReadAndContinue') : t('notices.markRead')}
            </SubmitButton>
          </Form>
        ) : continueTo ? (
          <Link className="button button-primary" to={continueTo}>
            {t('notices.continue')}
          </Link>
        ) : null}
      </div>
    </div>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
