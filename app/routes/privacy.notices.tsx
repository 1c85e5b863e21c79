import {
  redirect,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { GeneralErrorBoundary } from '#app/components/general-error-boundary.tsx'
import { SubmitButton } from '#app/components/ui/button.tsx'
import { listPrivacyNotices, markPrivacyNoticesRead } from '#app/models/privacy-notice.server.ts'
import { listSecondFactorNotices } from '#app/models/second-factor.server.ts'
import { requireRole } from '#app/utils/auth.server.ts'
import { formatDateTime } from '#app/utils/format.ts'
import { getFixedT } from '#app/utils/i18n.server.ts'
import { readFormData } from '#app/utils/request.server.ts'

// /privacy/notices — what a team lead must know about their team: emergency accesses (who broke
// the glass, when, with which reason category) and erasure requests waiting for confirmation.
export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.title ?? ''} · Wegbegleiter` },
]

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, 'TEAM_LEAD')
  const t = await getFixedT(request, 'privacy')
  const [notices, resets] = await Promise.all([listPrivacyNotices(user.id), listSecondFactorNotices(user.id)])
  // a reset of the lead's own factor is shown to them on /settings/security, as to everyone
  return { title: t('notices.title'), notices, resets: resets.filter((notice) => !notice.subjectIsMe) }
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireRole(request, 'TEAM_LEAD')
  const formData = await readFormData(request)
  if (formData.get('intent') !== 'mark-read') throw new Response('Unknown intent', { status: 400 })
  await markPrivacyNoticesRead(user.id)
  throw redirect('/privacy/notices')
}

export default function PrivacyNoticesPage() {
  const { t, i18n } = useTranslation('privacy')
  const { notices, resets } = useLoaderData<typeof loader>()
  const unread =
    notices.filter((notice) => !notice.read).length + resets.filter((notice) => !notice.read).length
  return (
    <div className="stack">
      <h1>{t('notices.title')}</h1>
      <p>{t('notices.intro')}</p>
      {notices.length === 0 && resets.length === 0 ? <p>{t('notices.empty')}</p> : null}
      {resets.length > 0 ? (
        <div className="table-wrap">
          <table className="audit-table">
            <caption>{t('notices.resetsCaption', { count: resets.length })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('audit.column.at')}</th>
                <th scope="col">{t('notices.resetFor')}</th>
                <th scope="col">{t('notices.by')}</th>
                <th scope="col">{t('notices.state')}</th>
              </tr>
            </thead>
            <tbody>
              {resets.map((notice) => (
                <tr key={notice.id}>
                  <td>{formatDateTime(notice.at, i18n.language)}</td>
                  <td>{notice.subject ?? '–'}</td>
                  <td>{notice.by ?? '–'}</td>
                  <td>
                    {notice.read ? (
                      t('notices.read')
                    ) : (
                      <span className="badge badge-warning">{t('notices.new')}</span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {notices.length > 0 || resets.length > 0 ? (
        <>
          {notices.length > 0 ? (
            <div className="table-wrap">
              <table className="audit-table">
                <caption>{t('notices.caption', { count: unread })}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('audit.column.at')}</th>
                    <th scope="col">{t('notices.kind')}</th>
                    <th scope="col">{t('notices.case')}</th>
                    <th scope="col">{t('notices.by')}</th>
                    <th scope="col">{t('notices.reason')}</th>
                    <th scope="col">{t('notices.state')}</th>
                  </tr>
                </thead>
                <tbody>
                  {notices.map((notice) => (
                    <tr
                      key={notice.id}
                      className={notice.kind === 'EMERGENCY_ACCESS' ? 'audit-emergency' : undefined}
                    >
                      <td>{formatDateTime(notice.at, i18n.language)}</td>
                      <td>{t(`notices.kinds.${notice.kind}`)}</td>
                      <td>
                        {notice.caseId ? (
                          <Link
                            className="code"
                            to={
                              notice.kind === 'ERASURE_REQUESTED'
                                ? `/cases/${notice.caseId}/erasure`
                                : `/cases/${notice.caseId}`
                            }
                          >
                            {notice.pseudonymCode ?? notice.caseId}
                          </Link>
                        ) : (
                          t('notices.deleted')
                        )}
                      </td>
                      <td>{notice.by ?? '–'}</td>
                      <td>
                        {notice.reason
                          ? t(`emergency.reasons.${notice.reason}`, { defaultValue: notice.reason })
                          : '–'}
                      </td>
                      <td>
                        {notice.read ? (
                          t('notices.read')
                        ) : (
                          <span className="badge badge-warning">{t('notices.new')}</span>
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ) : null}
          {unread > 0 ? (
            <Form method="post">
              <SubmitButton intent="mark-read" variant="secondary">
                {t('notices.markRead')}
              </SubmitButton>
            </Form>
          ) : null}
        </>
      ) : null}
    </div>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
