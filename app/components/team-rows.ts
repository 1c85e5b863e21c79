// The team lead's two long tables as pre-built rows (decision 072): the queue's 50 longest waiting cases
// (on /team/queue since decision 226) and /team's workload people (28 in the biggest team) were ≈ 1,200
// of /team's ≈ 1,600 React elements, and React's rendering ≈ 40 % of the page's server time (issue 19). The rows are the same markup
// React wrote for them, byte for byte but for the workload's dash written as `&ndash;` (the same text
// in the browser; `team-rows.test.tsx` compares both): every text and attribute
// escaped as React escapes it, and an empty comment between two adjacent texts as React's server
// rendering writes it. The links in them are followed within the app by one click handler on the
// table body (`useListClick`); without JavaScript they are ordinary links. Client-safe.
import { escapeHtml, texts } from './prebuilt-html.ts'
import { type PrebuiltRows } from './ui/table.tsx'
import { catalogueLabel, formatDay } from '#app/utils/format.ts'
import { languageName } from '#app/utils/iso.ts'
import { sinceDaysEach } from '#app/utils/relative-days.ts'
import { translateEach, type Translate } from '#app/utils/translate-once.ts'

export type QueueRowView = {
  id: string
  code: string
  programme: string
  kind: string
  languages: string[]
  age: number
  district: { labelDe: string; labelEn: string } | null
  startPlace: string
  transferredFrom: string | null
  /** back in the queue after a hand-back or a reopening without a counsellor (decision 245) */
  requeued: boolean
  waitingDays: number
}

// The loader sends the rows as packed values in a fixed order, not as objects (decision 084): Remix
// serialises loader data value by value (turbo-stream), and each object costs its keys, a look-up of
// each key and three plugin checks — the queue's 50 and the workload's 28 rows were most of /team's
// ≈ 630 serialised values. The page unpacks them into the same views before building the rows.

/** A queue row as the loader sends it. */
export type PackedQueueRow = [
  id: string,
  code: string,
  programme: string,
  kind: string,
  startPlace: string,
  age: number,
  languages: string[],
  districtDe: string | null,
  districtEn: string | null,
  transferredFrom: string | null,
  requeued: boolean,
  waitingDays: number,
]

// The per-row functions below are module-level, not arrows made per call: a callback made per call
// loses its optimised code at every full garbage collection and is compiled again (session 19).

export function packQueueRows(rows: readonly QueueRowView[]): PackedQueueRow[] {
  return rows.map(packQueueRow)
}

function packQueueRow(row: QueueRowView): PackedQueueRow {
  return [row.id, row.code, row.programme, row.kind, row.startPlace, row.age, row.languages, row.district?.labelDe ?? null, row.district?.labelEn ?? null, row.transferredFrom, row.requeued, row.waitingDays]
}

export function unpackQueueRows(rows: readonly PackedQueueRow[]): QueueRowView[] {
  return rows.map(unpackQueueRow)
}

function unpackQueueRow([id, code, programme, kind, startPlace, age, languages, districtDe, districtEn, transferredFrom, requeued, waitingDays]: PackedQueueRow): QueueRowView {
  return {
    id,
    code,
    programme,
    kind,
    startPlace,
    age,
    languages,
    district: districtDe !== null && districtEn !== null ? { labelDe: districtDe, labelEn: districtEn } : null,
    transferredFrom,
    requeued,
    waitingDays,
  }
}

/** What a queue row shows, in the page's language: each a plain text (escaped here). */
export type QueueRowTexts = {
  selectCase: (code: string) => string
  programme: (programme: string) => string
  kind: (kind: string) => string
  languages: (codes: string[]) => string
  place: (row: QueueRowView) => string
  waitingSince: (days: number) => string
  transferredFrom: (team: string) => string
  /** the mark of a case back in the queue (decision 245) */
  requeued: string
}

