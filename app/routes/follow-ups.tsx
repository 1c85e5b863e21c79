import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { useEffect, useLayoutEffect, useRef } from 'react'
import { useTranslation } from 'react-i18next'
import { FollowUpTable } from '#app/components/follow-up-list.tsx'
import { FollowUpErrorBoundary } from '#app/components/follow-up-not-in-list.tsx'
import { packFollowUpRows, withRowsForRender } from '#app/components/follow-up-rows.ts'
import { SuccessStatus, withDone } from '#app/components/success-status.tsx'
import { SelectField } from '#app/components/ui/field.tsx'
import { FilterForm } from '#app/components/ui/filter-form.tsx'
import { Link } from '#app/components/ui/link.tsx'
import { PageNavigation } from '#app/components/ui/page-navigation.tsx'
import { FOLLOW_UP_PAGE_BUCKETS, followUpPageBucketOf, type FollowUpPageBucket } from '#app/domain/follow-up.ts'
import { followUpWhoseOf, getFollowUpPage, markFollowUpDone, type FollowUpWhose } from '#app/models/follow-up.server.ts'
import { requireRole } from '#app/utils/auth.server.ts'
import { getFixedT } from '#app/utils/i18n.server.ts'
import { readFormData } from '#app/utils/request.server.ts'

