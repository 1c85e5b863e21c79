import { createInstance } from 'i18next'
import { renderToString } from 'react-dom/server'
import { describe, expect, test } from 'vitest'
import { i18nConfig } from '#app/i18n.ts'
import { formatDay } from '#app/utils/format.ts'
import { translateEach, translateOnce, type Translate } from '#app/utils/translate-once.ts'
import { followUpRowTexts } from './follow-up-list.tsx'
import { followUpRowsHtml, packFollowUpRows, rowsForRender, unpackFollowUpRows, withRowsForRender, type FollowUpRow, type FollowUpRowTexts } from './follow-up-rows.ts'

// The reference: the rows as the start page rendered them with React before decision 080 (its JSX,
// with the list links as the plain anchors of decision 063 and `Button`'s markup). The pre-built rows
// must be the same markup, byte for byte, as React's server rendering writes it.

function ReferenceRows({ rows, t, lng }: { rows: FollowUpRow[]; t: Translate; lng: string }) {
  const doneFor = translateEach(t, 'home.followUps.doneFor', 'code')
  const standInFor = translateEach(t, 'home.followUps.standInFor', 'name')
  return (
    <>
      {rows.map((row) => (
        <tr key={row.id}>
          <th scope="row">
            <a className="code" data-discover="true" href={`/cases/${row.caseId}`}>
              {row.caseCode}
            </a>
            {row.standInFor === undefined ? null : (
              <>
                {' '}
                <span className="muted">{standInFor(row.standInFor)}</span>
              </>
            )}
          </th>
          <td>{formatDay(row.dueDate, lng)}</td>
          <td>
            {row.source === 'CONTACT' && row.contactId ? (
              <a data-discover="true" href={`/cases/${row.caseId}/contacts/${row.contactId}`}>
                {t('home.followUps.sources.CONTACT')}
              </a>
            ) : (
              t(`home.followUps.sources.${row.source}`, { defaultValue: row.source })
            )}
          </td>
          <td>{row.nextStep ?? <span className="muted">–</span>}</td>
          <td>
            <button type="submit" name="followUpId" value={row.id} aria-label={doneFor(row.caseCode)} className="button button-secondary">
              {t('home.followUps.done')}
            </button>
          </td>
        </tr>
      ))}
    </>
  )
}

const textsOf = (t: Translate, lng: string): FollowUpRowTexts => ({
  due: (date) => formatDay(date, lng),
  source: (source) => t(`home.followUps.sources.${source}`, { defaultValue: source }),
  contact: t('home.followUps.sources.CONTACT'),
  doneFor: translateEach(t, 'home.followUps.doneFor', 'code'),
  done: t('home.followUps.done'),
  standInFor: translateEach(t, 'home.followUps.standInFor', 'name'),
})
// React writes a missing next step's dash as the character U+2013, the pre-built rows as `&ndash;` (one byte per
// character in the string): the same text once the browser has parsed it. Values are escaped: none writes this sequence.
const dashAsEntity = (html: string) => html.replaceAll('<span class="muted">–</span>', '<span class="muted">&ndash;</span>')
const react = (rows: JSX.Element) => dashAsEntity(renderToString(<table><tbody>{rows}</tbody></table>))
const built = (html: string) => `<table><tbody>${html}</tbody></table>`

// Values that React escapes or separates: markup characters, quotes, ampersands, empty texts, a text
// that looks like a separator, spaces.
const awkward = ['<b>"Ada" & \'Bo\'</b>', '', ' ', '&amp;', '<!-- -->', 'Müller-Lüdenscheidt', '1 < 2 > 0', '\u00a0']

