// A child process run to its end, as `spawnSync` does, without holding the test worker's event loop
// while it runs: vitest's worker must keep answering its runner, which gives up on an answer after
// 60 s of wall time ("Timeout calling onTaskUpdate"; docs/performance.md, "Test suite", session 14).
// A few `spawnSync` calls in one synchronous test took 40–56 s at load 11–20.
import { spawn, type SpawnOptions } from 'node:child_process'

export type ProcessResult = {
  /** the child's process id (as `spawnSync` gives it) */
  pid: number | undefined
  status: number | null
  signal: NodeJS.Signals | null
  stdout: string
  stderr: string
}

/** Runs `command` with `args` to its end (`timeout`: killed after that many ms); `input` is written to its stdin. Output as UTF-8 text. */
export function runProcess(
  command: string,
  args: string[],
  options: Pick<SpawnOptions, 'cwd' | 'env' | 'timeout'> & { input?: string } = {},
) {
  const { input, ...spawnOptions } = options
  return new Promise<ProcessResult>((resolve, reject) => {
    const child = spawn(command, args, { ...spawnOptions, stdio: ['pipe', 'pipe', 'pipe'] })
    const result: ProcessResult = { pid: child.pid, status: null, signal: null, stdout: '', stderr: '' }
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (result.stdout += chunk))
    child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (result.stderr += chunk))
    child.on('error', reject)
    child.on('close', (status, signal) => resolve({ ...result, status, signal }))
    child.stdin!.end(input)
  })
}
