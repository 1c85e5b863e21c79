// Hostile-input fuzzing (issue 8): every form action × intent of the Remix manifest gets generated
// payloads (missing fields, wrong types, 1 MB strings, control characters, Unicode edge cases, markup,
// SQL, spreadsheet formulas, foreign and deleted ids, duplicated fields, JSON bodies) from the persona
// the access table allows. Never a 500; a rejection leaves the database as it was; a Conform rejection
// names the field; nothing ever touches the other team's case.
//
// `npm test` runs FUZZ_RUNS (default 20) payloads per action with a fixed seed; `npm run fuzz` 300 per
// action with a fresh seed (`FUZZ_RUNS=1000 npm run fuzz` for more; FUZZ_SEED=<seed> reproduces a failure).
import fs from 'node:fs'
import path from 'node:path'
import fc from 'fast-check'
import { afterEach, describe, expect, test } from 'vitest'
import { ROUTE_ACCESS, type Persona } from '#tests/route-access.ts'
import { importRoute, loadManifest, urlFor } from '#tests/fuzz/manifest.ts'
import { run } from '#tests/fuzz/outcome.ts'
import { validForms } from '#tests/fuzz/bases.ts'
import { describePayload, fieldNamesOf, hostileIds, mutatedFormArbitrary, payloadArbitrary } from '#tests/fuzz/payloads.ts'
import { forgetSession, request } from '#tests/fuzz/request.ts'
import { caseFingerprint, changedTables, closeSnapshots, snapshot, type Snapshot } from '#tests/fuzz/snapshot.ts'
import { worldPerTest } from '#tests/fuzz/world.ts'
import { scaledAtStart } from '#tests/setup/slowdown.ts'

const RUNS = Number(process.env.FUZZ_RUNS ?? 20)
// a fixed seed in `npm test`; `npm run fuzz` draws a new one each time (fast-check prints it on failure)
const SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : process.env.FUZZ_RANDOM_SEED ? Date.now() % 2 ** 31 : 20261126
/** The persona that fuzzes an action: the first one the access table lets through. */
const PREFERRED: Persona[] = ['assigned', 'lead', 'admin', 'substitute', 'teamMember', 'anonymous']

const manifest = await loadManifest()
const targets = manifest.flatMap((route) => Object.keys(ROUTE_ACCESS[route.id]?.action ?? {}).map((intent) => ({ route, intent })))

const freshWorld = worldPerTest()
afterEach(() => closeSnapshots())

test('no markup from data: dangerouslySetInnerHTML is used nowhere in app/', () => {
  // Files (relative to app/) that may use it, each with a reason.
  const ALLOWED: string[] = [
    // The selects whose options are pre-built markup (the long lists, the master-data form's short ones and
    // the native select multiple of the several-choices field: field.tsx and multi-select.tsx render them
    // through MarkupSelect); every value and label goes through escapeHtml (app/components/ui/option-list.ts,
    // tested with a script payload in option-list.test.ts and short-options.test.tsx).
    'components/ui/markup-select.tsx',
    // A table body of pre-built rows: /team's queue and workload (components/team-rows.ts, decision
    // 072), the case list (components/case-list-rows.ts, decision 078), /referrals and
    // /language-mediation (referral-rows.ts, mediation-rows.ts, decision 079), the start page's
    // follow-ups (follow-up-rows.ts, decision 080); every value goes through escapeHtml (tested with
    // script payloads in each builder's test).
    'components/ui/table.tsx',
    // An ordered list of pre-built entries: the case file's timeline (components/timeline-entries.ts,
    // decision 080); every value goes through escapeHtml (tested with script payloads in
    // timeline-entries.test.tsx).
    'components/ui/prebuilt-list.tsx',
    // The long selects' markup as the value for it (`selectMarkup`: on the server the kept list's UTF-8
    // bytes, decision 185) and that function's tests, which render it; the options are the same escaped
    // pre-built markup as above (the value searched for ` selected=""` is escaped too: tested with `x"y`).
    'components/ui/option-list.ts',
    'components/ui/option-list-encoded.test.tsx',
    // The case tabs written as one string on the server (decision 205): the case id of the address and the
    // translated labels go through React's escaping (a local escapeHtml); case-header.test.tsx compares the
    // string with React's markup for an id `a&b"<c>` and a counsellor `Yusuf <b>`.
    'components/case-header.tsx',
    // A choice group's options as one string on the server (`choicesHtml`, decision 205: the contact form's
    // topics): names, values and labels escaped; choice-group.test.tsx compares it with React's markup for
    // `n"<&>`, `a"b` and `Arbeit <&> "Beruf" 'x'`.
    'components/ui/field.tsx',
    // The master-data form's sections as one string on the server (decision 215): `prebuiltMarkup` writes every
    // text and attribute through escapeHtml and gives up (React renders) on anything it has no rule for;
    // prebuilt-fields.test.tsx compares it with React's markup for values such as `<b>&"</b>` and `a"b`.
    'components/prebuilt-fields.ts',
    'components/master-data-fields.tsx',
    // The contact form's two groups of fields as one string each (decision 233), by the same writer;
    // contact-fields-prebuilt.test.tsx compares it with React's markup for values such as `<b>&"</b>` and a case
    // id `c&"<x>`.
    'components/contact-form.tsx',
  ]
  const offenders: string[] = []
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const file = path.join(dir, entry.name)
      if (entry.isDirectory()) walk(file)
      else if (/\.(tsx?|jsx?)$/.test(entry.name) && fs.readFileSync(file, 'utf8').includes('dangerouslySetInnerHTML')) {
        const relative = path.relative('app', file)
        if (!ALLOWED.includes(relative)) offenders.push(relative)
      }
    }
  }
  walk(path.resolve('app'))
  expect(offenders).toEqual([])
})

