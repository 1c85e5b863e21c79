import { Form, useNavigation } from '@remix-run/react'
import { Link } from '#app/components/ui/link.tsx'
import { type FocusEvent, useEffect, useLayoutEffect, useMemo, useRef } from 'react'
import { useTranslation } from 'react-i18next'
import { useListClick } from '#app/components/ui/list-link.tsx'
import { Table, type PrebuiltRows } from '#app/components/ui/table.tsx'
import { formatDay } from '#app/utils/format.ts'
import { translateEach, translateOnce, type Translate } from '#app/utils/translate-once.ts'
import { followUpRowsHtml, rowsForRender, unpackFollowUpRows, type FollowUpRowTexts, type PackedFollowUpRows } from './follow-up-rows.ts'
import { rowsMarkup } from './prebuilt-html.ts'

export const FOLLOW_UP_BUCKETS = ['overdue', 'today', 'upcoming'] as const
export type FollowUpBucket = (typeof FOLLOW_UP_BUCKETS)[number]

/**
 * How many rows each bucket of the start page shows at most (decision 199); each bucket's count is exact and all
 * of them are on /follow-ups. Here, not in the domain module: the start page's browser bundle has this module
 * already, and the domain's would be one more chunk to load.
 */
export const START_PAGE_LIMITS = { overdue: 10, today: 10, upcoming: 5 } as const satisfies Record<FollowUpBucket, number>

/**
 * One bucket of the start page's follow-ups (overdue, today, next days) as a table. The rows come
 * packed, as the loader data carries them (decision 091); unpacked once per packed text, so a
 * revalidation that brings the same rows leaves the table as it is; the server's render takes the loader's rows
 * themselves (`rowsForRender`). After a document's load a bucket
 * with rows is absent from `buckets` (the loader leaves it to the markup, decision 171): its body is
 * read back from the server's markup (`rowsMarkup`, decision 113).
 */
export function FollowUpTable({
  caption,
  buckets,
  bucket,
  empty,
  tone,
  total,
  standIn,
  more,
}: {
  caption: string
  buckets: Partial<Record<FollowUpBucket | 'later', PackedFollowUpRows>>
  bucket: FollowUpBucket | 'later'
  empty: string
  tone?: 'overdue'
  /** the bucket's exact count when it may hold more follow-ups than its rows (decision 199); else its rows are counted */
  total?: number
  /** how many of the bucket's follow-ups are absent colleagues' (decision 211): said under the heading when there are any */
  standIn?: number
  /** where all of the bucket's follow-ups are listed, shown when `total` exceeds the rows ("Alle 23 … anzeigen") */
  more?: { to: string; label: string; shown: string }
}) {
  const packed = buckets[bucket] as PackedFollowUpRows | undefined
  // The server's render takes the loader's rows as they are (`rowsForRender`): the same markup as from their packed text.
  const rows = useMemo(() => (packed === undefined ? undefined : (rowsForRender(buckets, bucket) ?? unpackFollowUpRows(packed))), [buckets, bucket, packed])
  const { t: translate, i18n } = useTranslation('contacts')
  const t = useMemo(() => translateOnce(translate), [translate])
  const lng = i18n.language
  const body = useMemo(
    () => (rows !== undefined && rows.length === 0 ? null : rowsMarkup(buckets, rows, () => followUpRowsHtml(rows!, followUpRowTexts(t, lng)), () => bucketBody(bucket), bucket)),
    [buckets, bucket, rows, t, lng],
  )
  const shown = body?.rows ?? 0
  const count = total ?? shown
  const heading = useRef<HTMLHeadingElement>(null)
  const { onFocus, onBlur } = useFocusKeptInRows(body?.html ?? '', heading)
  return (
    <div className="stack follow-up-bucket" onFocus={onFocus} onBlur={onBlur}>
      <h3 ref={heading} className={tone === 'overdue' && count > 0 ? 'heading-overdue' : undefined}>
        {caption}{' '}
        <span className={tone === 'overdue' && count > 0 ? 'badge badge-error' : 'badge'}>
          {count}
        </span>
      </h3>
      {body === null ? <p className="muted">{empty}</p> : <FollowUpRows caption={caption} html={body.html} t={t} />}
      {/* The stand-in count (decision 211) goes into the group's last slot, not a slot of its own: another child would
          change the ids React's useId gives the tables of everyone's page. */}
      {more && count > shown ? (
        <p>
          {more.shown}
          {standIn ? ` ${translate('home.followUps.standInCount', { count: standIn })}` : null} <Link to={more.to}>{more.label}</Link>
        </p>
      ) : standIn ? (
        <p className="muted">{translate('home.followUps.standInCount', { count: standIn })}</p>
      ) : null}
    </div>
  )
}

// A bucket's table body in the server's markup: the start page's follow-up section holds the three buckets in order.
function bucketBody(bucket: FollowUpBucket | 'later') {
  const buckets = document.getElementById('follow-ups-heading')?.parentElement?.querySelectorAll('.follow-up-bucket')
  return buckets?.[FOLLOW_UP_BUCKETS.indexOf(bucket as FollowUpBucket)]?.querySelector('tbody')
}

/**
 * The bucket's rows in one form: each row's "Erledigt" is a submit button that posts its own
 * follow-up id (name/value of the button pressed, with or without JavaScript), instead of a form
 * per row — a Remix `<Form>` resolves its action and subscribes to the navigation, ≈ 75 times on a
 * busy counsellor's start page (issue 19). The rows are pre-built markup (decision 080,
 * `follow-up-rows.ts`) with one click handler for their links; labels repeat from row to row:
 * translated once each, the button's name with the row's code once per list (`translateEach`). The
 * buttons say they are busy from one look at the navigation (what `SubmitButton` without an intent
 * does in each row), set on the buttons by an effect and not written into the markup: a new string
 * would replace the rows' DOM during the submission and the pressed button would lose the keyboard
 * focus (decision 080).
 */
