import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, test } from 'vitest'
import { baseDatabase } from '#tests/setup/paths.ts'
import { runProcess } from '#tests/setup/run-process.ts'
import { secureDatabaseFiles } from './file-permissions.js'

const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'wb-permissions-'))
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }))

const modeOf = (file: string) => fs.statSync(file).mode & 0o7777

/** An installation as an older version left it with umask 022: folder 0755, files 0644. */
function looseInstallation(name: string) {
  const folder = path.join(scratch, name)
  fs.mkdirSync(folder, { mode: 0o755 })
  fs.chmodSync(folder, 0o755)
  const database = path.join(folder, 'wegbegleiter.db')
  fs.copyFileSync(baseDatabase, database)
  for (const suffix of ['', '-wal', '-shm']) {
    if (suffix) fs.writeFileSync(database + suffix, '')
    fs.chmodSync(database + suffix, 0o644)
  }
  return { folder, database }
}

describe('file permissions (issue 12, finding 9)', () => {
  test('migrating an existing installation makes the folder 0700 and the database files 0600', async () => {
    const { folder, database } = looseInstallation('existing')
    const migrate = await runProcess(process.execPath, [path.resolve('scripts/db-migrate.js'), `file:${database}`])
    expect(migrate.status, migrate.stderr).toBe(0)
    expect(modeOf(folder)).toBe(0o700)
    for (const suffix of ['', '-wal', '-shm']) {
      if (fs.existsSync(database + suffix)) expect(modeOf(database + suffix), suffix || 'database').toBe(0o600)
    }
  })

  test('a new installation is created private', async () => {
    const folder = path.join(scratch, 'new', 'data')
    const database = path.join(folder, 'wegbegleiter.db')
    const migrate = await runProcess(process.execPath, [path.resolve('scripts/db-migrate.js'), `file:${database}`], { env: { ...process.env } })
    expect(migrate.status, migrate.stderr).toBe(0)
    expect(modeOf(folder)).toBe(0o700)
    expect(modeOf(database)).toBe(0o600)
  })

  test('a shared folder (sticky bit, like /tmp) is left alone and named; the files are still closed', () => {
    const { folder, database } = looseInstallation('shared')
    fs.chmodSync(folder, 0o1777)
    const notes = secureDatabaseFiles(database)
    expect(notes).toEqual([`${folder} is shared or not ours; its permissions were left alone — keep the data in a folder of its own`])
    expect(modeOf(folder)).toBe(0o1777)
    expect(modeOf(database)).toBe(0o600)
    expect(modeOf(`${database}-wal`)).toBe(0o600)
  })
})