/** The queue's rows: a checkbox to select the case, its code linking to the case, its facts and its wait. */
export function queueRowsHtml(rows: readonly QueueRowView[], text: QueueRowTexts): PrebuiltRows {
  // Each cell holds one text: `escapeHtml(part)` is what `texts(part)` writes for one part (nothing for
  // an empty one), without its list of parts per call — ≈ 400 cells per render (session 28). The age is
  // a whole number: its digits and sign need no escaping.
  let html = ''
  for (const row of rows) {
    const id = escapeHtml(row.id)
    html +=
      `<tr><td><input type="checkbox" name="caseId" id="select-${id}" aria-label="${escapeHtml(text.selectCase(row.code))}" value="${id}"/></td>` +
      `<td class="code"><a data-discover="true" href="/cases/${id}">${escapeHtml(row.code)}</a></td>` +
      `<td>${escapeHtml(text.programme(row.programme))}</td><td>${escapeHtml(text.kind(row.kind))}</td><td>${escapeHtml(text.languages(row.languages))}</td>` +
      `<td class="num">${row.age}</td><td>${escapeHtml(text.place(row))}</td>` +
      `<td>${escapeHtml(text.waitingSince(row.waitingDays))}${row.transferredFrom ? `<br/><span class="muted">${escapeHtml(text.transferredFrom(row.transferredFrom))}</span>` : ''}${row.requeued ? `<br/><span class="muted">${escapeHtml(text.requeued)}</span>` : ''}</td></tr>`
  }
  return html as PrebuiltRows
}

export type WorkloadRowView = {
  id: string
  displayName: string
  languages: string[]
  absentUntil: Date | null
  openCases: number
  activeCaseManagement: number
  contacts30d: number
  hours30d: number
  overdueFollowUps: number
  openReferrals: number
}

/** A workload row as the loader sends it (the person and their figures; the hours, not the minutes). */
export type PackedWorkloadRow = [
  id: string,
  displayName: string,
  languages: string[],
  absentUntil: Date | null,
  openCases: number,
  activeCaseManagement: number,
  contacts30d: number,
  hours30d: number,
  overdueFollowUps: number,
  openReferrals: number,
]

export function packWorkloadRows(rows: readonly WorkloadRowView[]): PackedWorkloadRow[] {
  return rows.map(packWorkloadRow)
}

function packWorkloadRow(row: WorkloadRowView): PackedWorkloadRow {
  return [row.id, row.displayName, row.languages, row.absentUntil, row.openCases, row.activeCaseManagement, row.contacts30d, row.hours30d, row.overdueFollowUps, row.openReferrals]
}

export function unpackWorkloadRows(rows: readonly PackedWorkloadRow[]): WorkloadRowView[] {
  return rows.map(unpackWorkloadRow)
}

function unpackWorkloadRow([id, displayName, languages, absentUntil, openCases, activeCaseManagement, contacts30d, hours30d, overdueFollowUps, openReferrals]: PackedWorkloadRow): WorkloadRowView {
  return {
    id,
    displayName,
    languages,
    absentUntil,
    openCases,
    activeCaseManagement,
    contacts30d,
    hours30d,
    overdueFollowUps,
    openReferrals,
  }
}

/** What a workload row shows, in the page's language: each a plain text (escaped here). */
export type WorkloadRowTexts = {
  reassignLabel: (name: string) => string
  reassign: string
  absent: (until: Date) => string
  languages: (codes: string[]) => string
  number: (value: number) => string
  hours: (value: number) => string
  /** the column names that follow a figure for screen readers */
  columns: { openCases: string; activeCaseManagement: string; contacts30d: string; overdueFollowUps: string; openReferrals: string }
}

/**
 * The workload's rows: the person (with the link to reassign their cases and a running absence),
 * their languages, and each figure linking to the matching case list (the referrals to
 * /referrals). The visible figure starts the link's name, the column and the person follow for
 * screen readers (WCAG 2.5.3 label in name: speech users say "click 3").
 */
