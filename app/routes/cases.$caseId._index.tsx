import { type LoaderFunctionArgs } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { GeneralErrorBoundary } from '#app/components/general-error-boundary.tsx'
import { SuccessStatus } from '#app/components/success-status.tsx'
import { Timeline } from '#app/components/timeline.tsx'
import { SelectField } from '#app/components/ui/field.tsx'
import { auditCaseRead, requireCaseForRoute } from '#app/models/case-access.server.ts'
import { TIMELINE_KINDS, TIMELINE_MAX_LIMIT, TIMELINE_PAGE_SIZE, type TimelineKind } from '#app/domain/timeline.ts'
import { getTimelineAndPrivacyInfo } from '#app/models/timeline.server.ts'
import { getArrivingHandover } from '#app/models/takeover.server.ts'
import { HandoverBanner } from '#app/components/handover-banner.tsx'
import { getLanguage } from '#app/utils/i18n.server.ts'
import { inMarkupOnly, languageName } from '#app/utils/iso.server.ts'
import { formatDate } from '#app/utils/format.ts'
import { FilterForm } from '#app/components/ui/filter-form.tsx'
import { Link } from '#app/components/ui/link.tsx'

// The timeline is the case file's main view: its `case.read` is the layout's event, written once per request by
// whichever loader asks first, so a request for this route alone is audited too (decision 244).
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, kase: access } = await requireCaseForRoute({ request, params }, 'read')
  await auditCaseRead(user, access)
  const url = new URL(request.url)
  const kindParam = url.searchParams.get('kind') ?? ''
  const kind = (TIMELINE_KINDS as readonly string[]).includes(kindParam) ? (kindParam as TimelineKind) : null
  const requested = Number.parseInt(url.searchParams.get('limit') ?? '', 10)
  const limit = Number.isFinite(requested) ? Math.min(Math.max(requested, TIMELINE_PAGE_SIZE), TIMELINE_MAX_LIMIT) : TIMELINE_PAGE_SIZE
  const language = await getLanguage(request)
  const [{ timeline, privacy }, handover] = await Promise.all([
    // The privacy information's summary comes with the timeline, in its statement (issue 19, session 18).
    getTimelineAndPrivacyInfo(access.id, { kinds: kind ? [kind] : TIMELINE_KINDS, limit, language }),
    // The handover note of a case that arrived and waits for a counsellor (issue 14, item 6).
    getArrivingHandover(access),
  ])
  const privacyInfo = privacy
    ? {
        ...privacy,
        textLanguage: privacy.text ? languageName(privacy.text.language, language) : null,
        clientLanguageName: privacy.clientLanguage ? languageName(privacy.clientLanguage, language) : null,
      }
    : null
  const data = { caseId: access.id, kind, privacyInfo, handover, ...timeline }
  // A document's hydration data leaves the entries to the list's pre-built markup, which the browser
  // reads back while it hydrates (decision 109, as decision 101 for the forms' lists); a `.data` answer
  // (client navigation, "show more", the filter, a revalidation) carries them. No entry: nothing to leave.
  return timeline.entries.length > 0 ? inMarkupOnly(data, ['entries']) : data
}

export default function CaseTimelinePage() {
  const { t, i18n } = useTranslation('caseFile')
  const loaded = useLoaderData<typeof loader>()
  const { caseId, kind, hasMore, limit, privacyInfo, handover } = loaded
  // Absent in the browser after a document (decision 109): then there are entries, in the list's markup.
  const entries = loaded.entries as typeof loaded.entries | undefined
  const moreParams = new URLSearchParams({ ...(kind ? { kind } : {}), limit: String(Math.min(limit + TIMELINE_PAGE_SIZE, TIMELINE_MAX_LIMIT)) })
  return (
    <div className="stack">
      <SuccessStatus messages={{ groupSessionDeleted: t('groupSessions:delete.done') }} />
      {handover ? <HandoverBanner handover={handover} /> : null}
      {privacyInfo ? (
        <section className="card privacy-info-given" aria-labelledby="privacy-info-heading">
          <h2 id="privacy-info-heading">{t('consentTexts:given.privacyTitle')}</h2>
          <p>
            {t('consentTexts:given.privacyGiven', {
              date: formatDate(privacyInfo.givenAt, i18n.language),
              form: privacyInfo.form ? t(`codes:consentForm.${privacyInfo.form}`) : '–',
            })}
            {privacyInfo.clientLanguageName ? ` · ${privacyInfo.clientLanguageName}` : null}
          </p>
          <p>
            {t('consentTexts:given.privacyText', {
              text: privacyInfo.text
                ? t('consentTexts:given.version', { language: privacyInfo.textLanguage, version: privacyInfo.text.version })
                : t('consentTexts:given.none'),
            })}
            {privacyInfo.text && !privacyInfo.text.reviewed ? ` (${t('consentTexts:given.draft')})` : null}
          </p>
        </section>
      ) : null}
      <p>
        <Link to={`/cases/${caseId}/privacy-information/print`}>{t('consentTexts:form.privacyPrintCase')}</Link>
      </p>
      <h2>{t('timeline.title')}</h2>
      <FilterForm className="row timeline-filter">
        <SelectField
          label={t('timeline.filterLabel')}
          name="kind"
          defaultValue={kind ?? ''}
          placeholder={t('timeline.allKinds')}
          options={kindOptions(t)}
        />
        <button type="submit" className="button button-secondary">
          {t('common:actions.filter')}
        </button>
      </FilterForm>
      {entries?.length === 0 ? (
        <p className="muted">{kind ? t('timeline.emptyFiltered') : t('timeline.empty')}</p>
      ) : (
        <Timeline entries={entries} loaded={loaded} caseId={caseId} />
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

// A loop in a module-level function, not a callback per render (issue 19, session 19): V8 drops the
// optimised code of a function created per request at every full collection and compiles it again.
function kindOptions(t: (key: string) => string) {
  const options: Array<{ value: TimelineKind; label: string }> = []
  for (const value of TIMELINE_KINDS) options.push({ value, label: t(`timeline.kinds.${value}`) })
  return options
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
