import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import bcrypt from 'bcryptjs'
import type { TestProject } from 'vitest/node'
import { TEST_PASSWORD, TEST_PASSWORD_COST } from '../test-password.ts'
import { baseDatabase, tmpDir } from './paths.ts'

declare module 'vitest' {
  export interface ProvidedContext {
    /** The hash of TEST_PASSWORD at bcrypt's lowest cost (tests/test-password.ts), made once per run. */
    testPasswordHash: string
  }
}

// Builds the migrated and seeded template database once per run; each test gets a fresh copy.
export default async function setup(project: TestProject) {
  project.provide('testPasswordHash', await bcrypt.hash(TEST_PASSWORD, TEST_PASSWORD_COST))
  fs.mkdirSync(tmpDir, { recursive: true })
  for (const suffix of ['', '-wal', '-shm']) fs.rmSync(baseDatabase + suffix, { force: true })
  const env = { ...process.env, DATABASE_URL: `file:${baseDatabase}`, APP_MODE: 'production' }
  const migrate = spawnSync(process.execPath, [path.resolve('scripts/db-migrate.js')], { env, encoding: 'utf8' })
  if (migrate.status !== 0) throw new Error(`Migrating the test database failed:\n${migrate.stderr}${migrate.stdout}`)
  const seed = spawnSync(process.execPath, ['--import', 'tsx', path.resolve('tests/setup/seed-base.ts')], { env, encoding: 'utf8' })
  if (seed.status !== 0) throw new Error(`Seeding the test database failed:\n${seed.stderr}${seed.stdout}`)
  // Fold the WAL into the file so that copying the one file copies everything. The file stays in
  // WAL mode (recorded in its header), so that tests run the database as production does.
  spawnSync(process.execPath, ['-e', `const D=require('better-sqlite3');const d=new D(${JSON.stringify(baseDatabase)});d.pragma('wal_checkpoint(TRUNCATE)');d.close()`])
  return () => fs.rmSync(tmpDir, { recursive: true, force: true })
}
