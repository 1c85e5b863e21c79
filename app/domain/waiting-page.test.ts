import { describe, expect, test } from 'vitest'
import { waitingPageSlices } from './waiting-page.ts'

const SIZE = 50

describe("the waiting list's page slices", () => {
  test.each([
    // total, transferred, page asked → page, pages, transferred slice, others' slice
    [0, 0, 1, 1, 1, [0, 0], [0, 0]],
    [0, 0, Number.NaN, 1, 1, [0, 0], [0, 0]],
    [50, 0, 1, 1, 1, [0, 0], [0, 50]],
    [50, 49, 1, 1, 1, [0, 49], [0, 1]],
    [50, 50, 2, 1, 1, [0, 50], [0, 0]],
    [51, 49, 2, 2, 2, [49, 0], [1, 1]],
    [51, 50, 2, 2, 2, [50, 0], [0, 1]],
    [51, 51, 2, 2, 2, [50, 1], [0, 0]],
    [100, 49, 2, 2, 2, [49, 0], [1, 50]],
    [100, 51, 1, 1, 2, [0, 50], [0, 0]],
    [100, 51, 2, 2, 2, [50, 1], [0, 49]],
    [100, 60, 2, 2, 2, [50, 10], [0, 40]],
    [100, 0, 99, 2, 2, [0, 0], [50, 50]],
    [100, 60, 0, 1, 2, [0, 50], [0, 0]],
    [100, 60, -3, 1, 2, [0, 50], [0, 0]],
    [100, 60, Number.NaN, 1, 2, [0, 50], [0, 0]],
    [100, 60, Number.POSITIVE_INFINITY, 1, 2, [0, 50], [0, 0]],
    [100, 60, 1.9, 1, 2, [0, 50], [0, 0]],
  ])('%i cases, %i transferred in, page %d asked: page %i of %i', (total, transferred, page, shown, pages, [tFrom, tCount], [oFrom, oCount]) => {
    expect(waitingPageSlices({ total, transferred, page, size: SIZE })).toEqual({
      page: shown,
      pages,
      start: (shown - 1) * SIZE,
      transferred: { from: tFrom, count: tCount },
      others: { from: oFrom, count: oCount },
    })
  })

  test('every case on exactly one page, in the list’s order, each page the list’s slice, any page value clamped', () => {
    for (const total of [0, 50, 51, 100])
      for (const transferred of [0, 49, 50, 51, 60]) {
        if (transferred > total) continue // both come from one statement
        const list = Array.from({ length: total }, (_, index) => (index < transferred ? `t${index}` : `o${index - transferred}`))
        const pageOf = (page: number) => {
          const slices = waitingPageSlices({ total, transferred, page, size: SIZE })
          const ids = [
            ...Array.from({ length: slices.transferred.count }, (_, index) => `t${slices.transferred.from + index}`),
            ...Array.from({ length: slices.others.count }, (_, index) => `o${slices.others.from + index}`),
          ]
          return { slices, ids }
        }
        const pages = Math.max(1, Math.ceil(total / SIZE))
        const all: string[] = []
        for (let page = 1; page <= pages; page++) {
          const { slices, ids } = pageOf(page)
          expect(slices.page).toBe(page)
          expect(ids, `${total}/${transferred}/${page}`).toEqual(list.slice(slices.start, slices.start + SIZE))
          all.push(...ids)
        }
        expect(all).toEqual(list)
        // as the route answers an odd value: before the first, past the last, not a number
        expect(pageOf(0).slices.page).toBe(1)
        expect(pageOf(Number.NaN).ids).toEqual(pageOf(1).ids)
        expect(pageOf(pages + 5).ids).toEqual(pageOf(pages).ids)
      }
  })
})
