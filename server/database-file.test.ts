import { spawn, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import {
  databaseFile,
  databaseUrl,
  defaultDatabaseFile,
  projectRoot,
  runningServer,
  serverMarker,
} from './database-file.js'
import { runProcess } from '#tests/setup/run-process.ts'

describe('one resolver for DATABASE_URL', () => {
  test('unset, empty, blank or a bare "file:" mean the default in the project folder', () => {
    expect(defaultDatabaseFile).toBe(path.join(projectRoot, 'data', 'wegbegleiter.db'))
    for (const value of ['', '  ', 'file:']) expect(databaseFile(value)).toBe(defaultDatabaseFile)
    expect(databaseUrl('')).toBe(`file:${defaultDatabaseFile}`)
  })

  test('a relative path is relative to the project folder, not the current directory', () => {
    const before = process.cwd()
    process.chdir(os.tmpdir())
    try {
      expect(databaseFile('file:./data/other.db')).toBe(path.join(projectRoot, 'data', 'other.db'))
      expect(databaseFile('data/other.db')).toBe(path.join(projectRoot, 'data', 'other.db'))
    } finally {
      process.chdir(before)
    }
    expect(databaseFile('file:/srv/wegbegleiter/db.sqlite')).toBe('/srv/wegbegleiter/db.sqlite')
  })
})

describe('scripts that write refuse while a server holds the database open', () => {
  let dir: string
  let database: string
  let holder: ChildProcess

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wb-running-'))
    database = path.join(dir, 'wegbegleiter.db')
    // Stands in for the server: a live process whose pid is in the marker.
    holder = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' })
    await new Promise((resolve) => holder.once('spawn', resolve))
  })

  afterAll(() => {
    holder.kill()
    fs.rmSync(dir, { recursive: true, force: true })
  })

  const run = (script: string[], env: Record<string, string> = {}) =>
    runProcess(process.execPath, script, {
      cwd: projectRoot,
      env: { ...process.env, DATABASE_URL: `file:${database}`, ...env },
    })

  test('a marker of a live process is a running server; of a dead one or none, not', async () => {
    fs.rmSync(serverMarker(database), { force: true })
    expect(runningServer(database)).toBeNull()
    fs.writeFileSync(serverMarker(database), JSON.stringify({ pid: holder.pid, port: 3999 }))
    expect(runningServer(database)).toEqual({ pid: holder.pid, port: 3999 })
    const dead = await runProcess(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'])
    fs.writeFileSync(serverMarker(database), JSON.stringify({ pid: Number(dead.stdout), port: 3999 }))
    expect(runningServer(database)).toBeNull()
  })

  test('db:migrate and seed:generate stop with a message naming the server and change nothing', async () => {
    fs.writeFileSync(serverMarker(database), JSON.stringify({ pid: holder.pid, port: 3999 }))
    const migrate = await run([path.join('scripts', 'db-migrate.js')])
    expect(migrate.status).toBe(1)
    expect(migrate.stderr).toContain(
      `npm run db:migrate cannot run while the server uses ${database} (process ${holder.pid}, port 3999)`,
    )
    expect(migrate.stderr).toContain('Stop the server')
    const generate = await run(['--import', 'tsx', path.join('scripts', 'generate-data.ts'), '--cases', '5'])
    expect(generate.status).toBe(1)
    expect(generate.stderr).toContain('npm run seed:generate cannot run while the server uses')
    expect(fs.existsSync(database)).toBe(false)
  })

  test('without a running server the same scripts work on the file', async () => {
    fs.rmSync(serverMarker(database), { force: true })
    const migrate = await run([path.join('scripts', 'db-migrate.js')])
    expect(migrate.stderr).toBe('')
    expect(migrate.status).toBe(0)
    expect(fs.existsSync(database)).toBe(true)
  })
})
