// Hostile query strings on the pages added or changed in sessions 26–29 (an attacker's pass, session 30). The fuzz
// (tests/fuzz.test.ts) sends hostile forms to every action; a page's address is the other half of its input: every
// list's filter and page number arrive in the query string, bookmarked, edited by hand or sent by a tool. For each
// page, as the people who open it daily: a page number that is no number, negative, fractional or enormous; a year
// that is none; unknown filter values; a value of 5,000 characters; a repeated field; markup, SQL and NUL bytes; and
// the other team's ids and pseudonym code as filters. Never a server error, and the other team's case never in the
// answer.
import { describe, expect, test } from 'vitest'
import { prisma } from '#app/utils/db.server.ts'
import { importRoute, loadManifest } from '#tests/fuzz/manifest.ts'
import { run } from '#tests/fuzz/outcome.ts'
import { request } from '#tests/fuzz/request.ts'
import { worldPerTest, type World } from '#tests/fuzz/world.ts'
import { scaledAtStart } from '#tests/setup/slowdown.ts'

const getWorld = worldPerTest()
const manifest = await loadManifest()

/** The pages and who opens them (side a's people). */
const PAGES: Array<{ id: string; people: Array<'assigned' | 'lead'>; case?: true }> = [
  { id: 'routes/_index', people: ['assigned', 'lead'] },
  { id: 'routes/cases._index', people: ['assigned', 'lead'] },
  { id: 'routes/follow-ups', people: ['assigned', 'lead'] },
  { id: 'routes/referrals', people: ['assigned', 'lead'] },
  { id: 'routes/language-mediation', people: ['assigned', 'lead'] },
  { id: 'routes/team._index', people: ['lead'] },
  { id: 'routes/team.queue', people: ['lead'] },
  { id: 'routes/team.reassign', people: ['lead'] },
  { id: 'routes/team.waiting', people: ['assigned'] },
  { id: 'routes/privacy.notices', people: ['assigned', 'lead'] },
  { id: 'routes/cases.$caseId._index', people: ['assigned'], case: true },
]

const LONG = 'x'.repeat(5000)
const FIELDS = [
  'page',
  'year',
  'due',
  'whose',
  'kind',
  'status',
  'partner',
  'counsellor',
  'team',
  'q',
  'sort',
  'topic',
  'overdue',
  'from',
  'show',
  'filter',
  'month',
]

/** The query strings every page gets: each field with each hostile value, and a few whole strings. */
function hostileQueries(world: World, foreignCode: string) {
  const values = [
    '',
    '0',
    '-1',
    '1.5',
    '1e308',
    '99999999999999999999',
    'NaN',
    'abc',
    LONG,
    '<script>alert(1)</script>',
    "' OR 1=1 --",
    '\u0000',
    '%',
    world.b.caseId,
    world.b.assigned,
    world.b.teamId,
    foreignCode,
  ]
  const queries: string[] = []
  for (const field of FIELDS)
    for (const value of values) queries.push(new URLSearchParams([[field, value]]).toString())
  queries.push(
    'page=2&page=abc&page=-1',
    'year=2026&year=abc',
    'due=overdue&due=later&whose=mine&whose=all',
    '%ZZ=%ZZ',
    'page[]=1',
    'page=%F0%9F%98%80',
  )
  return queries
}

describe.each(PAGES.map((page) => [page.id, page] as const))('%s', (id, page) => {
  test(
    'answers every hostile query string without a server error and shows nothing of the other team',
    { timeout: scaledAtStart(120_000) },
    async () => {
      const route = manifest.find((entry) => entry.id === id)
      expect(route, id).toBeDefined()
      const module = await importRoute(route!)
      const world = await getWorld()
      const foreign = await prisma.client.findUniqueOrThrow({
        where: { id: world.b.clientId },
        select: { pseudonymCode: true },
      })
      const path = page.case ? route!.path.replace(':caseId', world.a.caseId) : route!.path
      const problems: string[] = []
      let answered = 0
      for (const person of page.people) {
        const userId = world.a[person]
        for (const query of hostileQueries(world, foreign.pseudonymCode)) {
          const url = `${path}?${query}`
          const get = await request(userId, url)
          const answer = await run(() =>
            module.loader!({
              request: get,
              params: page.case ? { caseId: world.a.caseId } : {},
              context: {},
            }),
          )
          const what = `${person} ${url.slice(0, 120)}`
          if (answer.error || answer.status >= 500) {
            problems.push(
              `${what}: ${answer.status} ${answer.error instanceof Error ? answer.error.message.slice(0, 160) : String(answer.error ?? '')}`,
            )
            continue
          }
          if (answer.status === 200) answered += 1
          if (![200, 302, 303, 400, 404].includes(answer.status))
            problems.push(`${what}: status ${answer.status}`)
          const body =
            answer.result instanceof Response ? await answer.result.text() : JSON.stringify(answer.result)
          for (const secret of [world.b.caseId, world.b.clientId, foreign.pseudonymCode]) {
            // the query itself may be echoed back as the filter's value (escaped); the other team's record must not appear otherwise
            const echoed = query.includes(encodeURIComponent(secret)) || query.includes(secret)
            if (!echoed && body.includes(secret))
              problems.push(`${what}: the other team's ${secret} in the answer`)
          }
        }
      }
      expect(problems).toEqual([])
      // the pages were read, not refused at the door
      expect(answered).toBeGreaterThan(hostileQueries(world, foreign.pseudonymCode).length / 2)
    },
  )
})
