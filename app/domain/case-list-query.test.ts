import { expect, test } from 'vitest'
import { parseCaseListQuery } from './case-list-query.ts'

const parse = (search: string) => parseCaseListQuery(new URLSearchParams(search))

test('defaults: newest first, page 1, no filters', () => {
  expect(parse('')).toEqual({
    q: undefined,
    status: undefined,
    programme: undefined,
    team: undefined,
    counsellor: undefined,
    topic: undefined,
    overdue: false,
    sort: 'opened-desc',
    page: 1,
  })
})

test('known values are taken, unknown ones ignored so that old or edited links still open', () => {
  expect(
    parse('q=%20k7q4%20&status=PAUSED&programme=JMD&counsellor=me&topic=12&overdue=1&sort=code&page=3'),
  ).toMatchObject({
    q: 'k7q4',
    status: 'PAUSED',
    programme: 'JMD',
    counsellor: 'me',
    topic: 12,
    overdue: true,
    sort: 'code',
    page: 3,
  })
  expect(parse('status=DELETED&programme=x&topic=abc&sort=random&page=-2&overdue=yes')).toMatchObject({
    status: undefined,
    programme: undefined,
    topic: undefined,
    sort: 'opened-desc',
    page: 1,
    overdue: false,
  })
  expect(parse(`q=${'x'.repeat(500)}`).q).toHaveLength(100)
})
