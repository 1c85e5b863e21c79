import { describe, expect, test } from 'vitest'
import { renderInRouter } from '#tests/render-in-router.tsx'
import { FIND_PARTICIPANTS, GroupSessionForm, type ParticipantSearchState } from './group-session-form.tsx'

// The participant choice lists at most 300 cases (participantOptions): a cut list says so in the
// choice's description, with how many of how many and the order; an uncut one says nothing more.

const others = [
  { value: 'c1', label: 'AB-1234' },
  { value: 'c2', label: 'CD-5678' },
]

async function render(
  language: 'de' | 'en',
  counts: { othersShown?: number; othersTotal?: number },
  more: { search?: ParticipantSearchState; others?: typeof others } = {},
) {
  const element = (
    <GroupSessionForm
      id="new-group-session"
      maxDay="2026-12-07"
      defaults={{ date: '2026-12-07', anonymousParticipants: '0', topicIds: [], otherCaseIds: [] }}
      topics={[]}
      others={more.others ?? others}
      search={more.search}
      {...counts}
      othersHint="Hinweis."
      submitLabel="Speichern"
    />
  )
  return renderInRouter(language, [{ path: '/', element }], '/')
}

/** The text of the element the choice's fieldset names as its description. */
function description(html: string) {
  const before = html.slice(0, html.indexOf('name="otherCaseIds"'))
  const id = /<fieldset[^>]*aria-describedby="([^" ]+)/.exec(
    before.slice(before.lastIndexOf('<fieldset')),
  )?.[1]
  expect(id).toBeTruthy()
  return new RegExp(`<p id="${id}"[^>]*>([^<]*)</p>`).exec(html)?.[1]
}

describe('the group-session form’s participant choice', () => {
  test('a cut list says how many of how many, in which order, in the choice’s description; both languages', async () => {
    expect(description(await render('de', { othersShown: 300, othersTotal: 5064 }))).toBe(
      'Hinweis. Die Liste ist gekürzt: aufgeführt sind die ersten 300 von 5.064 Fällen, nach Pseudonym-Code geordnet. Die übrigen finden Sie mit der Suche.',
    )
    expect(description(await render('en', { othersShown: 300, othersTotal: 5064 }))).toBe(
      'Hinweis. The list is shortened: it shows the first 300 of 5,064 cases, in the order of their pseudonym codes. Use the search to find the others.',
    )
  })

  test('a list that is not cut keeps its hint alone', async () => {
    expect(description(await render('de', {}))).toBe('Hinweis.')
    expect(description(await render('de', { othersShown: 2, othersTotal: 2 }))).toBe('Hinweis.')
  })

  test('Enter in a field saves: the first submit button of the form saves; the search is a button of its own that skips the browser’s checks', async () => {
    const html = await render('de', {})
    const buttons = [...html.matchAll(/<button[^>]*>[^<]*<\/button>/g)].map((match) => match[0])
    expect(buttons).toHaveLength(3)
    // the default button (Enter): saves, out of sight, out of the tab order and of the accessibility tree
    expect(buttons[0]).toMatch(/^<button type="submit" name="intent" value="save" class="visually-hidden" tabindex="-1" aria-hidden="true">Speichern<\/button>$/)
    expect(buttons[1]).toContain(`name="intent" value="${FIND_PARTICIPANTS}"`)
    expect(buttons[1]).toContain('formnovalidate=""')
    expect(buttons[1]).toContain('>Fälle suchen<')
    expect(buttons[2]).toContain('>Speichern<')
    expect(buttons[2]).toContain('name="intent" value="save"')
    // the search field is labelled, with its hint, and comes before the choice
    const field = /<label for="([^"]+)">Fall suchen \(Pseudonym-Code\)<\/label>/.exec(html)
    expect(field).toBeTruthy()
    expect(html.indexOf('name="participantCode"')).toBeLessThan(html.indexOf('name="otherCaseIds"'))
    expect(html).toContain(`<input name="participantCode" autoComplete="off" spellcheck="false" id="${field![1]}" aria-describedby="${field![1]}-hint" value=""/>`)
  })

  test('after a search: the code as read and how many were found, announced; a typed text that is no code is an error next to the field', async () => {
    const found = await render('de', {}, { search: { code: 'K7Q4-M2', found: 2, invalid: false } })
    expect(found).toContain('value="K7Q4-M2"')
    expect(found).toMatch(/<p role="status" class="muted">2 Fälle gefunden, deren Code mit K7Q4-M2 beginnt.<\/p>/)
    const one = await render('en', {}, { search: { code: 'K7Q4', found: 1, invalid: false }, others: [others[0]!] })
    expect(one).toMatch(/<p role="status" class="muted">1 case found whose code starts with K7Q4.<\/p>/)
    const none = await render('de', {}, { search: { code: 'ZZZZ', found: 0, invalid: false }, others: [] })
    expect(none).toContain('Kein offener Fall, in dem Sie Kontakte erfassen dürfen, hat einen solchen Code.')
    expect(none).not.toContain('Sie haben keine weiteren offenen Fälle')
    const invalid = await render('de', {}, { search: { code: 'ü', found: null, invalid: true } })
    const id = /<input name="participantCode"[^>]* id="([^"]+)" aria-invalid="true" aria-describedby="([^"]+)" value="ü"/.exec(invalid)
    expect(id?.[2]).toBe(`${id?.[1]}-hint ${id?.[1]}-error`)
    expect(invalid).toContain(`<ul id="${id![1]}-error" class="field-errors"><li>Bitte einen Pseudonym-Code oder seinen Anfang eingeben, zum Beispiel K7Q4-M2.</li></ul>`)
    expect(invalid).toMatch(/<p role="status" class="muted"><\/p>/)
    // a refused save brings the choice back without a search (nothing typed): no cases is not „none found"
    const unsearched = await render('de', {}, { search: { code: '', found: null, invalid: false }, others: [] })
    expect(unsearched).toContain('Sie haben keine weiteren offenen Fälle')
    expect(unsearched).not.toContain('hat einen solchen Code')
  })
})
