// Concurrent writes against the production server (issue 8): several counsellors record contacts
// and edit their cases at once. Counts only — the times are measured by `npm run bench`.
// Every acknowledged contact is stored exactly once, nothing unacknowledged is stored, no 5xx.
import { afterAll, expect, test } from 'vitest'
import { checkStored, runWriteLoad } from '../scripts/bench-load.ts'
import { startServerProcess, type ServerProcess } from './setup/server-process.ts'
import { currentSlowdown, scaledAtStart } from './setup/slowdown.ts'
import { createTestCase, createUser, getTeams, sessionCookieFor } from '#tests/factories.ts'
import { prisma } from '#app/utils/db.server.ts'

globalThis.wbShareDatabaseInFile = true

const USERS = 10
/**
 * Seconds of load on the quiet reference machine, stretched by the machine's slowdown so that a
 * busy machine does about as many writes as a quiet one (each takes proportionally longer).
 */
const SECONDS = 3
const PACED_SECONDS = 2

let server: ServerProcess | undefined
afterAll(async () => {
  await server?.stop()
})

test('concurrent contacts and master-data edits: every acknowledged write stored once, no 5xx', { timeout: scaledAtStart(60_000) }, async () => {
  const teams = await getTeams()
  const users = []
  for (let index = 0; index < USERS; index += 1) {
    const teamId = index % 2 ? teams.rostock.id : teams.eae.id
    const user = await createUser({ teamId })
    const kase = await createTestCase({ teamId, counsellorId: user.id })
    users.push({ cookie: await sessionCookieFor(user.id), caseId: kase.id })
  }
  const topic = await prisma.catalogueEntry.findFirstOrThrow({ where: { catalogue: 'TOPIC', active: true }, select: { id: true } })
  // The server shares the file with this process: WAL lets both in without blocking readers.
  await prisma.$queryRawUnsafe('PRAGMA journal_mode = WAL')
  const databaseFile = process.env.DATABASE_URL!.replace(/^file:/, '')
  server = await startServerProcess(databaseFile)

  const stretch = (seconds: number) => Math.round(seconds * currentSlowdown())
  // What a failure needs to name its cause: the connection errors by code, whether the server
  // process still runs, and the end of what it wrote to stderr.
  const serverState = () => `server ${server!.child.exitCode === null && server!.child.signalCode === null ? 'running' : `exited (code ${server!.child.exitCode}, signal ${server!.child.signalCode})`}; stderr: ${server!.output().slice(-1500) || '(none)'}`
  const result = await runWriteLoad({ port: server.port, users, durationSeconds: stretch(SECONDS), topicId: topic.id, warmupUsers: 2 })
  // The saturated run is checked before the paced one starts, so that a failure names the run it
  // happened in (a paced run without a single answer once left open whether the first had failed too).
  expect(result.serverErrors, JSON.stringify(result.statuses)).toBe(0)
  expect(result.errors + result.timeouts, `${JSON.stringify(result.statuses)}; ${serverState()}`).toBe(0)
  expect(result.unanswered).toBe(0)
  expect(result.acknowledged.length).toBeGreaterThan(USERS)
  expect(result.contactRefused).toBe(0)
  // Edits: saved, or refused as stale (409) — never anything else.
  expect(result.editOther, JSON.stringify(result.statuses)).toBe(0)
  expect(result.editSaved).toBeGreaterThan(0)

  const check = checkStored(databaseFile, result.markerPrefix, result.acknowledged)
  expect(check).toEqual({
    stored: result.acknowledged.length,
    duplicates: 0,
    missing: 0,
    unacknowledged: 0,
    withoutAudit: 0,
    withoutTopics: 0,
  })

  // The paced run of the benchmark (its own request loop with pauses) must count the same way.
  const paced = await runWriteLoad({ port: server.port, users, durationSeconds: stretch(PACED_SECONDS), topicId: topic.id, warmupUsers: 0, thinkMs: 50 })
  const pacedState = `${JSON.stringify(paced.statuses)}; connection errors ${JSON.stringify(paced.errorCodes)}; ${serverState()}`
  await server.stop()

  expect(paced.serverErrors + paced.errors + paced.timeouts + paced.unanswered + paced.editOther, pacedState).toBe(0)
  expect(paced.acknowledged.length).toBeGreaterThan(USERS)
  expect(paced.latency['edit-form'].count).toBeGreaterThan(0)
  expect(checkStored(databaseFile, paced.markerPrefix, paced.acknowledged)).toMatchObject({ stored: paced.acknowledged.length, duplicates: 0, missing: 0, unacknowledged: 0 })

  // Each case's version counts its saved edits: no lost update, no double increment.
  const cases = await prisma.case.findMany({ where: { id: { in: users.map((user) => user.caseId) } }, select: { version: true } })
  const versionsGained = cases.reduce((sum, kase) => sum + kase.version - 1, 0)
  expect(versionsGained).toBeGreaterThanOrEqual(result.editSaved + paced.editSaved)
})