function FollowUpRows({ caption, html, t }: { caption: string; html: PrebuiltRows; t: Translate }) {
  const onClick = useListClick()
  const busy = useNavigation().state === 'submitting'
  const form = useRef<HTMLFormElement>(null)
  useEffect(() => {
    for (const button of form.current?.querySelectorAll(DONE_BUTTONS) ?? []) {
      if (busy) button.setAttribute('aria-disabled', 'true')
      else button.removeAttribute('aria-disabled')
    }
  }, [busy, html])
  return (
    <Form method="post" ref={form}>
      <input type="hidden" name="intent" value="follow-up-done" />
      <Table
        caption={caption}
        hideCaption
        columns={[
          t('home.followUps.case'),
          t('home.followUps.due'),
          t('home.followUps.source'),
          t('home.followUps.nextStep'),
          t('home.followUps.action'),
        ]}
        body={{ html, onClick }}
      />
    </Form>
  )
}

/**
 * The rows' texts for one render (`t`: the contacts namespace's, answering each key once). A row's
 * source name is looked up by the source alone: the few sources repeat over ≈ 75–200 rows, and the
 * same key with the same options gives the same text — without building `translateOnce`'s key of the
 * options for every row (issue 19, session 23).
 */
export function followUpRowTexts(t: Translate, lng: string): FollowUpRowTexts {
  return {
    due: dueDayText.bind({ lng, days: new Map<string | Date, string>() }),
    source: sourceName.bind({ t, names: new Map<string, string>() }),
    contact: t('home.followUps.sources.CONTACT'),
    doneFor: translateEach(t, 'home.followUps.doneFor', 'code'),
    done: t('home.followUps.done'),
    standInFor: standInText.bind({ t, text: undefined }),
  }
}

// Looked up at the first absent colleague's row only: a render without one asks nothing more of i18next (decision 211).
function standInText(this: { t: Translate; text: ((name: string) => string) | undefined }, name: string) {
  this.text ??= translateEach(this.t, 'home.followUps.standInFor', 'name')
  return this.text(name)
}

// The due days repeat over the rows (≈ 30 different ones among a busy counsellor's ≈ 85 follow-ups):
// each day's text is formatted once per render (session 25).
function dueDayText(this: { lng: string; days: Map<string | Date, string> }, date: string | Date) {
  let text = this.days.get(date)
  if (text === undefined) {
    text = formatDay(date, this.lng)
    this.days.set(date, text)
  }
  return text
}

// A module-level function bound to its render's state, not a closure per render (decision 137).
function sourceName(this: { t: Translate; names: Map<string, string> }, source: string) {
  let name = this.names.get(source)
  if (name === undefined) {
    name = this.t(`home.followUps.sources.${source}`, { defaultValue: source })
    this.names.set(source, name)
  }
  return name
}

const DONE_BUTTONS = 'tbody button[name="followUpId"]'

// A layout effect runs before the browser paints (and before a screen reader sees the page without
// its focus); on the server it would only warn, and there is nothing to focus there.
const useLayoutEffectInBrowser = typeof document === 'undefined' ? useEffect : useLayoutEffect

/**
 * Keeps the keyboard focus in the bucket when its rows are written anew (`body`, their markup; WCAG 2.4.3): pre-built
 * markup replaces the whole body when the rows change — after "Erledigt" the revalidated list
 * without the row that was done — and the focused button goes with it, leaving the focus at the
 * document's start. The bucket remembers the "Erledigt" button that has the focus (its follow-up and
 * its place in the list); when that button is gone after a change of the rows and nothing else took
 * the focus meanwhile, the focus goes to the same follow-up's button if it is still listed, else to
 * the button now in its place (the next row's), else to the last row's, and to the bucket's heading
 * when no row is left. Focus moved on by the person (to another element) is left alone.
 */
function useFocusKeptInRows(body: string, heading: { readonly current: HTMLHeadingElement | null }) {
  const kept = useRef<{ button: HTMLButtonElement; id: string; index: number } | null>(null)
  const onFocus = (event: FocusEvent<HTMLElement>) => {
    const target = event.target
    kept.current = null
    if (!(target instanceof HTMLButtonElement) || !target.matches(DONE_BUTTONS)) return
    const buttons = Array.from(event.currentTarget.querySelectorAll<HTMLButtonElement>(DONE_BUTTONS))
    kept.current = { button: target, id: target.value, index: buttons.indexOf(target) }
  }
  // A focus that leaves for another element is the person's; one that leaves for nothing (the button
  // removed, or the window left) is kept in mind.
  const onBlur = (event: FocusEvent<HTMLElement>) => {
    if (event.relatedTarget !== null) kept.current = null
  }
  useLayoutEffectInBrowser(() => {
    const last = kept.current
    if (!last || last.button.isConnected) return
    kept.current = null
    const active = document.activeElement
    if (active !== null && active !== document.body) return
    const bucket = heading.current?.parentElement
    const buttons = Array.from(bucket?.querySelectorAll<HTMLButtonElement>(DONE_BUTTONS) ?? [])
    const next = buttons.find((button) => button.value === last.id) ?? buttons[Math.min(last.index, buttons.length - 1)]
    if (next) return next.focus()
    if (!heading.current) return
    // only now focusable, by script (not a stop in the tab order): the markup stays as it was
    heading.current.setAttribute('tabindex', '-1')
    heading.current.focus()
  }, [body])
  return { onFocus, onBlur }
}
