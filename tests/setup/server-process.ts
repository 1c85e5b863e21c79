// The production server as a child process, for tests that need real HTTP and real processes
// (tests/load.test.ts, tests/crash.test.ts): the built app (build/index.js) behind server/index.js,
// on an ephemeral port, on a database file the test prepared. The child leaves when our stdin pipe
// closes, so even a crashed test run leaves no server behind.
import { spawn, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { missingServerEnvironment, SERVER_NODE_FLAGS } from '../../server/node-flags.js'
import { runProcess } from './run-process.ts'
import { scaledAtStart } from './slowdown.ts'

const root = fileURLToPath(new URL('../..', import.meta.url))

/** Builds the app if there is no build yet (npm test builds before vitest; a lone run may not have). */
export async function ensureBuild() {
  if (fs.existsSync(path.join(root, 'build', 'index.js'))) return
  // Other sessions build in the same tree; the lock keeps two builds from overwriting each other.
  // vitest runs with NODE_ENV=test, which would make Remix compile the development JSX runtime
  // that the production server (NODE_ENV=production) does not have.
  const result = await runProcess('flock', ['/tmp/wb-e2e.lock', 'npx', 'remix', 'build'], {
    cwd: root,
    env: { ...process.env, NODE_ENV: 'production' },
  })
  if (result.status !== 0) throw new Error(`remix build failed:\n${result.stderr}${result.stdout}`)
}

export type ServerProcess = {
  port: number
  child: ChildProcess
  origin: string
  /** stderr so far (for failure messages) */
  output: () => string
  /** ends the process (SIGTERM, then SIGKILL) and waits for it */
  stop: () => Promise<void>
  /** SIGKILL: no shutdown, no flush — a crash */
  crash: () => Promise<void>
}

/** `env` adds to or overrides the server's environment (e.g. TRUST_PROXY). */
export async function startServerProcess(
  databaseFile: string,
  env: Record<string, string> = {},
  /** another checkout's built server (the bench's --compare); its build must exist already */
  { from = root }: { from?: string } = {},
): Promise<ServerProcess> {
  if (from === root) await ensureBuild()
  // The production server's V8 flags and environment (as npm start uses them), then any given for a diagnosis, e.g.
  // WB_SERVER_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" to profile the server (BENCH_NODE_ARGS
  // is the benchmark's older name for it). WB_SERVER_STDOUT names a file that gets everything the server prints on
  // stdout, e.g. V8's traces: WB_SERVER_NODE_ARGS="--trace-opt --trace-gc" WB_SERVER_STDOUT=/tmp/v8.log.
  const diagnosis = process.env.WB_SERVER_NODE_ARGS ?? process.env.BENCH_NODE_ARGS ?? ''
  const nodeArgs = [...SERVER_NODE_FLAGS, ...diagnosis.split(' ').filter(Boolean)]
  const child = spawn(process.execPath, [...nodeArgs, path.join(from, 'scripts', 'lib', 'bench-server.js')], {
    cwd: from,
    stdio: ['pipe', 'pipe', 'pipe'],
    env: {
      ...process.env,
      // the production server's malloc setting (as npm start sets it), unless the caller chose one
      ...missingServerEnvironment(),
      DATABASE_URL: `file:${databaseFile}`,
      APP_MODE: 'demo',
      NODE_ENV: 'production',
      // The test process signs session cookies with the same secret (tests/factories.ts).
      SESSION_SECRET: process.env.SESSION_SECRET ?? 'server-process-session-secret-long-enough-0123456789',
      IDENTITY_KEY: process.env.IDENTITY_KEY ?? Buffer.alloc(32, 7).toString('base64'),
      IDENTITY_HMAC_SECRET: process.env.IDENTITY_HMAC_SECRET ?? 'server-process-hmac-secret-long-enough-0123456789',
      // the test process stores documents with the same key and folder (tests/setup/setup-test-env.ts)
      DOCUMENT_KEY: process.env.DOCUMENT_KEY,
      DOCUMENT_DIR: process.env.DOCUMENT_DIR,
      RATE_LIMIT_PER_MINUTE: '100000000',
      LOGIN_IP_MAX_FAILURES: '100000',
      // the fixture users' and the bench's load users' hashes are at cost 4 (tests/test-password.ts,
      // scripts/bench-load.ts): a sign-in keeps them, not rehashing at 12 (decision 172)
      BCRYPT_MIN_COST: '4',
      ...env,
    },
  })
  let errors = ''
  child.stderr!.on('data', (chunk) => {
    errors += chunk
    if (errors.length > 20_000) errors = errors.slice(-10_000)
  })
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  const alive = () => child.exitCode === null && child.signalCode === null
  const stop = async () => {
    if (!alive()) return
    child.kill('SIGTERM')
    const timer = setTimeout(() => alive() && child.kill('SIGKILL'), 5000)
    await exited
    clearTimeout(timer)
  }
  const crash = async () => {
    if (!alive()) return
    child.kill('SIGKILL')
    await exited
  }
  const startBudget = scaledAtStart(60_000)
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL')
      reject(new Error(`The server did not start within ${Math.round(startBudget / 1000)} s:\n${errors}`))
    }, startBudget)
    let output = ''
    const copy = process.env.WB_SERVER_STDOUT
    child.stdout!.on('data', (chunk) => {
      if (copy) fs.appendFileSync(copy, chunk)
      output += chunk
      const match = /LISTENING (\d+)/.exec(output)
      if (match) {
        clearTimeout(timer)
        resolve(Number(match[1]))
      }
    })
    child.once('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`The server exited (${code}):\n${errors}`))
    })
  })
  return { port, child, origin: `http://127.0.0.1:${port}`, output: () => errors, stop, crash }
}
