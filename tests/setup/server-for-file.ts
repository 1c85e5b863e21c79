// One production server for a whole test file, on that file's own database (tests that need real
// HTTP against the built app). The test setup puts a fresh database in place before a file's first
// test and, while `wbShareDatabaseInFile` is set, keeps it for the file's other tests; so the server
// starts in the first test (not in beforeAll), after `prepare` has written what the file needs, and
// stops after the file.
import { afterAll, beforeEach } from 'vitest'
import { prisma } from '#app/utils/db.server.ts'
import { startServerProcess, type ServerProcess } from './server-process.ts'

export function serverForFile(prepare: () => Promise<void> = async () => {}) {
  globalThis.wbShareDatabaseInFile = true
  let server: ServerProcess | undefined
  let started: Promise<void> | undefined
  beforeEach(() => {
    started ??= (async () => {
      await prepare()
      // The server shares the file with this process: WAL lets both in.
      await prisma.$queryRawUnsafe('PRAGMA journal_mode = WAL')
      server = await startServerProcess(process.env.DATABASE_URL!.replace(/^file:/, ''))
    })()
    return started
  }, 180_000)
  afterAll(async () => {
    await server?.stop()
    globalThis.wbShareDatabaseInFile = false
  })
  return {
    get server(): ServerProcess {
      if (!server) throw new Error('The server starts in the first test of the file')
      return server
    },
  }
}
