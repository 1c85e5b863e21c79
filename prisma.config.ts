import 'dotenv/config'
import path from 'node:path'
import { defineConfig } from 'prisma/config'

// Absolute path: the CLI resolves relative file: URLs from this file, better-sqlite3 from the
// process's working directory. Both must point at the same file.
const defaultDatabase = `file:${path.resolve('data', 'wegbegleiter.db')}`

export default defineConfig({
  schema: path.join('prisma', 'schema.prisma'),
  migrations: { path: path.join('prisma', 'migrations') },
  datasource: { url: process.env.DATABASE_URL || defaultDatabase },
})
