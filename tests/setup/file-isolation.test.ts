import { spawn } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { stripVTControlCharacters } from 'node:util'
import { expect, test } from 'vitest'
import { scaledAtStart } from './slowdown.ts'

// A vitest worker process runs many test files one after the other (the default since session 15)
// (decision 082). This runs the two fixture files of tests/setup/file-isolation/ in one worker process
// of a vitest run of their own, with that setting, and proves that the second starts as it would in a new process: no rows, no module state and no environment variable of
// the first, and none of its timers running. Each fixture checks that at its start and then leaves
// all of these behind, so whichever runs second catches a leak.
test(
  'two test files in one worker process: the second sees nothing the first left behind',
  async () => {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'wb-file-isolation-'))
    const log = path.join(folder, 'log.txt')
    fs.writeFileSync(log, '')
    // a run of its own: its own run folder (WB_TEST_RUN), none of this worker's VITEST_* variables
    const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('VITEST') && name !== 'WB_TEST_RUN'))
    // not spawnSync: this worker must keep answering vitest while the run of its own takes a minute;
    // WB_VITEST_SHARED_FORKS=1 (sharing, the default) set so that an inherited =0 cannot turn it off
    const child = spawn(
      process.execPath,
      [path.resolve('node_modules/vitest/vitest.mjs'), 'run', '--project', 'isolated', '--maxWorkers', '1', '--minWorkers', '1', 'tests/setup/file-isolation/'],
      { env: { ...env, NODE_ENV: process.env.NODE_ENV, WB_VITEST_SHARED_FORKS: '1', WB_FILE_ISOLATION_FIXTURES: '1', WB_FILE_ISOLATION_LOG: log } },
    )
    const run = { stdout: '', stderr: '', status: null as number | null }
    child.stdout.on('data', (chunk: Buffer) => (run.stdout += chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => (run.stderr += chunk.toString()))
    run.status = await new Promise<number | null>((resolve) => child.on('close', resolve))
    const lines = fs.readFileSync(log, 'utf8').trim().split('\n')
    fs.rmSync(folder, { recursive: true, force: true })
    expect(run.status, `${run.stdout}\n${run.stderr}`).toBe(0)
    expect(stripVTControlCharacters(run.stdout)).toMatch(/Tests\s+2 passed \(2\)/)
    const started = lines.filter((line) => line.startsWith('start '))
    expect(started).toHaveLength(2)
    // both files ran in the same process
    expect(new Set(started.map((line) => line.split(' ')[2])).size).toBe(1)
    // the first file's interval was stopped when it ended
    expect(lines.slice(lines.indexOf(started[1]!)).filter((line) => line.startsWith('tick'))).toEqual([])
  },
  scaledAtStart(120_000),
)