const rows: FollowUpRow[] = [
  { id: 'c0ribg06gfu0000000000083m', dueDate: new Date('2024-10-28T00:00:00.000Z'), source: 'CONTACT', contactId: 'c0ribg06gco0000000000122l', nextStep: 'Bescheid gemeinsam lesen', caseId: 'c0ribg06gca0000000000033s', caseCode: 'Z67Z-Q422-W' },
  { id: 'f2', dueDate: '2026-12-06', source: 'MANUAL', contactId: null, nextStep: null, caseId: 'c2', caseCode: 'T0010-AB12-0' },
  { id: 'f3', dueDate: new Date('2026-12-05T00:00:00.000Z'), source: 'CONTACT', contactId: null, nextStep: '', caseId: 'c3', caseCode: 'X' },
  { id: 'f4', dueDate: new Date('2026-12-07T00:00:00.000Z'), source: 'RESIDENCE_EXPIRY', contactId: null, nextStep: 'Verlängerung', caseId: 'c4', caseCode: 'Y' },
  ...awkward.map((value, index) => ({
    id: `f&${index}"'<>`,
    dueDate: new Date(Date.UTC(2026, index, index + 1)),
    source: index % 2 ? 'CONTACT' : value,
    contactId: index % 3 ? `k&${index}"<` : null,
    nextStep: index % 4 === 3 ? null : value,
    caseId: `c&${index}"'<>`,
    caseCode: value,
  })),
  // an absent colleague's follow-up, seen by their substitute (decision 211), with awkward names
  ...['Bilal Berater', ...awkward].map((name, index) => ({
    id: `s${index}`,
    dueDate: '2026-12-01',
    source: 'MANUAL',
    contactId: null,
    nextStep: 'Rückruf',
    caseId: `cs${index}`,
    caseCode: index % 2 ? '' : 'K7Q4-M2XD-9',
    standInFor: name,
  })),
]

describe('followUpRowsHtml', () => {
  test('writes the markup React wrote for the rows, byte for byte, with the app\'s texts in both languages', async () => {
    for (const lng of ['de', 'en']) {
      const i18n = createInstance()
      await i18n.init({ ...i18nConfig, lng })
      const t = translateOnce(i18n.getFixedT(lng, 'contacts') as Translate)
      expect(built(followUpRowsHtml(rows, textsOf(t, lng)))).toBe(react(<ReferenceRows rows={rows} t={t} lng={lng} />))
      for (const row of rows) expect(built(followUpRowsHtml([row], textsOf(t, lng)))).toBe(react(<ReferenceRows rows={[row]} t={t} lng={lng} />))
    }
  })

  test('the same with texts that show their options, markup characters and empty texts', () => {
    const echo: Translate = (key, options) => (key.endsWith('.MANUAL') ? '' : `${key}${options === undefined ? '' : ` <${JSON.stringify(options)}>`} & "'`)
    const t = translateOnce(echo)
    expect(built(followUpRowsHtml(rows, textsOf(t, 'de')))).toBe(react(<ReferenceRows rows={rows} t={t} lng="de" />))
    expect(followUpRowsHtml([], textsOf(t, 'de'))).toBe('')
  })

  test('the start page\'s texts (followUpRowTexts: a source\'s name looked up once per source) give the same markup', async () => {
    // every source several times, awkward ones, and one the translations do not know
    const many = [...rows, ...rows.map((row, index) => ({ ...row, id: `again-${index}` })), ...rows.map((row, index) => ({ ...row, id: `other-${index}`, source: index % 3 ? 'MANUAL' : 'UNKNOWN_SOURCE' }))]
    for (const lng of ['de', 'en']) {
      const i18n = createInstance()
      await i18n.init({ ...i18nConfig, lng })
      const t = translateOnce(i18n.getFixedT(lng, 'contacts') as Translate)
      expect(built(followUpRowsHtml(many, followUpRowTexts(t, lng)))).toBe(react(<ReferenceRows rows={many} t={t} lng={lng} />))
      expect(followUpRowsHtml(many, followUpRowTexts(t, lng))).toBe(followUpRowsHtml(many, textsOf(t, lng)))
    }
    const echo: Translate = (key, options) => `${key}${options === undefined ? '' : ` <${JSON.stringify(options)}>`} & "'`
    const t = translateOnce(echo)
    expect(built(followUpRowsHtml(many, followUpRowTexts(t, 'de')))).toBe(react(<ReferenceRows rows={many} t={t} lng="de" />))
  })

  test('a missing next step\'s dash is the entity for U+2013; Latin-1 texts leave no character above U+00FF', () => {
    const t = translateOnce((key) => `${key} ä`)
    const plain = rows.slice(0, 4)
    const html = followUpRowsHtml(plain, textsOf(t, 'de'))
    expect(html.split('<span class="muted">&ndash;</span>').length - 1).toBe(1)
    expect(html).not.toMatch(/[\u0100-\uffff]/)
    expect(html.replaceAll('&ndash;', '\u2013')).toBe(renderToString(<ReferenceRows rows={plain} t={t} lng="de" />))
  })

  test('escapes every value: no markup of a value reaches the page', () => {
    const payload = '<script>alert(1)</script><img src=x onerror=alert(1)>'
    const html = followUpRowsHtml(
      [{ id: payload, dueDate: new Date('2026-12-05T00:00:00.000Z'), source: payload, contactId: payload, nextStep: payload, caseId: payload, caseCode: payload }],
      textsOf((key) => key, 'de'),
    )
    expect(html).not.toMatch(/<(script|img)[ >]/)
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;')
  })
})

