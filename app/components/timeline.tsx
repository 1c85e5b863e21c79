import { useMemo } from 'react'
import { useTranslation } from 'react-i18next'
import { useListClick } from '#app/components/ui/list-link.tsx'
import { PrebuiltList } from '#app/components/ui/prebuilt-list.tsx'
import { type TimelineEntry } from '#app/domain/timeline.ts'
import { formatDateTime, formatDay } from '#app/utils/format.ts'
import { translateEach, translateOnce } from '#app/utils/translate-once.ts'
import { timelineEntriesHtml } from './timeline-entries.ts'

/**
 * The case's timeline, newest first: 50 entries a page (up to 1,000 with `?limit`), as pre-built
 * markup (decision 080, `timeline-entries.ts`), with one click handler for the entries' links.
 */
export function Timeline({ entries, caseId }: { entries: TimelineEntry[]; caseId: string }) {
  const { t: translate, i18n } = useTranslation('caseFile')
  const onClick = useListClick()
  const lng = i18n.language
  const html = useMemo(() => {
    // Most lines repeat the labels of the lines before: each asked once (translateOnce).
    const t = translateOnce(translate)
    return timelineEntriesHtml(entries, caseId, {
      t,
      // Each contact's topics differ: one i18next call per list instead of one per entry.
      topicsLine: translateEach(t, 'timeline.topics', 'topics'),
      day: (value) => formatDay(value, lng),
      dateTime: (value) => formatDateTime(value, lng),
    })
  }, [entries, caseId, translate, lng])
  return <PrebuiltList className="timeline" html={html} onClick={onClick} />
}
