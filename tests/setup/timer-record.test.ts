// tests/setup/setup-test-env.ts records the timers a test file starts, to clear those still pending
// when the file ends (decision 082). The record holds only pending timers: a timeout that has run
// or a timer that was cleared leaves it, so it does not grow with every timer a file ever started.
import { promisify } from 'node:util'
import { expect, test } from 'vitest'

const record = () =>
  (globalThis as Record<symbol, { timers: Set<unknown> }>)[Symbol.for('wegbegleiter.test.process')]!.timers

test('a timeout that has run, and timers that were cleared, leave the record; a pending one stays', async () => {
  const before = record().size
  await new Promise((resolve) => setTimeout(resolve, 1))
  expect(record().size).toBe(before)

  const cleared = setTimeout(() => {}, 60_000)
  expect(record().has(cleared)).toBe(true)
  clearTimeout(cleared)
  const interval = setInterval(() => {}, 60_000)
  clearInterval(interval)
  expect(record().size).toBe(before)

  // 200 timeouts that run: the record is as it was, not 200 larger
  await Promise.all(Array.from({ length: 200 }, () => new Promise((resolve) => setTimeout(resolve, 0))))
  expect(record().size).toBe(before)

  const pending = setTimeout(() => {}, 60_000)
  expect(record().has(pending)).toBe(true)
  expect(record().size).toBe(before + 1)
  clearTimeout(pending)
})

test('the recorded setTimeout keeps its arguments, its promisified form and its unref', async () => {
  const got = await new Promise((resolve) => setTimeout((a: number, b: string) => resolve([a, b]), 1, 7, 'x'))
  expect(got).toEqual([7, 'x'])
  await expect(promisify(setTimeout)(1, 'value')).resolves.toBe('value')
  const timer = setTimeout(() => {}, 60_000).unref()
  expect(record().has(timer)).toBe(true)
  clearTimeout(timer)
  expect(record().has(timer)).toBe(false)
})
