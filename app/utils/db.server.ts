import path from 'node:path'
import { PrismaBetterSqlite3 } from '@prisma/adapter-better-sqlite3'
import { PrismaClient } from '#app/generated/prisma/client.ts'

export function databaseFile(url = process.env.DATABASE_URL): string {
  const raw = (url ?? '').replace(/^file:/, '')
  if (!raw) return path.resolve('data', 'wegbegleiter.db')
  return path.isAbsolute(raw) ? raw : path.resolve(raw)
}

function connect() {
  // timeout is SQLite's busy timeout: a writer waits for the lock instead of failing.
  const adapter = new PrismaBetterSqlite3({ url: `file:${databaseFile()}`, timeout: 5000 })
  const base = new PrismaClient({ adapter })
  // better-sqlite3 behind the adapter is one connection, so these pragmas hold for every query;
  // every operation waits for them so that no write can run before foreign keys are on.
  // synchronous stays at SQLite's default (FULL): an acknowledged write survives a crash.
  // journal_mode is persistent in the file (db:migrate sets it); setting it here covers files made
  // elsewhere, and fails harmlessly when the first query of the process is a transaction.
  const ready = (async () => {
    await base.$queryRawUnsafe('PRAGMA journal_mode = WAL').catch(() => undefined)
    await base.$executeRawUnsafe('PRAGMA foreign_keys = ON')
  })()
  return base.$extends({
    query: {
      async $allOperations({ args, query }) {
        await ready
        return query(args)
      },
    },
  })
}

type Client = ReturnType<typeof connect>

declare global {
  var __wegbegleiterPrisma: Client | undefined
}

globalThis.__wegbegleiterPrisma ??= connect()

export const prisma = globalThis.__wegbegleiterPrisma
export type { Prisma } from '#app/generated/prisma/client.ts'
export type TransactionClient = Parameters<Parameters<Client['$transaction']>[0]>[0]
