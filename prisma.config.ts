import 'dotenv/config'
import path from 'node:path'
import { defineConfig } from 'prisma/config'
import { databaseUrl } from './server/database-file.js'

// Absolute path (server/database-file.js, the one resolver): the CLI resolves relative file: URLs
// from this file, better-sqlite3 from the process's working directory.

export default defineConfig({
  schema: path.join('prisma', 'schema.prisma'),
  migrations: { path: path.join('prisma', 'migrations') },
  datasource: { url: databaseUrl() },
})