test('every action of the manifest is fuzzed', () => {
  const withAction = manifest.filter((route) => ROUTE_ACCESS[route.id]?.action)
  expect(withAction.length).toBeGreaterThan(30)
  expect(targets.length).toBeGreaterThanOrEqual(withAction.length)
})

/** A Conform reply that rejects the submission names at least one field (or the form). */
function conformErrors(result: unknown): string[] | null {
  if (!result || typeof result !== 'object' || !('data' in result)) return null
  const reply = (result as { data?: { result?: { status?: string; error?: Record<string, string[] | null> } | null } }).data?.result
  if (!reply || reply.status !== 'error') return null
  return Object.values(reply.error ?? {}).flatMap((messages) => messages ?? [])
}

describe.each(targets.map((target) => [target.route.id, target.intent || '(no intent)', target] as const))('%s intent=%s', (_id, _intent, { route, intent }) => {
  test('survives hostile payloads', { timeout: scaledAtStart(120_000 + RUNS * 2_000) }, async () => {
    const module = await importRoute(route)
    const access = ROUTE_ACCESS[route.id]!.action![intent]!
    // a public form (sign-in) is fuzzed signed out: signed in, it only redirects
    const persona = access.anonymous === 'ok' ? 'anonymous' : (PREFERRED.find((candidate) => access[candidate] === 'ok') ?? 'anonymous')
    const world = await freshWorld()
    const userId = world.userFor(persona, 'a')
    const params = world.paramsFor('a', persona)
    const url = urlFor(route, params)
    const ids = await hostileIds(world)
    const base = (await validForms(world))[`${route.id} ${intent}`]
    const names = [...new Set([...fieldNamesOf(route.file), ...Object.keys(base ?? {})])].filter((name) => name !== 'intent')
    const payloads = base ? fc.oneof(mutatedFormArbitrary(intent, base, ids), payloadArbitrary(intent, names, ids)) : payloadArbitrary(intent, names, ids)
    const foreignBefore = caseFingerprint(world.b.caseId)
    const statuses = new Map<number, number>()
    // The database as it is now, when known: a rejected payload must leave it as it was, so the
    // snapshot that proved that is also the state before the next payload (one snapshot per payload
    // instead of two). Nothing else writes between payloads.
    let current: Snapshot | undefined

    await fc.assert(
      fc.asyncProperty(payloads, async (payload) => {
        const what = `${route.id} as ${persona}, ${describePayload(payload)}`
        const before = current ?? snapshot()
        current = undefined
        const post = await request(userId, url, payload.body)
        const answer = await run(() => module.action!({ request: post, params, context: {} }))
        if (route.id === 'routes/logout') forgetSession(userId)
        statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1)
        if (answer.error) throw new Error(`threw ${String(answer.error)} — ${what}`, { cause: answer.error })
        expect(answer.status, what).toBeLessThan(500)
        if (answer.status >= 400) {
          const after = snapshot()
          expect(changedTables(before, after), `a rejected request (${answer.status}) changed the database — ${what}`).toEqual([])
          current = after
          const errors = conformErrors(answer.result)
          if (answer.status === 400 && errors) expect(errors.length, `a 400 without a field error — ${what}`).toBeGreaterThan(0)
        } else if (module.loader) {
          // accepted: the page showing the stored values still loads
          const page = await run(async () => module.loader!({ request: await request(userId, url), params, context: {} }))
          expect(page.error, `the page broke after an accepted payload — ${what}`).toBeUndefined()
          expect(page.status, what).toBeLessThan(500)
        }
        expect(caseFingerprint(world.b.caseId), `the other team's case changed — ${what}`).toBe(foreignBefore)
      }),
      { seed: SEED, numRuns: RUNS, endOnFailure: true },
    )
    // FUZZ_STATS=1 shows how deep the payloads got (how many were accepted) per action
    if (process.env.FUZZ_STATS) console.info(`${route.id} ${intent || '(no intent)'} as ${persona}:`, JSON.stringify(Object.fromEntries(statuses)))
  })
})
