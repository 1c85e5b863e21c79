// The access matrix (issue 8): every route of the Remix manifest × every persona × GET and every
// action intent, against a case of each of two teams, compared with tests/route-access.ts.
import { describe, expect, test } from 'vitest'
import { PERSONAS, ROUTE_ACCESS, type Outcome, type Persona } from '#tests/route-access.ts'
import { prisma } from '#app/utils/db.server.ts'
import { importRoute, loadManifest, urlFor, type ManifestRoute, type RouteModule } from '#tests/fuzz/manifest.ts'
import { classify, run, type Observed } from '#tests/fuzz/outcome.ts'
import { forgetSession, formOf, request } from '#tests/fuzz/request.ts'
import { worldPerTest, type World } from '#tests/fuzz/world.ts'
import { scaledAtStart } from '#tests/setup/slowdown.ts'

// One world built once, restored for every test (building it per route would cost more than all the requests).
const getWorld = worldPerTest()

const manifest = await loadManifest()
const isCaseRoute = (route: ManifestRoute) => route.params.includes('caseId')

/** Extra fields an intent needs to reach past its first check (everything else stays empty). */
async function formFor(routeId: string, intent: string, world: World, params: Record<string, string>): Promise<Record<string, string>> {
  const form: Record<string, string> = intent ? { intent } : {}
  // a new absence each time: the persona before may have ended the last one
  if (routeId === 'routes/team.absences' && intent === 'end') form.absenceId = await world.newAbsence()
  // "Erledigt" with a follow-up of the case, so that an outsider's post would close a real one if the check let it
  if (routeId === 'routes/cases.$caseId.follow-ups' && intent === 'done') {
    const followUp = await prisma.followUp.create({
      data: { caseId: params.caseId!, source: 'MANUAL', note: 'access matrix', dueDate: new Date() },
      select: { id: true },
    })
    form.followUpId = followUp.id
  }
  if (routeId === 'routes/cases.$caseId.consents._index') {
    // marking the paper form filed twice answers 404 (nothing to mark): start from "not filed"
    await prisma.consent.update({ where: { id: params.consentId }, data: { paperOnFile: false } })
    form.consentId = params.consentId!
  }
  return form
}

test('the table lists every route of the manifest, and nothing else', () => {
  const ids = manifest.map((route) => route.id)
  expect(ids.filter((id) => !(id in ROUTE_ACCESS)), 'routes missing from tests/route-access.ts').toEqual([])
  expect(Object.keys(ROUTE_ACCESS).filter((id) => !ids.includes(id)), 'entries in route-access.ts without a route').toEqual([])
})

