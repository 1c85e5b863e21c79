import { describe, expect, test } from 'vitest'
import { renderInRouter } from '#tests/render-in-router.tsx'
import { PageNavigation } from './page-navigation.tsx'

/** Renders the navigation as a page of /cases would, in the given language. */
async function render(language: 'de' | 'en', props: Parameters<typeof PageNavigation>[0]) {
  return renderInRouter(language, [{ path: '/cases', element: <PageNavigation {...props} /> }], '/cases')
}

const href = (page: number) => `?status=ACTIVE&page=${page}`

describe('PageNavigation', () => {
  test('a middle page: a named landmark, previous and next with rel, numbers in the reader’s format', async () => {
    const html = await render('de', { page: 2, pages: 1200, href })
    expect(html).toBe(
      '<nav class="pagination" aria-label="Seitennavigation">' +
        '<a rel="prev" data-discover="true" href="/cases?status=ACTIVE&amp;page=1">Zurück</a>' +
        '<span>Seite 2 von 1.200</span>' +
        '<a rel="next" data-discover="true" href="/cases?status=ACTIVE&amp;page=3">Weiter</a></nav>',
    )
    expect(await render('en', { page: 2, pages: 1200, href })).toContain('<span>Page 2 of 1,200</span>')
  })

  test('no previous link on the first page, no next link on the last', async () => {
    const first = await render('de', { page: 1, pages: 3, href })
    expect(first).not.toContain('rel="prev"')
    expect(first).toContain('rel="next"')
    const last = await render('de', { page: 3, pages: 3, href })
    expect(last).toContain('rel="prev"')
    expect(last).not.toContain('rel="next"')
  })

  test('nothing for a list of one page', async () => {
    expect(await render('de', { page: 1, pages: 1, href })).toBe('')
    expect(await render('de', { page: 1, pages: 0, href })).toBe('')
  })

  test('a capped count: "more than", and the next link follows whether rows remain', async () => {
    const going = await render('de', { page: 21, pages: 21, href, capped: { more: true } })
    expect(going).toContain('<span>Seite 21 von mehr als 21</span>')
    expect(going).toContain('rel="next" data-discover="true" href="/cases?status=ACTIVE&amp;page=22"')
    const ended = await render('de', { page: 22, pages: 21, href, capped: { more: false } })
    expect(ended).not.toContain('rel="next"')
    expect(ended).toContain('rel="prev"')
  })
})