export function workloadRowsHtml(rows: readonly WorkloadRowView[], text: WorkloadRowTexts): PrebuiltRows {
  // What every row repeats is escaped once per render, each row's person once per row (escaping
  // works character by character: the escaped parts joined are the whole escaped). The figure's
  // hidden text is what `texts(' – ', `${column}: ${name}`)` writes (the dash as `&ndash;`, see
  // `figureCell`): both parts are never empty. A cell of one text is `escapeHtml(part)`, what `texts(part)`
  // writes for one part.
  const names = text.columns
  const columns = {
    openCases: escapeHtml(names.openCases),
    activeCaseManagement: escapeHtml(names.activeCaseManagement),
    contacts30d: escapeHtml(names.contacts30d),
    overdueFollowUps: escapeHtml(names.overdueFollowUps),
    openReferrals: escapeHtml(names.openReferrals),
  }
  const reassign = texts(text.reassign)
  let html = ''
  for (const row of rows) {
    const name = escapeHtml(row.displayName)
    // The counsellor parameter is encoded once per row, the filters are constants.
    const counsellor = counsellorParameter(row.id)
    const cases = escapeHtml(`/cases?${counsellor}`)
    html +=
      `<tr><th scope="row">${texts(row.displayName, ' ')}<a class="muted" aria-label="${escapeHtml(text.reassignLabel(row.displayName))}" data-discover="true" href="${escapeHtml(`/team/reassign?from=${encodeURIComponent(row.id)}`)}">${reassign}</a>` +
      `${row.absentUntil ? `<span class="badge badge-warning">${escapeHtml(text.absent(row.absentUntil))}</span>` : ''}</th>` +
      `<td>${escapeHtml(text.languages(row.languages))}</td>` +
      figureCell(text.number(row.openCases), `${cases}&amp;status=NOT_CLOSED`, columns.openCases, name) +
      figureCell(text.number(row.activeCaseManagement), `${cases}&amp;status=ACTIVE&amp;kind=CASE_MANAGEMENT`, columns.activeCaseManagement, name) +
      figureCell(text.number(row.contacts30d), `${cases}&amp;sort=last-contact`, columns.contacts30d, name) +
      `<td class="num">${escapeHtml(text.hours(row.hours30d))}</td>` +
      figureCell(text.number(row.overdueFollowUps), `${cases}&amp;overdue=1`, columns.overdueFollowUps, name) +
      figureCell(text.number(row.openReferrals), escapeHtml(`/referrals?${counsellor}`), columns.openReferrals, name) +
      '</tr>'
  }
  return html as PrebuiltRows
}

/**
 * A figure's cell: the figure linking to its list, the column and the person for screen readers. The
 * dash before them is written as `&ndash;` (React writes the character U+2013): the browser's text is
 * the same, and the rows stay a string of one byte per character whenever their values are Latin-1 —
 * the character alone made V8 keep the whole ≈ 36 kB of rows two bytes per character and encode them
 * on its slower UTF-16 path (session 25).
 */
function figureCell(figure: string, href: string, column: string, name: string) {
  return `<td class="num"><a data-discover="true" href="${href}">${escapeHtml(figure)}<span class="visually-hidden"> &ndash; <!-- -->${column}: ${name}</span></a></td>`
}

/**
 * The two tables' row texts in the page's language, one per render. The rows repeat the same labels
 * (columns, codes, "umverteilen") and the same few languages: each is looked up once per render (an
 * i18next t() or an Intl.DisplayNames call costs 10–40 µs).
 */
export class TeamRowTexts implements QueueRowTexts, WorkloadRowTexts {
  private readonly names = new Map<string, string>()
  private readonly waits = new Map<number, string>()
  constructor(
    private readonly label: Translate,
    private readonly language: string,
    readonly selectCase: (code: string) => string,
    readonly reassignLabel: (name: string) => string,
    private readonly since: (days: number) => string,
    readonly number: (value: number) => string,
    readonly hours: (value: number) => string,
  ) {}

  /**
   * The texts of one render of /team's or /team/queue's rows: the labels that differ per row only in the code or
   * the name asked of i18next once each, as is "seit 1006 Tagen"'s plural form; `hours` for the workload's hours.
   */
  static forRender(t: Translate, label: Translate, language: string, number: (value: number) => string, hours = number) {
    return new TeamRowTexts(
      label,
      language,
      translateEach(t, 'queue.selectCase', 'code'),
      translateEach(t, 'reassign.linkFor', 'name'),
      sinceDaysEach(label, language),
      number,
      hours,
    )
  }

