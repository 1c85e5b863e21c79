// The check that a pure test file leaves nothing behind for the next file in its thread (decision 070).
import { describe, expect, test } from 'vitest'
import { processState, stateLeftBehind, type ProcessState } from './shared-process-state.ts'

const before: ProcessState = {
  env: { HOME: '/home/test', TZ: 'Europe/Berlin' },
  globals: ['Array', 'Date', 'process'],
  timeZone: 'Europe/Berlin',
  realClock: true,
}

describe('stateLeftBehind', () => {
  test('finds nothing when nothing changed', () => {
    expect(stateLeftBehind(before, structuredClone(before))).toEqual([])
  })

  test('names a variable of the environment that was set, changed or removed', () => {
    expect(stateLeftBehind(before, { ...before, env: { HOME: '/home/test', TZ: 'UTC', LANG: 'de' } })).toEqual([
      'process.env.TZ: Europe/Berlin → UTC',
      'process.env.LANG: undefined → de',
    ])
    expect(stateLeftBehind(before, { ...before, env: { HOME: '/home/test' } })).toEqual([
      'process.env.TZ: Europe/Berlin → undefined',
    ])
  })

  test('names a global that was added or removed', () => {
    expect(stateLeftBehind(before, { ...before, globals: ['Array', 'Date', 'process', 'leftover'] })).toEqual([
      'global leftover added',
    ])
    expect(stateLeftBehind(before, { ...before, globals: ['Array', 'process'] })).toEqual(['global Date removed'])
  })

  test('names a changed time zone and fake timers left installed', () => {
    expect(stateLeftBehind(before, { ...before, timeZone: 'UTC', realClock: false })).toEqual([
      'time zone: Europe/Berlin → UTC',
      'fake timers still installed',
    ])
  })

  test('sees what a file would leave in this process', () => {
    const start = processState(true)
    const name = 'WB_SHARED_STATE_PROBE'
    const key = '__wbSharedStateProbe'
    process.env[name] = 'set'
    ;(globalThis as Record<string, unknown>)[key] = 1
    try {
      expect(stateLeftBehind(start, processState(false))).toEqual([
        `process.env.${name}: undefined → set`,
        `global ${key} added`,
        'fake timers still installed',
      ])
    } finally {
      delete process.env[name]
      delete (globalThis as Record<string, unknown>)[key]
    }
    expect(stateLeftBehind(start, processState(true))).toEqual([])
  })
})