describe.each(manifest.map((route) => [route.id, route] as const))('%s', (_id, route) => {
  test('answers every persona as the table says', { timeout: scaledAtStart(60_000) }, async () => {
    const expected = ROUTE_ACCESS[route.id]
    expect(expected, `no entry for ${route.id} in tests/route-access.ts`).toBeDefined()
    const module: RouteModule = await importRoute(route)
    expect(Boolean(module.loader), 'the route has a loader exactly when the table says so').toBe(Boolean(expected!.loader))
    expect(Boolean(module.action), 'the route has an action exactly when the table says so').toBe(Boolean(expected!.action))

    const world = await getWorld()
    const mismatches: string[] = []
    const check = (what: string, persona: Persona, want: Outcome, got: Observed) => {
      if (want !== got) mismatches.push(`${what} as ${persona}: expected ${want}, got ${got}`)
    }
    for (const side of isCaseRoute(route) ? (['a', 'b'] as const) : (['a'] as const)) {
      for (const persona of PERSONAS) {
        const params = world.paramsFor(side, persona)
        const url = urlFor(route, params)
        const userId = world.userFor(persona, side)
        if (module.loader && expected!.loader) {
          const get = await request(userId, url)
          check(`GET ${url} (team ${side})`, persona, expected!.loader[persona], classify(await run(() => module.loader!({ request: get, params, context: {} }))))
        }
        if (module.action && expected!.action) {
          for (const [intent, access] of Object.entries(expected!.action)) {
            const post = await request(userId, url, formOf(await formFor(route.id, intent, world, params)))
            check(`POST ${url} intent=${intent || '(none)'} (team ${side})`, persona, access[persona], classify(await run(() => module.action!({ request: post, params, context: {} }))))
            if (route.id === 'routes/logout') forgetSession(userId)
          }
        }
      }
    }
    expect(mismatches).toEqual([])
  })

  if (isCaseRoute(route)) {
    test('a case of another team answers exactly like a case that does not exist', { timeout: scaledAtStart(30_000) }, async () => {
      const module = await importRoute(route)
      const world = await getWorld()
      const foreign = world.paramsFor('b')
      const missing = Object.fromEntries(Object.entries(foreign).map(([key, value]) => [key, key === 'caseId' || key.endsWith('Id') ? `c${'0'.repeat(24)}` : value]))
      const answer = async (params: Record<string, string>, method: 'GET' | 'POST') => {
        const url = urlFor(route, params)
        const req = await request(world.a.assigned, url, method === 'POST' ? formOf({}) : undefined)
        const fn = method === 'GET' ? module.loader : module.action
        const { result, status, error } = await run(() => fn!({ request: req, params, context: {} }))
        expect(error).toBeUndefined()
        const body = result instanceof Response ? await result.text() : JSON.stringify(result)
        return { status, body }
      }
      for (const method of ['GET', 'POST'] as const) {
        if (!(method === 'GET' ? module.loader : module.action)) continue
        const [other, none] = [await answer(foreign, method), await answer(missing, method)]
        // erasure without an intent answers 400 before looking at the case at all; still the same for both
        expect(other, `${method} ${route.path}`).toEqual(none)
        expect(other.body).not.toContain(world.b.caseId)
        expect(other.body).not.toContain(world.b.clientId)
      }
    })
  }
})

// A transfer request across teams (decision 043) is decided by the lead of the team that holds the case: for a lead
// of any other team it answers exactly like a request that does not exist — status and body — and names nothing of
// it (session 30's attacker's pass: the matrix above checks the status only).
describe('routes/team.handover-requests.$requestId', () => {
  test("another team's request answers exactly like one that does not exist", { timeout: scaledAtStart(30_000) }, async () => {
    const route = manifest.find((entry) => entry.id === 'routes/team.handover-requests.$requestId')!
    const module = await importRoute(route)
    const world = await getWorld()
    const theirs = world.paramsFor('a').requestId!
    const request_ = await prisma.handoverRequest.findUniqueOrThrow({ where: { id: theirs }, select: { caseId: true, reason: true } })
    // team B requested team A's case: only A's lead decides; B's lead and a lead of a third team are outsiders
    const third = await prisma.user.create({
      data: { email: `third.lead.${Date.now()}@test.example`, displayName: 'Third Lead', role: 'TEAM_LEAD', teamId: world.teams.greifswald.id },
      select: { id: true },
    })
    for (const outsider of [world.b.lead, third.id]) {
      for (const method of ['GET', 'POST'] as const) {
        const answer = async (requestId: string) => {
          const url = urlFor(route, { requestId })
          const req = await request(outsider, url, method === 'POST' ? formOf({ intent: 'grant' }) : undefined)
          const { result, status, error } = await run(() => (method === 'GET' ? module.loader! : module.action!)({ request: req, params: { requestId }, context: {} }))
          expect(error).toBeUndefined()
          return { status, body: result instanceof Response ? await result.text() : JSON.stringify(result) }
        }
        const [other, none] = [await answer(theirs), await answer(`c${'0'.repeat(24)}`)]
        expect(other.status, method).toBe(404)
        expect(other, method).toEqual(none)
        for (const secret of [theirs, request_.caseId, request_.reason]) expect(other.body).not.toContain(secret)
      }
    }
    expect(await prisma.handoverRequest.findUniqueOrThrow({ where: { id: theirs }, select: { status: true } })).toEqual({ status: 'OPEN' })
  })
})
