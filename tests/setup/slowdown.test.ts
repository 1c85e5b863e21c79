import { afterEach, expect, test } from 'vitest'
import { currentSlowdown, scaled, scaledAtStart, startSlowdown } from './slowdown.ts'

// The calibration is handed over through the environment (decision 037); these tests set it.
const NAMES = ['WB_MACHINE_SPEED', 'WB_START_SLOWDOWN', 'WB_MIN_SLOWDOWN'] as const
const saved = Object.fromEntries(NAMES.map((name) => [name, process.env[name]]))

afterEach(() => {
  for (const name of NAMES) {
    if (saved[name] === undefined) delete process.env[name]
    else process.env[name] = saved[name]
  }
})

test('a quiet start keeps the quiet budgets', () => {
  Object.assign(process.env, { WB_MACHINE_SPEED: '1.00', WB_START_SLOWDOWN: '1.00' })
  delete process.env.WB_MIN_SLOWDOWN
  expect(startSlowdown()).toBe(1)
  expect(scaledAtStart(20_000)).toBe(20_000)
})

test('beside another suite (WB_MIN_SLOWDOWN): budgets never below that share, at the start and now', () => {
  Object.assign(process.env, { WB_MACHINE_SPEED: '1.00', WB_START_SLOWDOWN: '1.00', WB_MIN_SLOWDOWN: '2' })
  expect(startSlowdown()).toBe(2)
  expect(scaledAtStart(20_000)).toBe(40_000)
  expect(currentSlowdown()).toBeGreaterThanOrEqual(2)
  expect(scaled(1_000)).toBeGreaterThanOrEqual(2_000)
})

test('a slower start than the floor keeps its own slowdown; the floor never passes the cap of 20', () => {
  Object.assign(process.env, { WB_MACHINE_SPEED: '1.00', WB_START_SLOWDOWN: '3.50', WB_MIN_SLOWDOWN: '2' })
  expect(startSlowdown()).toBe(3.5)
  Object.assign(process.env, { WB_START_SLOWDOWN: '1.00', WB_MIN_SLOWDOWN: '50' })
  expect(startSlowdown()).toBe(20)
  // nonsense is no floor
  Object.assign(process.env, { WB_MIN_SLOWDOWN: 'two' })
  expect(startSlowdown()).toBe(1)
})
