import { renderToString } from 'react-dom/server'
import { describe, expect, test } from 'vitest'
import { catalogueLabel, formatDay } from '#app/utils/format.ts'
import { languageName } from '#app/utils/iso.ts'
import { type Translate } from '#app/utils/translate-once.ts'
import {
  counsellorParameter,
  packQueueRows,
  packWorkloadRows,
  queueRowsHtml,
  TeamRowTexts,
  unpackQueueRows,
  unpackWorkloadRows,
  workloadRowsHtml,
  type QueueRowTexts,
  type QueueRowView,
  type WorkloadRowTexts,
  type WorkloadRowView,
} from './team-rows.ts'

// The reference: the rows as /team rendered them with React before decision 072 (its JSX, with the
// list links as the plain anchors of decision 063). The pre-built rows must be the same markup, byte
// for byte, as React's server rendering writes it (renderToString: text separators included).

function ReferenceQueueRows({ rows, text }: { rows: QueueRowView[]; text: QueueRowTexts }) {
  return (
    <>
      {rows.map((row) => (
        <tr key={row.id}>
          <td>
            <input type="checkbox" name="caseId" value={row.id} id={`select-${row.id}`} aria-label={text.selectCase(row.code)} />
          </td>
          <td className="code">
            <a data-discover="true" href={`/cases/${row.id}`}>
              {row.code}
            </a>
          </td>
          <td>{text.programme(row.programme)}</td>
          <td>{text.kind(row.kind)}</td>
          <td>{text.languages(row.languages)}</td>
          <td className="num">{row.age}</td>
          <td>{text.place(row)}</td>
          <td>
            <>
              {text.waitingSince(row.waitingDays)}
              {row.transferredFrom ? (
                <>
                  <br />
                  <span className="muted">{text.transferredFrom(row.transferredFrom)}</span>
                </>
              ) : null}
              {row.requeued ? (
                <>
                  <br />
                  <span className="muted">{text.requeued}</span>
                </>
              ) : null}
            </>
          </td>
        </tr>
      ))}
    </>
  )
}

function ReferenceWorkloadRows({ rows, text }: { rows: WorkloadRowView[]; text: WorkloadRowTexts }) {
  const caseList = (counsellorId: string) => {
    const list = `/cases?${new URLSearchParams({ counsellor: counsellorId })}`
    return (filter: string) => `${list}&${filter}`
  }
  const figure = (value: number, href: string, label: string) => (
    <a data-discover="true" href={href}>
      {text.number(value)}
      <span className="visually-hidden"> – {label}</span>
    </a>
  )
  return (
    <>
      {rows.map((row) => {
        const cases = caseList(row.id)
        return (
          <tr key={row.id}>
            <th scope="row">
              {row.displayName}{' '}
              <a className="muted" aria-label={text.reassignLabel(row.displayName)} data-discover="true" href={`/team/reassign?from=${encodeURIComponent(row.id)}`}>
                {text.reassign}
              </a>
              {row.absentUntil ? <span className="badge badge-warning">{text.absent(row.absentUntil)}</span> : null}
            </th>
            <td>{text.languages(row.languages)}</td>
            <td className="num">{figure(row.openCases, cases('status=NOT_CLOSED'), `${text.columns.openCases}: ${row.displayName}`)}</td>
            <td className="num">{figure(row.activeCaseManagement, cases('status=ACTIVE&kind=CASE_MANAGEMENT'), `${text.columns.activeCaseManagement}: ${row.displayName}`)}</td>
            <td className="num">{figure(row.contacts30d, cases('sort=last-contact'), `${text.columns.contacts30d}: ${row.displayName}`)}</td>
            <td className="num">{text.hours(row.hours30d)}</td>
            <td className="num">{figure(row.overdueFollowUps, cases('overdue=1'), `${text.columns.overdueFollowUps}: ${row.displayName}`)}</td>
            <td className="num">{figure(row.openReferrals, `/referrals?${new URLSearchParams({ counsellor: row.id })}`, `${text.columns.openReferrals}: ${row.displayName}`)}</td>
          </tr>
        )
      })}
    </>
  )
}

