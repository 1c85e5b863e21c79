// An auditor's pass (session 30): every read of a case file is written to the audit log (PRODUCT.md §1, "Every read
// of a case file and every change"). Every route of the manifest that takes a case id and has a loader is opened by
// the case's counsellor; each answer that shows the case (200) must have written at least one audit event of that
// case, by that person, of a read (not a change, not a denial) — and a refused one (the other team's counsellor) a
// denial, never a read.
import { describe, expect, test } from 'vitest'
import { prisma } from '#app/utils/db.server.ts'
import { importRoute, loadManifest, urlFor } from '#tests/fuzz/manifest.ts'
import { run } from '#tests/fuzz/outcome.ts'
import { request } from '#tests/fuzz/request.ts'
import { worldPerTest } from '#tests/fuzz/world.ts'
import { scaledAtStart } from '#tests/setup/slowdown.ts'

const getWorld = worldPerTest()
const manifest = await loadManifest()
const caseRoutes = manifest.filter((route) => route.params.includes('caseId'))

/**
 * Every case route's loader audits its read itself (decision 244): the routes under the case file's layout that show
 * case data without an event of their own (the timeline, the new-entry forms' defaults, the erasure request's state,
 * a further case's form) write the layout's `case.read` once per request with it (`auditCaseRead`), so that a
 * hand-made `.data` request naming one route alone (`?_routes=…`, which skips the layout) is audited too — the last
 * test — and a page view still writes one `case.read` (`cases.$caseId.audit-together.test.ts`).
 */
const NO_READ_OF_THEIR_OWN: Record<string, string> = {}

async function lastEventId() {
  return (await prisma.auditEvent.aggregate({ _max: { id: true } }))._max.id ?? 0
}

async function eventsOf(caseId: string, userId: string, after: number) {
  return prisma.auditEvent.findMany({
    where: { caseId, userId, id: { gt: after } },
    select: { action: true, outcome: true },
  })
}

describe.each(caseRoutes.map((route) => [route.id, route] as const))('%s', (id, route) => {
  test(
    "a read by the counsellor is audited as a read; the other team's is audited as a denial",
    { timeout: scaledAtStart(30_000) },
    async () => {
      const module = await importRoute(route)
      if (!module.loader) return
      const world = await getWorld()
      const params = world.paramsFor('a', 'assigned')
      const url = urlFor(route, params)

      const since = await lastEventId()
      const own = await run(async () =>
        module.loader!({ request: await request(world.a.assigned, url), params, context: {} }),
      )
      expect(own.error, url).toBeUndefined()
      if (own.status === 200 && !(id in NO_READ_OF_THEIR_OWN)) {
        const events = await eventsOf(world.a.caseId, world.a.assigned, since)
        expect(events.length, `${url}: no audit event for a read of the case`).toBeGreaterThan(0)
        expect(
          events.filter((event) => event.outcome !== 'SUCCESS'),
          url,
        ).toEqual([])
      }

      const before = await lastEventId()
      const other = await run(async () =>
        module.loader!({ request: await request(world.b.teamMember, url), params, context: {} }),
      )
      expect(other.error, url).toBeUndefined()
      expect(other.status, url).toBe(404)
      const refused = await eventsOf(world.a.caseId, world.b.teamMember, before)
      expect(refused.length, `${url}: the refusal is not audited`).toBeGreaterThan(0)
      expect(
        refused.every((event) => event.outcome === 'DENIED'),
        `${url}: ${JSON.stringify(refused)}`,
      ).toBe(true)
    },
  )
})

// A `.data` request naming the timeline's route alone (what a browser never sends for this page, a tool can) skips the
// layout's loader; the timeline's own loader writes `case.read` (decision 244; before, it read the contacts unaudited).
test(
  "the timeline's loader alone (a hand-made `?_routes=routes/cases.$caseId._index`) is audited",
  async () => {
    const route = caseRoutes.find((entry) => entry.id === 'routes/cases.$caseId._index')!
    const module = await importRoute(route)
    const world = await getWorld()
    const since = await lastEventId()
    const url = `/cases/${world.a.caseId}.data?_routes=routes/cases.$caseId._index`
    const answer = await run(async () =>
      module.loader!({
        request: await request(world.a.assigned, url),
        params: { caseId: world.a.caseId },
        context: {},
      }),
    )
    expect(answer.status).toBe(200)
    expect(await eventsOf(world.a.caseId, world.a.assigned, since)).not.toEqual([])
  },
)
