// tests/setup/runner.ts: while a file runs, its progress goes to the runner process without waiting
// for an acknowledgement (decision 105); the file's last update is a call, and a late acknowledgement
// of it fails its own file once and leaves no rejected promise behind for the later files of the
// same worker (decision 094).
import { expect, test } from 'vitest'
import Runner from './runner.ts'

type Report = { message?: string; VITEST_TEST_PATH?: string; VITEST_TEST_NAME?: string }

function runnerWith(send: (...args: unknown[]) => Promise<unknown>) {
  const reports: Array<{ error: Report; type: string }> = []
  const events: unknown[][] = []
  const calls: unknown[][] = []
  const runner = new Runner({} as ConstructorParameters<typeof Runner>[0])
  // the worker's state as vitest keeps it, with the channel to the runner process replaced
  Object.assign(runner, {
    // vitest's snapshot client is one per worker: the runner of this very file must keep it
    snapshotClient: { clear() {} },
    workerState: {
      filepath: '/project/app/some.test.ts',
      current: { name: 'the test that was running' },
      rpc: {
        onUnhandledError: async (error: Report, type: string) => void reports.push({ error, type }),
        // birpc's form of the call that sends the message without waiting for an answer
        onTaskUpdate: { asEvent: (...args: unknown[]) => void events.push(args) },
      },
    },
  })
  // what vitest does after creating the runner: its own call to the runner process
  runner.onTaskUpdate = ((...args: unknown[]) => {
    calls.push(args)
    return send(...args)
  }) as Runner['onTaskUpdate']
  return { runner, reports, events, calls }
}

const packs = [['a-test-id', { state: 'pass' }, {}]]
const updates = [['a-test-id', 'test-finished', undefined]]

test('while the tests run, an update is sent without waiting for an acknowledgement', async () => {
  const { runner, reports, events, calls } = runnerWith(() => new Promise(() => {}))
  // resolves at once although the runner process never answers
  await expect(runner.onTaskUpdate!(packs, updates)).resolves.toBeUndefined()
  expect(events).toEqual([[packs, updates]])
  expect(calls).toEqual([])
  expect(reports).toEqual([])
})

test('once the tests have ended, an update is a call whose answer is passed through', async () => {
  const { runner, reports, events, calls } = runnerWith(async (...args) => args.length)
  runner.onAfterRunFiles()
  await expect(runner.onTaskUpdate!(packs, updates)).resolves.toBe(2)
  expect(calls).toEqual([[packs, updates]])
  expect(events).toEqual([])
  expect(reports).toEqual([])
})

test('a late acknowledgement of the last update resolves for the runner and is reported once, naming the file', async () => {
  const { runner, reports } = runnerWith(() =>
    Promise.reject(new Error('[vitest-worker]: Timeout calling "onTaskUpdate"')),
  )
  runner.onAfterRunFiles()
  // resolved, not rejected: @vitest/runner keeps rejected updates and every later file of the
  // worker awaits them at its end
  await expect(runner.onTaskUpdate!([], [])).resolves.toBeUndefined()
  await expect(runner.onTaskUpdate!([], [])).resolves.toBeUndefined()
  expect(reports).toHaveLength(1)
  expect(reports[0]).toMatchObject({
    type: 'Unhandled Rejection',
    error: {
      message: '[vitest-worker]: Timeout calling "onTaskUpdate"',
      VITEST_TEST_PATH: '/project/app/some.test.ts',
    },
  })
  expect(reports[0]!.error).not.toBeInstanceOf(Error)
})

test('without birpc’s message form every update is a call, and a late one names the test it came from', async () => {
  const { runner, reports, calls } = runnerWith(() => Promise.reject(new Error('late')))
  const state = (runner as unknown as { workerState: { rpc: Record<string, unknown> } }).workerState
  delete state.rpc.onTaskUpdate
  await expect(runner.onTaskUpdate!(packs, updates)).resolves.toBeUndefined()
  expect(calls).toHaveLength(1)
  expect(reports[0]!.error).toMatchObject({ message: 'late', VITEST_TEST_NAME: 'the test that was running' })
})

test('the next file has a runner of its own, which reports its own late acknowledgement', async () => {
  const first = runnerWith(() => Promise.reject(new Error('late')))
  const second = runnerWith(() => Promise.reject(new Error('late again')))
  first.runner.onAfterRunFiles()
  second.runner.onAfterRunFiles()
  await first.runner.onTaskUpdate!([], [])
  await second.runner.onTaskUpdate!([], [])
  expect(first.reports.map((report) => report.error.message)).toEqual(['late'])
  expect(second.reports.map((report) => report.error.message)).toEqual(['late again'])
})