const react = (rows: JSX.Element) => renderToString(<table><tbody>{rows}</tbody></table>)
const built = (html: string) => `<table><tbody>${html}</tbody></table>`
// React writes the figures' dash as the character U+2013, the pre-built rows as `&ndash;` (one byte per character
// in the string): the same text once the browser has parsed it. Values are escaped, so no value writes this sequence.
const dashAsEntity = (html: string) => html.replaceAll('<span class="visually-hidden"> – <!-- -->', '<span class="visually-hidden"> &ndash; <!-- -->')

// Values that React escapes or separates: markup characters, quotes, ampersands in ids and texts,
// empty texts (React writes nothing for them, and no separator), a text that looks like a separator.
const awkward = ['<b>"Ada" & \'Bo\'</b>', '', ' ', '&amp;', '<!-- -->', 'Müller-Lüdenscheidt', '1 < 2 > 0', '\u00a0']

const queueText = (language: string): QueueRowTexts => ({
  selectCase: (code) => `Fall ${code} auswählen (${language})`,
  programme: (programme) => `P:${programme}`,
  kind: (kind) => (kind === 'EMPTY' ? '' : `K:${kind}`),
  languages: (codes) => codes.join(', '),
  place: (row) => row.district?.labelDe ?? `S:${row.startPlace}`,
  waitingSince: (days) => (days === 0 ? 'seit heute' : days < 0 ? '' : `seit ${days} Tagen`),
  transferredFrom: (team) => `von ${team}`,
  requeued: language === 'de' ? 'zurück <in> der "Warteschlange"' : 'back & in the queue',
})

