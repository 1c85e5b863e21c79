import { useMemo, useRef } from 'react'
import { useTranslation } from 'react-i18next'
import { useListClick } from '#app/components/ui/list-link.tsx'
import { PrebuiltList } from '#app/components/ui/prebuilt-list.tsx'
import { type PrebuiltRows } from '#app/components/ui/table.tsx'
import { type TimelineEntry } from '#app/domain/timeline.ts'
import { formatDateTime, formatDay } from '#app/utils/format.ts'
import { translateEach } from '#app/utils/translate-once.ts'
import { rememberedTexts } from './remembered-texts.ts'
import { timelineEntriesHtml } from './timeline-entries.ts'

// A document's loader data leaves the entries out (decision 109): the browser takes the list's markup
// from the page while it hydrates, before React changes anything there. Kept per loader-data object, so
// that later renders of the same data give the same string (and React leaves the list alone).
const readBack = new WeakMap<object, PrebuiltRows>()

function markupOf(loaded: object): PrebuiltRows {
  let html = readBack.get(loaded)
  if (html === undefined) {
    const list = typeof document === 'undefined' ? null : document.querySelector('ol.timeline')
    if (!list) throw new Error('Timeline: the loader data has no entries and the page no list to read them from')
    html = list.innerHTML as PrebuiltRows
    readBack.set(loaded, html)
  }
  return html
}

/** Whether `html` gives the list `shown` (the browser's own serialisation of a list's markup). */
function sameList(html: string, shown: string) {
  const template = document.createElement('template')
  template.innerHTML = html
  return template.innerHTML === shown
}

/**
 * The case's timeline, newest first: 50 entries a page (up to 1,000 with `?limit`), as pre-built
 * markup (decision 080, `timeline-entries.ts`), with one click handler for the entries' links.
 * `entries` is undefined in the browser after a document: the markup is then the page's (decision 109).
 */
export function Timeline({ entries, loaded, caseId }: { entries: TimelineEntry[] | undefined; loaded: object; caseId: string }) {
  const { t: translate, i18n } = useTranslation('caseFile')
  const onClick = useListClick()
  const lng = i18n.language
  // The markup read back, while the list shows it: the first new loader data with the same entries
  // (a revalidation) then keeps that string instead of replacing the list's elements (and their focus).
  const shownFromMarkup = useRef<PrebuiltRows | null>(null)
  const html = useMemo(() => {
    if (entries === undefined) return (shownFromMarkup.current = markupOf(loaded))
    // Most lines repeat the labels of the lines before, and of the views before: each asked once
    // (on the server once for the language, remembered-texts.ts).
    const t = rememberedTexts(translate, lng, 'caseFile')
    const built = timelineEntriesHtml(entries, caseId, {
      t,
      // Each contact's topics differ: one i18next call per list instead of one per entry.
      topicsLine: translateEach(t, 'timeline.topics', 'topics'),
      day: (value) => formatDay(value, lng),
      dateTime: (value) => formatDateTime(value, lng),
    })
    const shown = shownFromMarkup.current
    if (shown !== null) {
      if (sameList(built, shown)) return shown
      shownFromMarkup.current = null
    }
    return built
  }, [entries, loaded, caseId, translate, lng])
  return <PrebuiltList className="timeline" html={html} onClick={onClick} />
}
