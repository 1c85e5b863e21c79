import { type LoaderFunctionArgs } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { GeneralErrorBoundary } from '#app/components/general-error-boundary.tsx'
import { Timeline } from '#app/components/timeline.tsx'
import { SelectField } from '#app/components/ui/field.tsx'
import { requireCaseForRoute } from '#app/models/case-access.server.ts'
import { TIMELINE_KINDS, TIMELINE_MAX_LIMIT, TIMELINE_PAGE_SIZE, type TimelineKind } from '#app/domain/timeline.ts'
import { getTimeline } from '#app/models/timeline.server.ts'
import { getLanguage } from '#app/utils/i18n.server.ts'

// The timeline is the case file's main view: the layout's `case.read` event covers this read.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { kase: access } = await requireCaseForRoute({ request, params }, 'read')
  const url = new URL(request.url)
  const kindParam = url.searchParams.get('kind') ?? ''
  const kind = (TIMELINE_KINDS as readonly string[]).includes(kindParam) ? (kindParam as TimelineKind) : null
  const requested = Number.parseInt(url.searchParams.get('limit') ?? '', 10)
  const limit = Number.isFinite(requested) ? Math.min(Math.max(requested, TIMELINE_PAGE_SIZE), TIMELINE_MAX_LIMIT) : TIMELINE_PAGE_SIZE
  const timeline = await getTimeline(access.id, { kinds: kind ? [kind] : TIMELINE_KINDS, limit, language: await getLanguage(request) })
  return { caseId: access.id, kind, ...timeline }
}

export default function CaseTimelinePage() {
  const { t } = useTranslation('caseFile')
  const { caseId, kind, entries, hasMore, limit } = useLoaderData<typeof loader>()
  const moreParams = new URLSearchParams({ ...(kind ? { kind } : {}), limit: String(Math.min(limit + TIMELINE_PAGE_SIZE, TIMELINE_MAX_LIMIT)) })
  return (
    <div className="stack">
      <h2>{t('timeline.title')}</h2>
      <Form method="get" className="row timeline-filter">
        <SelectField
          label={t('timeline.filterLabel')}
          name="kind"
          defaultValue={kind ?? ''}
          placeholder={t('timeline.allKinds')}
          options={TIMELINE_KINDS.map((value) => ({ value, label: t(`timeline.kinds.${value}`) }))}
        />
        <button type="submit" className="button button-secondary">
          {t('common:actions.filter')}
        </button>
      </Form>
      {entries.length === 0 ? (
        <p className="muted">{kind ? t('timeline.emptyFiltered') : t('timeline.empty')}</p>
      ) : (
        <Timeline entries={entries} caseId={caseId} />
      )}
      {hasMore && limit < TIMELINE_MAX_LIMIT ? (
        <p>
          <Link to={`/cases/${caseId}?${moreParams}`} preventScrollReset>
            {t('timeline.showMore')}
          </Link>
        </p>
      ) : hasMore ? (
        <p className="muted">{t('timeline.capped', { count: limit })}</p>
      ) : null}
    </div>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