const workloadText: WorkloadRowTexts = {
  reassignLabel: (name) => `Fälle umverteilen: ${name}`,
  reassign: 'Fälle umverteilen',
  absent: (until) => `abwesend bis ${until.toISOString().slice(0, 10)}`,
  languages: (codes) => codes.join(', '),
  number: (value) => new Intl.NumberFormat('de-DE').format(value),
  hours: (value) => new Intl.NumberFormat('de-DE', { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(value),
  columns: { openCases: 'Offene Fälle', activeCaseManagement: 'Aktive <CM> & "Fälle"', contacts30d: 'Kontakte', overdueFollowUps: 'Überfällige', openReferrals: "Vermittlungen 'offen'" },
}

describe('queueRowsHtml', () => {
  test('writes the markup React wrote for the queue rows, byte for byte, for plain and awkward values', () => {
    const rows: QueueRowView[] = [
      { id: 'c0ribg06gca000000000003ks', code: '1ABP-KQ9P-8', programme: 'REFUGEE', kind: 'SHORT', languages: ['arb', 'eng'], age: 54, district: { labelDe: 'EAE Nostorf-Horst', labelEn: 'EAE Nostorf-Horst' }, startPlace: 'EAE', transferredFrom: null, requeued: true, waitingDays: 1006 },
      { id: 'c2', code: 'T0010-AB12-0', programme: 'MBE', kind: 'CASE_MANAGEMENT', languages: [], age: 0, district: null, startPlace: 'OTHER', transferredFrom: 'Team <Süd> & "Nord"', requeued: true, waitingDays: 0 },
      ...awkward.map((value, index) => ({
        id: `c&${index}"'<>`,
        code: value,
        programme: value,
        kind: index % 2 ? 'EMPTY' : value,
        languages: [value, value],
        age: index - 3,
        district: index % 3 ? { labelDe: value, labelEn: 'x' } : null,
        startPlace: value,
        transferredFrom: index % 2 ? value : null,
        requeued: index % 3 === 0,
        waitingDays: index - 1,
      })),
    ]
    for (const language of ['de', 'en']) {
      const text = queueText(language)
      const html = queueRowsHtml(rows, text)
      expect(built(html)).toBe(react(<ReferenceQueueRows rows={rows} text={text} />))
      for (const row of rows.slice(0, 2)) expect(queueRowsHtml([row], text)).toBe(renderToString(<ReferenceQueueRows rows={[row]} text={text} />))
    }
    expect(queueRowsHtml([], queueText('de'))).toBe('')
  })

  test('escapes every value: no markup of a value reaches the page', () => {
    const html = queueRowsHtml(
      [{ id: '"><script>x</script>', code: '<img src=x onerror=alert(1)>', programme: 'P', kind: 'K', languages: ['<i>'], age: 30, district: null, startPlace: 'S', transferredFrom: '<u>T</u>', requeued: false, waitingDays: 3 }],
      queueText('de'),
    )
    expect(html).not.toMatch(/<(script|img|i|u)[ >]/)
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;')
  })
})

describe('workloadRowsHtml', () => {
  test('writes the markup React wrote for the workload rows, byte for byte, for plain and awkward values', () => {
    const rows: WorkloadRowView[] = [
      { id: 'c0ribg06gus00000000000019', displayName: 'Ben Ahmadi', languages: ['Deutsch', 'Englisch'], absentUntil: null, openCases: 133, activeCaseManagement: 27, contacts30d: 1269, hours30d: 243, overdueFollowUps: 64, openReferrals: 0 },
      { id: 'u2', displayName: 'Clara Schulz', languages: [], absentUntil: new Date('2026-12-24T00:00:00Z'), openCases: 0, activeCaseManagement: 0, contacts30d: 0, hours30d: 1234.56, overdueFollowUps: 0, openReferrals: 1 },
      ...awkward.map((value, index) => ({
        id: `u&${index}=?"'<>/ä`,
        displayName: value,
        languages: index % 2 ? [] : [value],
        absentUntil: index % 2 ? new Date(Date.UTC(2026, 11, index + 1)) : null,
        openCases: index * 1000,
        activeCaseManagement: index,
        contacts30d: index * 7,
        hours30d: index / 3,
        overdueFollowUps: index,
        openReferrals: index * 11,
      })),
    ]
    expect(built(workloadRowsHtml(rows, workloadText))).toBe(dashAsEntity(react(<ReferenceWorkloadRows rows={rows} text={workloadText} />)))
    for (const row of rows) expect(workloadRowsHtml([row], workloadText)).toBe(dashAsEntity(renderToString(<ReferenceWorkloadRows rows={[row]} text={workloadText} />)))
    expect(workloadRowsHtml([], workloadText)).toBe('')
  })

  test('the dash before the hidden texts is the entity for U+2013, once per figure; Latin-1 values leave no other character above U+00FF', () => {
    const row: WorkloadRowView = { id: 'u1', displayName: 'Jürgen Groß', languages: ['Français'], absentUntil: null, openCases: 3, activeCaseManagement: 1, contacts30d: 12, hours30d: 4.5, overdueFollowUps: 0, openReferrals: 2 }
    const html = workloadRowsHtml([row, { ...row, id: 'u2' }], workloadText)
    expect(html.split('&ndash;').length - 1).toBe(10)
    expect(html).not.toMatch(/[\u0100-\uffff]/)
    expect(html.replaceAll('&ndash;', '\u2013')).toBe(renderToString(<ReferenceWorkloadRows rows={[row, { ...row, id: 'u2' }]} text={workloadText} />))
  })

  test('escapes every value and encodes the person in the links', () => {
    const html = workloadRowsHtml(
      [{ id: 'a&b=c', displayName: '<script>alert(1)</script>', languages: ['<i>'], absentUntil: null, openCases: 1, activeCaseManagement: 2, contacts30d: 3, hours30d: 4, overdueFollowUps: 5, openReferrals: 6 }],
      workloadText,
    )
    expect(html).not.toMatch(/<(script|i)[ >]/)
    expect(html).toContain('href="/cases?counsellor=a%26b%3Dc&amp;status=NOT_CLOSED"')
    expect(html).toContain('href="/referrals?counsellor=a%26b%3Dc"')
    expect(html).toContain('href="/team/reassign?from=a%26b%3Dc"')
  })

  test('the counsellor parameter is what URLSearchParams writes, for app ids and any other', () => {
    const ids = ['cmxb8b9xc0000z87dhswck1l9', 'c0ribg06gus0000000000001o', 'A-Z_a.z*09', '', 'a b', 'a+b', "!'()~", 'ä', '\ud800x', 'a&b=c', '%41', 'x\u0000y', '😀']
    for (const id of ids) expect(counsellorParameter(id), id).toBe(String(new URLSearchParams({ counsellor: id })))
    for (let code = 0; code < 0x250; code++) {
      const id = `x${String.fromCharCode(code)}y`
      expect(counsellorParameter(id), id).toBe(String(new URLSearchParams({ counsellor: id })))
    }
  })
})

// The loader sends the rows packed (decision 084); the page unpacks them before building the rows.
// Serialised as the loader data is (a structured clone keeps dates as dates, as turbo-stream does),
// every view comes back equal, so the page builds the same markup from them.
describe('packed rows', () => {
  test('queue rows come back as the same views, with and without a district, for awkward values', () => {
    const rows: QueueRowView[] = awkward.flatMap((value, index) => [
      // every field a value of its own, so that two fields swapped in the packing would show
      { id: `c&${index}"'<>`, code: `${value}c`, programme: `${value}p`, kind: `${value}k`, languages: index % 2 ? [] : [value, 'arb'], age: index - 3, district: { labelDe: `${value}d`, labelEn: `${value}e` }, startPlace: `${value}s`, transferredFrom: index % 2 ? `${value}t` : null, requeued: index % 3 === 1, waitingDays: index + 100 },
      { id: `d${index}`, code: `C${index}`, programme: 'MBE', kind: 'SHORT', languages: ['tir'], age: 30, district: null, startPlace: value, transferredFrom: null, requeued: index % 2 === 0, waitingDays: 1006 },
    ])
    const packed = structuredClone(packQueueRows(rows))
    expect(packed.every((row) => Array.isArray(row))).toBe(true)
    expect(unpackQueueRows(packed)).toEqual(rows)
    const text = queueText('de')
    expect(queueRowsHtml(unpackQueueRows(packed), text)).toBe(queueRowsHtml(rows, text))
    expect(unpackQueueRows(packQueueRows([]))).toEqual([])
  })

  test('workload rows come back as the same views, absences as dates', () => {
    // every figure a value of its own, so that two fields swapped in the packing would show
    const rows: WorkloadRowView[] = awkward.map((value, index) => ({
      id: `u&${index}=?"'<>/ä`,
      displayName: `${value}n`,
      languages: index % 2 ? [] : [value],
      absentUntil: index % 2 ? new Date(Date.UTC(2026, 11, index + 1)) : null,
      openCases: index + 1000,
      activeCaseManagement: index + 2000,
      contacts30d: index + 3000,
      hours30d: index / 3 + 4000,
      overdueFollowUps: index + 5000,
      openReferrals: index + 6000,
    }))
    const packed = structuredClone(packWorkloadRows(rows))
    expect(unpackWorkloadRows(packed)).toEqual(rows)
    expect(unpackWorkloadRows(packed)[1]!.absentUntil).toBeInstanceOf(Date)
    expect(workloadRowsHtml(unpackWorkloadRows(packed), workloadText)).toBe(workloadRowsHtml(rows, workloadText))
  })
})

// /team's texts per row were arrows made per render (before session 19); `TeamRowTexts` gives them as
// methods (module-level code that V8 keeps optimised). The reference is the page's former code.
describe('TeamRowTexts', () => {
  // A `t` that shows which key and options it was asked, awkward characters included.
  const fakeT: Translate = (key, options) => `«${key}${options ? ` ${JSON.stringify(options)}` : ''} <&"'>»`
  function referenceTexts(label: Translate, language: string, waitingSince: (days: number) => string, number: (value: number) => string, hours: (value: number) => string) {
    const languageList = (codes: string[]) => codes.map((code) => languageName(code, language)).join(', ')
    const selectCase = (code: string) => `Fall ${code} <auswählen>`
    const reassignLabel = (name: string) => `${name} & Fälle`
    const queue: QueueRowTexts = {
      selectCase,
      programme: (programme) => label(`codes:programme.${programme}`),
      kind: (kind) => label(`codes:caseKind.${kind}`),
      languages: languageList,
      place: (row) => catalogueLabel(row.district, language) ?? label(`codes:startPlace.${row.startPlace}`),
      waitingSince,
      transferredFrom: (team) => label('queue.transferredFrom', { team }),
      requeued: label('queue.requeued'),
    }
    const workload: WorkloadRowTexts = {
      reassignLabel,
      reassign: label('reassign.link'),
      absent: (until) => label('queue.absent', { date: formatDay(until, language) }),
      languages: languageList,
      number,
      hours,
      columns: {
        openCases: label('workload.openCases'),
        activeCaseManagement: label('workload.activeCaseManagement'),
        contacts30d: label('workload.contacts30d'),
        overdueFollowUps: label('workload.overdueFollowUps'),
        openReferrals: label('workload.openReferrals'),
      },
    }
    return { queue, workload, selectCase, reassignLabel }
  }

  const queueRows: QueueRowView[] = awkward.flatMap((value, index) => [
    { id: `c&${index}"'<>`, code: `${value}c`, programme: `${value}p`, kind: `${value}k`, languages: index % 2 ? [] : ['arb', value, 'eng', 'xyz'], age: index, district: index % 3 ? { labelDe: `${value}d`, labelEn: `${value}e` } : null, startPlace: `${value}s`, transferredFrom: index % 2 ? `${value}t` : null, requeued: index % 2 === 0, waitingDays: index % 3 },
    { id: `d${index}`, code: `C${index}`, programme: 'MBE', kind: 'SHORT', languages: ['tir', 'deu'], age: 30, district: null, startPlace: value, transferredFrom: null, requeued: index % 3 === 2, waitingDays: index % 2 ? 1006 : 0 },
  ])
  const people: WorkloadRowView[] = awkward.map((value, index) => ({
    id: `u&${index}=?"'<>/ä`,
    displayName: index % 4 === 1 || index % 4 === 2 ? '' : `${value}n`,
    languages: index % 2 ? [] : ['deu', value, 'ukr'],
    absentUntil: index % 3 ? new Date(Date.UTC(2026, 11, index + 1, 23, 30)) : null,
    openCases: index,
    activeCaseManagement: 0,
    contacts30d: index * 1000,
    hours30d: index / 3,
    overdueFollowUps: index % 2,
    openReferrals: -0,
  }))

  test.each(['de', 'en'])('the same rows as the per-render texts, language %s', (language) => {
    const number = (value: number) => new Intl.NumberFormat(language).format(value)
    const hours = (value: number) => new Intl.NumberFormat(language, { minimumFractionDigits: 1 }).format(value)
    // A wait's text that says how often it was asked: asked once per count, the rows show the first answer.
    const asked = new Map<number, number>()
    const waitingSince = (days: number) => {
      asked.set(days, (asked.get(days) ?? 0) + 1)
      return days === 0 ? 'seit <heute>' : `seit ${days} Tagen & mehr`
    }
    const reference = referenceTexts(fakeT, language, waitingSince, number, hours)
    const texts = new TeamRowTexts(fakeT, language, reference.selectCase, reference.reassignLabel, waitingSince, number, hours)
    const html = queueRowsHtml(queueRows, texts)
    expect([...asked.keys()].sort((a, b) => a - b)).toEqual([0, 1, 2, 1006])
    expect([...asked.values()]).toEqual([1, 1, 1, 1])
    expect(html).toBe(queueRowsHtml(queueRows, reference.queue))
    expect(workloadRowsHtml(people, texts)).toBe(workloadRowsHtml(people, reference.workload))
  })
})
