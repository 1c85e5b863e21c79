// Test data factories: create preconditions directly in the database, not through the UI.
import { type AsyncLocalStorage } from 'node:async_hooks'
import { inject } from 'vitest'
import { requestContext } from '#request-context'
import { type Role } from '#app/domain/codes.ts'
import { createSessionCookie } from '#app/utils/auth.server.ts'
import { prisma } from '#app/utils/db.server.ts'
import { type RequestContext } from '#app/utils/request-context.server.ts'
import { newTotpSecret } from '#app/utils/totp.server.ts'

export { TEST_PASSWORD } from './test-password.ts'
let counter = 0

export async function getTeams() {
  const teams = await prisma.team.findMany({ select: { id: true, name: true, kind: true }, orderBy: { name: 'asc' } })
  const byName = (name: string) => teams.find((team) => team.name === name)!
  return {
    eae: byName('EAE Nostorf-Horst'),
    rostock: byName('Beratungsstelle Rostock'),
    greifswald: byName('Beratungsstelle Greifswald'),
  }
}

export async function createUser({
  role = 'COUNSELLOR',
  teamId,
  email,
  displayName,
  active = true,
  languages = '',
}: { role?: Role; teamId?: string; email?: string; displayName?: string; active?: boolean; languages?: string } = {}) {
  counter += 1
  const team = teamId ?? (await getTeams()).eae.id
  const user = await prisma.user.create({
    data: {
      email: email ?? `user${counter}.${Date.now()}@test.example`,
      displayName: displayName ?? `Test User ${counter}`,
      role,
      teamId: team,
      active,
      languages,
      // hashed once per run by the global setup, at bcrypt's lowest cost (tests/test-password.ts)
      password: { create: { hash: inject('testPasswordHash') } },
    },
    select: { id: true, email: true, role: true, teamId: true, displayName: true },
  })
  return { ...user, role: user.role as Role }
}

/**
 * Gives the user a confirmed second factor with a fresh secret and returns the secret, so that a test
 * can compute codes (tests/totp-reference.ts). Factory sessions count as fully signed in regardless.
 */
export async function enrolSecondFactor(userId: string) {
  const secret = newTotpSecret()
  await prisma.totpCredential.create({ data: { userId, secret, confirmedAt: new Date() } })
  return secret
}

/** A real, signed session cookie for the user (what the browser would send). */
export async function sessionCookieFor(userId: string) {
  const session = await prisma.session.create({
    data: { id: crypto.randomUUID(), userId, expiresAt: new Date(Date.now() + 12 * 3600 * 1000) },
    select: { id: true },
  })
  const setCookie = await createSessionCookie(new Request('http://localhost/'), session.id)
  return setCookie.split(';')[0]!
}

/** Builds a request as the browser would send it, signed in as the given user. */
export async function requestAs(
  userId: string | null,
  path: string,
  init: { method?: string; form?: Record<string, string | string[]> } = {},
) {
  const headers = new Headers()
  if (userId) headers.set('Cookie', await sessionCookieFor(userId))
  let body: URLSearchParams | undefined
  if (init.form) {
    body = new URLSearchParams()
    for (const [key, value] of Object.entries(init.form)) {
      for (const item of Array.isArray(value) ? value : [value]) body.append(key, item)
    }
    headers.set('Content-Type', 'application/x-www-form-urlencoded')
    // As a browser sends it; the production server refuses writes without it (server/index.js).
    headers.set('Origin', 'http://localhost')
  }
  return new Request(`http://localhost${path}`, { method: init.method ?? (body ? 'POST' : 'GET'), headers, body })
}

/**
 * Runs `work` inside a request context as server/index.js opens one (a GET or HEAD with the page
 * view's cache, anything else without), returning the context so a test can read what was set.
 */
