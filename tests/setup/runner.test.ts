// tests/setup/runner.ts: a progress message acknowledged late fails its own file once and leaves no
// rejected promise behind for the later files of the same worker (decision 094).
import { expect, test } from 'vitest'
import Runner from './runner.ts'

type Report = { message?: string; VITEST_TEST_PATH?: string; VITEST_TEST_NAME?: string }

function runnerWith(send: (...args: unknown[]) => Promise<unknown>) {
  const reports: Array<{ error: Report; type: string }> = []
  const runner = new Runner({} as ConstructorParameters<typeof Runner>[0])
  // the worker's state as vitest keeps it, with the channel to the runner process replaced
  Object.assign(runner, {
    workerState: {
      filepath: '/project/app/some.test.ts',
      current: { name: 'the test that was running' },
      rpc: { onUnhandledError: async (error: Report, type: string) => void reports.push({ error, type }) },
    },
  })
  // what vitest does after creating the runner: its own call to the runner process
  runner.onTaskUpdate = send as Runner['onTaskUpdate']
  return { runner, reports }
}

test('an acknowledged message passes its answer through and reports nothing', async () => {
  const { runner, reports } = runnerWith(async (...args) => args.length)
  await expect(runner.onTaskUpdate!([], [])).resolves.toBe(2)
  expect(reports).toEqual([])
})

test('a late acknowledgement resolves for the runner and is reported once, naming the file and test', async () => {
  const { runner, reports } = runnerWith(() =>
    Promise.reject(new Error('[vitest-worker]: Timeout calling "onTaskUpdate"')),
  )
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
      VITEST_TEST_NAME: 'the test that was running',
    },
  })
  expect(reports[0]!.error).not.toBeInstanceOf(Error)
})

test('the next file has a runner of its own, which reports its own late acknowledgement', async () => {
  const first = runnerWith(() => Promise.reject(new Error('late')))
  const second = runnerWith(() => Promise.reject(new Error('late again')))
  await first.runner.onTaskUpdate!([], [])
  await second.runner.onTaskUpdate!([], [])
  expect(first.reports.map((report) => report.error.message)).toEqual(['late'])
  expect(second.reports.map((report) => report.error.message)).toEqual(['late again'])
})
