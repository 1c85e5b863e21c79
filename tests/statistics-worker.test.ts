// The annual statistics in the production build (decision 052): the statement runs in a read
// worker whose script the bundled server finds at run time, the server answers other requests while
// it runs, and a failing statement ends in the server's error page — then the next request works.
import { expect, test } from 'vitest'
import { createUser, sessionCookieFor } from '#tests/factories.ts'
import { buildGoldenDataset } from '#tests/fixtures/statistics-golden.ts'
import { prisma } from '#app/utils/db.server.ts'
import { serverForFile } from './setup/server-for-file.ts'

let cookie: string
// Built in the first test: the test setup puts a fresh database in place before it.
const shared = serverForFile(async () => {
  await buildGoldenDataset()
  cookie = await sessionCookieFor((await createUser({ role: 'ADMIN' })).id)
})

async function get(pathname: string) {
  const answer = await fetch(`${shared.server.origin}${pathname}`, { headers: { cookie }, redirect: 'manual' })
  return { status: answer.status, body: await answer.text() }
}

test('the page and the JSON export are computed in the built server', async () => {
  const exported = await get('/statistics/export.json?year=2025')
  expect(exported.status).toBe(200)
  const json = JSON.parse(exported.body) as { year: number; tables: unknown[] }
  expect(json.year).toBe(2025)
  expect(json.tables.length).toBeGreaterThan(5)
  expect((await get('/statistics?year=2025')).status).toBe(200)
})

test('a failing statement answers with the error page (500), not a hang, and the next request is served', async () => {
  // A table the statement reads, gone for a moment: SQLite fails the statement in the worker.
  await prisma.$executeRawUnsafe('ALTER TABLE "CaseTopicYear" RENAME TO "CaseTopicYearAway"')
  try {
    const page = await get('/statistics?year=2025')
    expect(page.status).toBe(500)
    expect(page.body).toContain('Ein Fehler ist aufgetreten')
    expect(page.body).not.toContain('CaseTopicYear')
    const exported = await get('/statistics/export.json?year=2025')
    expect(exported.status).toBe(500)
    expect(exported.body).not.toContain('CaseTopicYear')
    expect(shared.server.output()).toContain('no such table: CaseTopicYear')
  } finally {
    await prisma.$executeRawUnsafe('ALTER TABLE "CaseTopicYearAway" RENAME TO "CaseTopicYear"')
  }
  expect((await get('/statistics/export.json?year=2025')).status).toBe(200)
})