export async function inRequest<T>(work: () => Promise<T>, { method = 'GET', ...given }: Partial<RequestContext> & { method?: string } = {}) {
  const context: RequestContext = {
    requestId: crypto.randomUUID(),
    cspNonce: '',
    clientIp: undefined,
    userId: null,
    cache: method === 'GET' || method === 'HEAD' ? new Map() : null,
    // The loader data whole, as a client-side navigation gets it; a document's leaves its long
    // lists to the markup (decision 101): pass `dataRequest: false` to see that.
    dataRequest: true,
    ...given,
  }
  const result = await (requestContext as AsyncLocalStorage<RequestContext>).run(context, work)
  return { result, context }
}

/** Runs a loader or action and returns what it returned or threw (Responses are thrown by guards). */
export async function settle<T>(promise: Promise<T>): Promise<T | Response> {
  try {
    return await promise
  } catch (error) {
    if (error instanceof Response) return error
    throw error
  }
}

/** The status of a loader/action result: thrown Responses, `data()` results and plain objects (200). */
export function statusOf(result: unknown): number {
  if (result instanceof Response) return result.status
  if (result && typeof result === 'object' && 'type' in result && (result as { type: unknown }).type === 'DataWithResponseInit') {
    return (result as unknown as { init?: { status?: number } }).init?.status ?? 200
  }
  return 200
}

let codeCounter = 0

export async function catalogueId(catalogue: string, code: string) {
  const entry = await prisma.catalogueEntry.findUniqueOrThrow({ where: { catalogue_code: { catalogue, code } }, select: { id: true } })
  return entry.id
}

/**
 * A client with one case, written directly (bypasses the form). Defaults: EAE team, open MBE case
 * of kind CASE_MANAGEMENT, opened today, residence status GESTATTUNG from the opening date.
 */
export async function createTestCase({
  teamId,
  counsellorId = null,
  status = 'OPEN',
  kind = 'CASE_MANAGEMENT',
  programme = 'MBE',
  openedAt = new Date(),
  sharedForSubstitution = false,
  birthYear = 1990,
  gender = 'FEMALE',
  nationality = 'SY',
  languages = ['arb'],
  residenceStatus = 'GESTATTUNG',
}: {
  teamId?: string
  counsellorId?: string | null
  status?: string
  kind?: string
  programme?: string
  openedAt?: Date
  sharedForSubstitution?: boolean
  birthYear?: number
  gender?: string
  nationality?: string
  languages?: string[]
  residenceStatus?: string
} = {}) {
  // Taken before the first await: cases created in parallel must not read the same counter.
  const serial = ++codeCounter
  const team = teamId ?? (await getTeams()).eae.id
  const statusId = await catalogueId('RESIDENCE_STATUS', residenceStatus)
  const client = await prisma.client.create({
    data: {
      pseudonymCode: `T${String(serial).padStart(3, '0')}0-${Date.now().toString(36).slice(-4).toUpperCase()}-0`,
      birthYear,
      gender,
      nationality,
      countryOfOrigin: nationality,
      languages: { create: languages.map((languageCode) => ({ languageCode })) },
      residenceStatuses: { create: { statusId, validFrom: openedAt } },
    },
    select: { id: true, pseudonymCode: true },
  })
  const kase = await prisma.case.create({
    data: {
      clientId: client.id,
      teamId: team,
      counsellorId,
      openedAt,
      status,
      kind,
      programme,
      startPlace: 'EAE',
      accessRoute: 'EAE_REFERRAL',
      germanLevel: 'NONE',
      sharedForSubstitution,
      programmes: { create: { programme, validFrom: openedAt } },
      statusChanges: { create: { toStatus: status, at: openedAt } },
    },
    select: { id: true, teamId: true, counsellorId: true, version: true, clientId: true },
  })
  return { ...kase, pseudonymCode: client.pseudonymCode }
}

/**
 * Hands this test file's database to a server process (tests/setup/server-process.ts): WAL mode, as
 * the server runs it, and this process's connection closed, so that nothing of it holds the file
 * while the server writes, crashes or recovers. Returns the file's path.
 */
export async function releaseDatabaseForServer() {
  await prisma.$queryRawUnsafe('PRAGMA journal_mode = WAL')
  await prisma.$disconnect()
  return process.env.DATABASE_URL!.replace(/^file:/, '')
}