  // The queue's waits repeat (cases are opened in batches: 17 different ones among the 50 rows of the
  // largest team): each text is asked once per render: a plural rule and a join less per row.
  waitingSince(days: number) {
    let text = this.waits.get(days)
    if (text === undefined) {
      text = this.since(days)
      this.waits.set(days, text)
    }
    return text
  }

  languages(codes: string[]) {
    let list = ''
    for (let index = 0; index < codes.length; index++) list += (index === 0 ? '' : ', ') + this.languageName(codes[index]!)
    return list
  }

  private languageName(code: string) {
    let name = this.names.get(code)
    if (name === undefined) {
      name = languageName(code, this.language)
      this.names.set(code, name)
    }
    return name
  }

  // The queue's programmes and kinds are a few codes repeated over its 50 rows: each label is kept
  // by its code for the render, without making its i18next key per row to look it up.
  private readonly programmes = new Map<string, string>()
  private readonly kinds = new Map<string, string>()

  programme(programme: string) {
    let label = this.programmes.get(programme)
    if (label === undefined) {
      label = this.label(`codes:programme.${programme}`)
      this.programmes.set(programme, label)
    }
    return label
  }

  kind(kind: string) {
    let label = this.kinds.get(kind)
    if (label === undefined) {
      label = this.label(`codes:caseKind.${kind}`)
      this.kinds.set(kind, label)
    }
    return label
  }

  place(row: QueueRowView) {
    return catalogueLabel(row.district, this.language) ?? this.label(`codes:startPlace.${row.startPlace}`)
  }

  transferredFrom(team: string) {
    return this.label('queue.transferredFrom', { team })
  }

  get requeued() {
    return this.label('queue.requeued')
  }

  absent(until: Date) {
    return this.label('queue.absent', { date: formatDay(until, this.language) })
  }

  get reassign() {
    return this.label('reassign.link')
  }

  get columns() {
    return {
      openCases: this.label('workload.openCases'),
      activeCaseManagement: this.label('workload.activeCaseManagement'),
      contacts30d: this.label('workload.contacts30d'),
      overdueFollowUps: this.label('workload.overdueFollowUps'),
      openReferrals: this.label('workload.openReferrals'),
    }
  }
}

// Ids the app makes (cuids) are letters and digits: `URLSearchParams` writes them unchanged (it
// encodes everything but ASCII letters, digits and `*-._`), so only another id is given to it — the
// same text without a URLSearchParams and its string per row (session 18).
const UNENCODED = /^[A-Za-z0-9*._-]*$/

/** `String(new URLSearchParams({ counsellor: id }))`. */
export function counsellorParameter(id: string) {
  return UNENCODED.test(id) ? `counsellor=${id}` : String(new URLSearchParams({ counsellor: id }))
}

export { rowsMarkup } from './prebuilt-html.ts'

// A document's hydration data leave the rows (and the assignment select's people) out: the page's
// markup already holds them, and the browser reads them back from it while it hydrates (decision 113,
// as decision 101 does for the forms' long lists). A `.data` answer (a client-side navigation, a
// revalidation) carries them as before.

const choices = new WeakMap<object, Array<{ value: string; label: string }>>()

/**
 * A select's options (`value` and text, the placeholder's empty value left out): `build()` when the
 * loader data carry what they are made of, otherwise read back from the select with id `selectId`
 * while the page hydrates. Kept per loader-data object (`holder`).
 */
export function optionsOf(
  holder: object,
  given: boolean,
  build: () => Array<{ value: string; label: string }>,
  selectId: string,
): Array<{ value: string; label: string }> {
  if (given) return build()
  let options = choices.get(holder)
  if (!options) {
    const select = typeof document === 'undefined' ? null : document.getElementById(selectId)
    if (!(select instanceof HTMLSelectElement)) throw new Error(`optionsOf: no select #${selectId} to read the options back from`)
    options = Array.from(select.options, (option) => ({ value: option.value, label: option.textContent ?? '' })).filter((option) => option.value !== '')
    choices.set(holder, options)
  }
  return options
}
