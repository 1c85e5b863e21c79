// `npm start` (server/start.js) starts itself again with the server's V8 flags and malloc setting
// (server/node-flags.js, decisions 077 and 092). The serving process is observed here by a preload that runs
// before start.js in every process: in the one that has MALLOC_ARENA_MAX it prints its Node options
// and parent and exits, before anything is migrated or served.
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, test } from 'vitest'
import { runProcess } from '#tests/setup/run-process.ts'
import { scaledAtStart } from '#tests/setup/slowdown.ts'
import { SERVER_NODE_FLAGS } from './node-flags.js'

const root = fileURLToPath(new URL('..', import.meta.url))
const probe = `data:text/javascript,${encodeURIComponent(
  'if (process.env.MALLOC_ARENA_MAX !== undefined) { console.log(JSON.stringify({ execArgv: process.execArgv, arenas: process.env.MALLOC_ARENA_MAX, trim: process.env.MALLOC_TRIM_THRESHOLD_, ppid: process.ppid })); process.exit(7) }',
)}`

// Asynchronously (not spawnSync): the test worker keeps answering vitest while the server starts
// (decision 094); a hung start ends with the test's budget.
async function start(env: Record<string, string>) {
  const { MALLOC_ARENA_MAX: _arenas, MALLOC_TRIM_THRESHOLD_: _trim, ...inherited } = process.env
  const result = await runProcess(process.execPath, [path.join(root, 'server', 'start.js')], {
    cwd: root,
    env: { ...inherited, ...env, NODE_OPTIONS: `--import=${probe} ${env.NODE_OPTIONS ?? ''}`.trim() },
    // a hung start is killed (it would otherwise outlive the file in a shared worker process)
    timeout: scaledAtStart(60_000),
  })
  const line = result.stdout.trim().split('\n').pop() ?? ''
  return { status: result.status, serving: JSON.parse(line) as { execArgv: string[]; arenas: string; trim?: string; ppid: number }, launcher: result.pid }
}

describe('npm start runs the server with its flags and environment', () => {
  test('without either: one relaunch with the V8 flags and the malloc settings; its exit code is passed on', async () => {
    const { status, serving, launcher } = await start({})
    expect(serving.arenas).toBe('2')
    expect(serving.trim).toBe('131072')
    for (const flag of SERVER_NODE_FLAGS) expect(serving.execArgv).toContain(flag)
    // the serving process is the launcher's child, not the launcher
    expect(serving.ppid).toBe(launcher)
    expect(status).toBe(7)
  })

  test('an explicit heap size keeps its own flags; only the malloc settings are added', async () => {
    const { serving, launcher } = await start({ NODE_OPTIONS: '--max-old-space-size=512' })
    expect(serving.arenas).toBe('2')
    expect(serving.trim).toBe('131072')
    expect(serving.execArgv.filter((flag) => SERVER_NODE_FLAGS.includes(flag))).toEqual([])
    expect(serving.ppid).toBe(launcher)
  })

  test('both chosen explicitly: no relaunch, nothing changed', async () => {
    const { serving } = await start({ NODE_OPTIONS: '--max-old-space-size=512', MALLOC_ARENA_MAX: '8', MALLOC_TRIM_THRESHOLD_: '262144' })
    expect(serving.arenas).toBe('8')
    expect(serving.trim).toBe('262144')
    // the launcher itself serves: its parent is this test process
    expect(serving.ppid).toBe(process.pid)
  })
})
