import { describe, expect, test } from 'vitest'
import { renderInRouter } from '#tests/render-in-router.tsx'
import { GroupSessionForm } from './group-session-form.tsx'

// The participant choice lists at most 300 cases (participantOptions): a cut list says so in the
// choice's description, with how many of how many and the order; an uncut one says nothing more.

const others = [
  { value: 'c1', label: 'AB-1234' },
  { value: 'c2', label: 'CD-5678' },
]

async function render(language: 'de' | 'en', counts: { othersShown?: number; othersTotal?: number }) {
  const element = (
    <GroupSessionForm
      id="new-group-session"
      maxDay="2026-12-07"
      defaults={{ date: '2026-12-07', anonymousParticipants: '0', topicIds: [], otherCaseIds: [] }}
      topics={[]}
      others={others}
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
      'Hinweis. Die Liste ist gekürzt: aufgeführt sind die ersten 300 von 5.064 Fällen, nach Pseudonym-Code geordnet.',
    )
    expect(description(await render('en', { othersShown: 300, othersTotal: 5064 }))).toBe(
      'Hinweis. The list is shortened: it shows the first 300 of 5,064 cases, in the order of their pseudonym codes.',
    )
  })

  test('a list that is not cut keeps its hint alone', async () => {
    expect(description(await render('de', {}))).toBe('Hinweis.')
    expect(description(await render('de', { othersShown: 2, othersTotal: 2 }))).toBe('Hinweis.')
  })
})
