// Decision 103 as the production server runs it: the app's connection leaves the write-ahead log to a
// read-pool thread, which copies a save into the database file within about a second — long before
// SQLite's own checkpoint would (1,000 pages, ≈ 30 contact saves). Checked from outside: a copy of
// the database file alone, without its log, holds the acknowledged saves.
import fs from 'node:fs'
import { randomUUID } from 'node:crypto'
import Database from 'better-sqlite3'
import { afterAll, expect, test } from 'vitest'
import { contactFormBody } from '../scripts/bench-load.ts'
import { startServerProcess, type ServerProcess } from './setup/server-process.ts'
import { scaledAtStart } from './setup/slowdown.ts'
import { createTestCase, createUser, getTeams, releaseDatabaseForServer, sessionCookieFor } from '#tests/factories.ts'
import { officeDay } from '#app/domain/follow-up.ts'
import { prisma } from '#app/utils/db.server.ts'

globalThis.wbShareDatabaseInFile = true

const servers: ServerProcess[] = []
afterAll(async () => {
  await Promise.all(servers.map((server) => server.stop()))
})

/** The contacts with the marker prefix in the database file alone (its log set aside). */
function inFileAlone(databaseFile: string, prefix: string) {
  const copy = `${databaseFile}.alone`
  try {
    fs.copyFileSync(databaseFile, copy)
    const db = new Database(copy, { readonly: true })
    try {
      return Number(db.prepare(`SELECT count(*) FROM Contact WHERE nextStep LIKE ? || '%'`).pluck().get(prefix))
    } finally {
      db.close()
    }
  } catch {
    return -1 // copied while a checkpoint wrote a page: look again
  } finally {
    for (const suffix of ['', '-wal', '-shm']) fs.rmSync(copy + suffix, { force: true })
  }
}

test('the production server copies a few saves into the database file by itself, without waiting for 1,000 pages of log', { timeout: scaledAtStart(60_000) }, async () => {
  const teams = await getTeams()
  const user = await createUser({ teamId: teams.eae.id })
  const kase = await createTestCase({ teamId: teams.eae.id, counsellorId: user.id })
  const cookie = await sessionCookieFor(user.id)
  const topic = await prisma.catalogueEntry.findFirstOrThrow({ where: { catalogue: 'TOPIC', active: true }, select: { id: true } })
  const databaseFile = await releaseDatabaseForServer()

  const server = await startServerProcess(databaseFile)
  servers.push(server)
  const prefix = `checkpoint-${randomUUID().slice(0, 8)}-`
  const day = officeDay(new Date())
  for (let index = 0; index < 3; index += 1) {
    const answer = await fetch(`${server.origin}/cases/${kase.id}/contacts/new`, {
      method: 'POST',
      redirect: 'manual',
      headers: { cookie, origin: server.origin, 'content-type': 'application/x-www-form-urlencoded' },
      body: contactFormBody({ marker: `${prefix}${index}`, topicId: topic.id, day }),
    })
    await answer.arrayBuffer()
    expect(answer.status, server.output()).toBe(302)
  }
  // Three saves are ≈ 90 pages of log: SQLite's own checkpoint would leave them in the log.
  await expect.poll(() => inFileAlone(databaseFile, prefix), { timeout: scaledAtStart(20_000), interval: 250 }).toBe(3)
})
