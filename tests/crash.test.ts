// Crash safety (issue 8): the production server is killed outright (SIGKILL) while several
// counsellors save contacts. After a restart on the same file the database is intact and every
// write the server acknowledged is there, whole: its topics and its audit event committed with it.
// Writes that were in flight may or may not be there — but never half.
import { randomUUID } from 'node:crypto'
import Database from 'better-sqlite3'
import { afterAll, expect, test } from 'vitest'
import { checkStored, contactFormBody } from '../scripts/bench-load.ts'
import { startServerProcess, type ServerProcess } from './setup/server-process.ts'
import { scaledAtStart } from './setup/slowdown.ts'
import { createTestCase, createUser, getTeams, releaseDatabaseForServer, sessionCookieFor } from '#tests/factories.ts'
import { officeDay } from '#app/domain/follow-up.ts'
import { prisma } from '#app/utils/db.server.ts'

globalThis.wbShareDatabaseInFile = true

const WRITERS = 6

const servers: ServerProcess[] = []
afterAll(async () => {
  await Promise.all(servers.map((server) => server.crash()))
})

type Writer = { cookie: string; caseId: string }

/** Saves contacts one after the other until told to stop or the server goes away. */
async function write(
  server: ServerProcess,
  writer: Writer,
  {
    prefix,
    topicId,
    acknowledged,
    sent,
    until,
    onAcknowledged = () => undefined,
  }: { prefix: string; topicId: number; acknowledged: string[]; sent: string[]; until: () => boolean; onAcknowledged?: () => void },
) {
  const day = officeDay(new Date())
  while (!until()) {
    const marker = `${prefix}${randomUUID()}`
    sent.push(marker)
    try {
      const answer = await fetch(`${server.origin}/cases/${writer.caseId}/contacts/new`, {
        method: 'POST',
        redirect: 'manual',
        headers: { cookie: writer.cookie, origin: server.origin, 'content-type': 'application/x-www-form-urlencoded' },
        body: contactFormBody({ marker, topicId, day }),
      })
      await answer.arrayBuffer()
      if (answer.status >= 500) throw new Error(`HTTP ${answer.status} for a contact save`)
      if (answer.status < 400) {
        acknowledged.push(marker)
        onAcknowledged()
      }
    } catch (error) {
      if (error instanceof Error && error.message.startsWith('HTTP')) throw error
      return // the connection died with the server
    }
  }
}

test('SIGKILL during concurrent writes: database intact, every acknowledged write stored whole', { timeout: scaledAtStart(60_000) }, async () => {
  const teams = await getTeams()
  const writers: Writer[] = []
  for (let index = 0; index < WRITERS; index += 1) {
    const user = await createUser({ teamId: teams.eae.id })
    const kase = await createTestCase({ teamId: teams.eae.id, counsellorId: user.id })
    writers.push({ cookie: await sessionCookieFor(user.id), caseId: kase.id })
  }
  const topic = await prisma.catalogueEntry.findFirstOrThrow({ where: { catalogue: 'TOPIC', active: true }, select: { id: true } })
  // Nothing of this process may hold the file while the server crashes and recovers.
  const databaseFile = await releaseDatabaseForServer()

  const first = await startServerProcess(databaseFile)
  servers.push(first)
  const prefix = `crash-${randomUUID().slice(0, 8)}-`
  const acknowledged: string[] = []
  const sent: string[] = []
  let killed = false
  // Kill once writes are flowing, mid-stream (some requests are always in flight with six writers):
  // at the 25th acknowledged write, however long a busy machine takes to get there.
  let flowing!: () => void
  const writesFlowing = new Promise<void>((resolve) => (flowing = resolve))
  const writing = Promise.all(
    writers.map((writer) =>
      write(first, writer, {
        prefix,
        topicId: topic.id,
        acknowledged,
        sent,
        until: () => killed,
        onAcknowledged: () => acknowledged.length >= 25 && flowing(),
      }),
    ),
  )
  // A writer that stops early (the server failed) ends the wait too, and the checks below say why.
  await Promise.race([writesFlowing, writing])
  await first.crash()
  killed = true
  await writing
  expect(acknowledged.length).toBeGreaterThanOrEqual(25)
  // Some saves were on their way when the server died.
  expect(sent.length).toBeGreaterThan(acknowledged.length)
  expect(first.child.signalCode).toBe('SIGKILL')

  // The file as the crash left it: SQLite rolls the WAL forward to the last committed transaction.
  const db = new Database(databaseFile)
  try {
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok')
    expect(db.pragma('foreign_key_check')).toEqual([])
  } finally {
    db.close()
  }

  // Restarted on the same file, the server works and sees every acknowledged write exactly once.
  const second = await startServerProcess(databaseFile)
  servers.push(second)
  const health = await fetch(`${second.origin}/healthz`)
  expect(health.status).toBe(200)
  const after: string[] = []
  await write(second, writers[0]!, { prefix, topicId: topic.id, acknowledged: after, sent, until: () => after.length >= 1 })
  expect(after).toHaveLength(1)
  await second.stop()

  const check = checkStored(databaseFile, prefix, [...acknowledged, ...after])
  expect(check.missing).toBe(0)
  expect(check.duplicates).toBe(0)
  expect(check.withoutAudit).toBe(0)
  expect(check.withoutTopics).toBe(0)
  // Stored but unacknowledged: only writes that were in flight when the server died.
  expect(check.unacknowledged).toBeLessThanOrEqual(WRITERS)
  expect(check.stored).toBe(acknowledged.length + after.length + check.unacknowledged)
})