// /follow-ups — every open follow-up of the signed-in counsellor or team lead (decision 199): the start page shows
// each group's first rows and its count and links here. The same rows, columns, groups and "Erledigt" as the start
// page's, without its seven days' end ("Später" beyond them), a page at a time; `?due=` keeps one group. The
// same follow-ups as the start page's (`getMyFollowUps`' need-to-know and assignee conditions), read in the same
// way, and like it not audited as a read of a case: it lists the actor's own tasks, each row a code and a link to
// the case, whose opening is audited. Administrators have none (no case content, PRODUCT.md §1). While the actor
// stands in for an absent colleague, the colleague's follow-ups are among them, marked (decision 211).
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.title ?? ''} · Wegbegleiter` }]

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, ['COUNSELLOR', 'TEAM_LEAD'])
  const t = await getFixedT(request, 'contacts')
  const search = new URL(request.url).searchParams
  const requested = Number(search.get('page') ?? '1')
  const list = await getFollowUpPage(user, {
    due: followUpPageBucketOf(search.get('due')),
    page: Number.isInteger(requested) ? requested : 1,
    whose: followUpWhoseOf(search.get('whose')),
  })
  // The rows packed as the start page's `.data` answers carry them (decision 091), every bucket with its rows on every
  // answer (no read-back from the markup here); the server's render takes the rows themselves (session 25).
  const { groups } = list
  const buckets = withRowsForRender(
    {
      overdue: packFollowUpRows(groups.overdue),
      today: packFollowUpRows(groups.today),
      upcoming: packFollowUpRows(groups.upcoming),
      later: packFollowUpRows(groups.later),
    },
    groups,
  )
  const shown = Object.fromEntries(FOLLOW_UP_PAGE_BUCKETS.map((bucket) => [bucket, groups[bucket].length])) as Record<FollowUpPageBucket, number>
  // How many are absent colleagues' (decision 211): only while the actor stands in for someone.
  const standIn = list.standIn ? { standIn: list.standIn } : {}
  return { title: t('followUpsPage.title'), buckets, shown, counts: list.counts, ...standIn, whose: list.whose, due: list.due, page: list.page, pages: list.pages, total: list.total }
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireRole(request, ['COUNSELLOR', 'TEAM_LEAD'])
  const formData = await readFormData(request)
  if (formData.get('intent') !== 'follow-up-done') throw new Response('Unknown intent', { status: 400 })
  const id = formData.get('followUpId')
  if (typeof id !== 'string' || id.length === 0 || id.length > 40) throw new Response('Bad request', { status: 400 })
  await markFollowUpDone(user, id)
  // Back to the same group, filter and page (the form posts to the page's address); a page left empty shows the last one.
  const search = new URL(request.url).searchParams
  throw redirect(withDone(pageHref(followUpPageBucketOf(search.get('due')), pageOf(request), followUpWhoseOf(search.get('whose'))), 'follow-up'))
}

function pageOf(request: Request) {
  const page = Number(new URL(request.url).searchParams.get('page') ?? '1')
  return Number.isInteger(page) && page >= 1 ? page : 1
}

function pageHref(due: FollowUpPageBucket | null, page: number, whose: FollowUpWhose) {
  const search = new URLSearchParams()
  if (due) search.set('due', due)
  if (whose !== 'all') search.set('whose', whose)
  if (page > 1) search.set('page', String(page))
  const query = search.toString()
  return query ? `/follow-ups?${query}` : '/follow-ups'
}

const CAPTIONS: Record<FollowUpPageBucket, string> = {
  overdue: 'home.followUps.overdue',
  today: 'home.followUps.today',
  upcoming: 'home.followUps.upcoming',
  later: 'followUpsPage.laterCaption',
}

export default function FollowUpsPage() {
  const { t } = useTranslation('contacts')
  const { buckets, shown, counts, standIn, whose, due, page, pages, total } = useLoaderData<typeof loader>()
  const all = counts.overdue + counts.today + counts.upcoming + counts.later
  const filters: Array<{ due: FollowUpPageBucket | null; label: string }> = [
    { due: null, label: t('followUpsPage.all', { count: all }) },
    ...FOLLOW_UP_PAGE_BUCKETS.map((bucket) => ({ due: bucket, label: t(`followUpsPage.${bucket}`, { count: counts[bucket] }) })),
  ]
  // The groups with rows on this page; with one group chosen, that group (also when it is empty).
  const listed = FOLLOW_UP_PAGE_BUCKETS.filter((bucket) => (due === null ? shown[bucket] > 0 : bucket === due))
  const heading = useRef<HTMLHeadingElement>(null)
  useFocusKeptWhenGroupsGo(listed.join(' '), heading)
  return (
    <div className="stack">
      <h1>{t('followUpsPage.title')}</h1>
      <p>
        {t('followUpsPage.intro')}
        {/* in the same paragraph: a child of its own would change the ids React's useId gives everyone's page */}
        {standIn ? ` ${t('followUpsPage.introStandIn')}` : null}
      </p>
      <SuccessStatus messages={{ 'follow-up': t('home.followUps.marked') }} />
      {/* Only while the actor stands in for someone today: their own follow-ups and the colleagues' apart (a GET form,
          without JavaScript too); the group links and the pages keep the choice, the counts follow it. */}
      {standIn ? (
        <FilterForm className="row">
          {due ? <input type="hidden" name="due" value={due} /> : null}
          <SelectField
            label={t('followUpsPage.standIn.label')}
            name="whose"
            id="follow-ups-whose"
            defaultValue={whose}
            options={[
              { value: 'all', label: t('followUpsPage.standIn.all') },
              { value: 'mine', label: t('followUpsPage.standIn.mine') },
              { value: 'stand-in', label: t('followUpsPage.standIn.standIn') },
            ]}
          />
          <button type="submit" className="button button-secondary">
            {t('followUpsPage.standIn.apply')}
          </button>
        </FilterForm>
      ) : null}
      <nav aria-label={t('followUpsPage.filter')}>
        <ul className="link-list">
          {filters.map((filter) => (
            <li key={filter.due ?? 'all'}>
              <Link to={pageHref(filter.due, 1, whose)} aria-current={filter.due === due ? 'page' : undefined}>
                {filter.label}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      <section className="card stack" aria-labelledby="follow-ups-heading">
        <h2 id="follow-ups-heading" ref={heading}>{t('followUpsPage.listTitle')}</h2>
        {total === 0 && due === null ? <p className="muted">{t('followUpsPage.empty')}</p> : null}
        {listed.map((bucket) => (
          <FollowUpTable
            key={bucket}
            caption={t(CAPTIONS[bucket])}
            buckets={buckets}
            bucket={bucket}
            empty={t('followUpsPage.emptyDue')}
            tone={bucket === 'overdue' ? 'overdue' : undefined}
            total={counts[bucket]}
            standIn={standIn?.[bucket]}
          />
        ))}
        <PageNavigation page={page} pages={pages} href={(target) => pageHref(due, target, whose)} />
      </section>
      <p>
        <Link to="/">{t('followUpsPage.home')}</Link>
      </p>
    </div>
  )
}

export function ErrorBoundary() {
  // "Erledigt" on a follow-up no longer in the list (a stand-in ended at midnight, a case reassigned) says so
  return <FollowUpErrorBoundary />
}

const useLayoutEffectInBrowser = typeof document === 'undefined' ? useEffect : useLayoutEffect

/**
 * "Erledigt" on a group's last row on this page takes the whole group away, with the button that had the focus:
 * the group's own focus keeping (`useFocusKeptInRows`) goes with it, and the focus would fall to the page's body
 * (WCAG 2.4.3; session 26's review). When a listed group goes and the focus is nowhere, it goes to the section's
 * heading, made focusable by script only (not a stop in the tab order).
 */
function useFocusKeptWhenGroupsGo(listed: string, heading: { readonly current: HTMLHeadingElement | null }) {
  const before = useRef(listed)
  useLayoutEffectInBrowser(() => {
    const previous = before.current
    before.current = listed
    if (previous === listed || !heading.current) return
    const now = new Set(listed.split(' '))
    if (!previous.split(' ').some((group) => group !== '' && !now.has(group))) return
    const active = document.activeElement
    if (active !== null && active !== document.body) return
    heading.current.setAttribute('tabindex', '-1')
    heading.current.focus()
  }, [listed])
}

