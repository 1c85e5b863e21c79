import fs from 'node:fs'
import path from 'node:path'
import { afterAll, beforeEach } from 'vitest'
import { baseDatabase, tmpDir } from './paths.ts'

const workerDatabase = path.join(tmpDir, `data.${process.env.VITEST_POOL_ID ?? '0'}.db`)
const workerDocuments = path.join(tmpDir, `documents.${process.env.VITEST_POOL_ID ?? '0'}`)
process.env.DATABASE_URL = `file:${workerDatabase}`
process.env.DOCUMENT_DIR = workerDocuments
process.env.DOCUMENT_KEY ??= Buffer.alloc(32, 11).toString('base64')
// the test machine's disk is not what a test of the upload is about (the no-space test sets its own)
process.env.DOCUMENT_MIN_FREE_BYTES = '0'
process.env.APP_MODE = 'demo'
process.env.SESSION_SECRET = 'test-session-secret-that-is-long-enough-0123456789'
process.env.IDENTITY_KEY ??= Buffer.alloc(32, 7).toString('base64')
process.env.IDENTITY_HMAC_SECRET ??= 'test-hmac-secret-that-is-long-enough-0123456789'

function freshCopy() {
  for (const suffix of ['', '-wal', '-shm']) fs.rmSync(workerDatabase + suffix, { force: true })
  fs.copyFileSync(baseDatabase, workerDatabase)
  // the documents belong to the database they were stored with
  fs.rmSync(workerDocuments, { recursive: true, force: true })
}

freshCopy()

declare global {
  /**
   * Set to true at the top of a test file that builds one expensive world for all its tests (the
   * route-wide access matrix and fuzzing): the file then starts from one fresh copy, not one per test.
   */
  var wbShareDatabaseInFile: boolean | undefined
}
let copiedForFile = false

// Each test starts from the migrated, seeded template (catalogues and teams, no users) and no documents. A file
// that never touched the database has no client to disconnect: importing one (the Prisma client is
// a large module) only to disconnect it would cost every pure unit-test file seconds on a busy machine.
beforeEach(async () => {
  if (globalThis.wbShareDatabaseInFile && copiedForFile) return
  copiedForFile = true
  await globalThis.__wegbegleiterPrisma?.$disconnect()
  freshCopy()
})

afterAll(async () => {
  await globalThis.__wegbegleiterPrisma?.$disconnect()
})