describe('packFollowUpRows / unpackFollowUpRows', () => {
  // The loader data carries the rows packed (decision 091); the page must show exactly what it showed
  // from the rows themselves, in the server's markup and in the browser's.
  test('the unpacked rows give the same markup as the rows, in both languages, with awkward values', async () => {
    const spread: FollowUpRow[] = [
      ...rows,
      // stored as UTC midnight (decision 029), and any other instant of a UTC day: the day travels
      { ...rows[0]!, id: 'late', dueDate: new Date('2026-03-29T23:59:59.999Z') },
      { ...rows[0]!, id: 'leap', dueDate: new Date('2028-02-29T00:00:00.000Z'), nextStep: '\t\n\u2028\u0000 "quoted" \\ back' },
    ]
    for (const lng of ['de', 'en']) {
      const i18n = createInstance()
      await i18n.init({ ...i18nConfig, lng })
      const t = translateOnce(i18n.getFixedT(lng, 'contacts') as Translate)
      const unpacked = unpackFollowUpRows(packFollowUpRows(spread))
      expect(followUpRowsHtml(unpacked, textsOf(t, lng))).toBe(followUpRowsHtml(spread, textsOf(t, lng)))
      for (const row of spread) expect(followUpRowsHtml(unpackFollowUpRows(packFollowUpRows([row])), textsOf(t, lng))).toBe(followUpRowsHtml([row], textsOf(t, lng)))
    }
  })

  test('every field comes back as it was, the due date as its UTC day; an empty bucket is an empty list', () => {
    const unpacked = unpackFollowUpRows(packFollowUpRows(rows))
    expect(unpacked).toEqual(
      rows.map((row) => ({ ...row, dueDate: (row.dueDate instanceof Date ? row.dueDate.toISOString() : row.dueDate).slice(0, 10), nextStep: row.nextStep })),
    )
    expect(unpacked.map((row) => row.contactId)).toEqual(rows.map((row) => row.contactId))
    expect(unpacked.filter((row) => row.nextStep === null)).toHaveLength(rows.filter((row) => row.nextStep === null).length)
    expect(unpackFollowUpRows(packFollowUpRows([]))).toEqual([])
  })

  test('the server render\'s rows: kept with their holder only, never in what is serialised, and the same markup as the packed text', () => {
    const buckets = { overdue: rows.slice(0, 3), today: [], upcoming: rows.slice(3) }
    const packed = { overdue: packFollowUpRows(buckets.overdue), today: packFollowUpRows(buckets.today), upcoming: packFollowUpRows(buckets.upcoming), truncated: false }
    const serialised = JSON.stringify(packed)
    const holder = withRowsForRender(packed, buckets)
    expect(holder).toBe(packed)
    expect(JSON.stringify(holder)).toBe(serialised)
    expect(Object.keys(holder)).toEqual(['overdue', 'today', 'upcoming', 'truncated'])
    expect(rowsForRender(holder, 'overdue')).toBe(buckets.overdue)
    expect(rowsForRender(holder, 'today')).toBe(buckets.today)
    expect(rowsForRender(holder, 'upcoming')).toBe(buckets.upcoming)
    expect(rowsForRender({ ...packed }, 'overdue')).toBeUndefined()
    const t = translateOnce((key) => key)
    for (const bucket of ['overdue', 'upcoming'] as const) {
      // the loader's rows carry their due day (getMyFollowUps), as the packed text does
      const kept = rowsForRender(holder, bucket)!.map((row) => ({ ...row, dueDate: unpackFollowUpRows(packFollowUpRows([row]))[0]!.dueDate }))
      expect(followUpRowsHtml(kept, textsOf(t, 'de'))).toBe(followUpRowsHtml(unpackFollowUpRows(packed[bucket]), textsOf(t, 'de')))
    }
  })
})
