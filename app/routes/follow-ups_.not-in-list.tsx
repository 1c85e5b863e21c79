import { data, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { FollowUpErrorBoundary, FollowUpNotInList } from '#app/components/follow-up-not-in-list.tsx'
import { requireRole } from '#app/utils/auth.server.ts'
import { getFixedT } from '#app/utils/i18n.server.ts'

// /follow-ups/not-in-list — where "Erledigt" on a case's follow-up tab leads when the follow-up is no longer the
// person's to act on (a stand-in that ended at midnight, a case reassigned since the tab was shown): the case's own
// page may be closed to them by then. The same 404 and the same words as /follow-ups' own answer; it names no
// follow-up and no case (decision 223).
export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.title ?? ''} · Wegbegleiter` },
]

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, ['COUNSELLOR', 'TEAM_LEAD'])
  const t = await getFixedT(request, 'contacts')
  return data({ title: t('followUpsPage.notInList.title') }, { status: 404 })
}

export default function FollowUpNotInListPage() {
  return <FollowUpNotInList />
}

export function ErrorBoundary() {
  return <FollowUpErrorBoundary />
}
