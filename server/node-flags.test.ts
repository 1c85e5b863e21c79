import { describe, expect, test } from 'vitest'
import { heapSizeChosen, missingServerEnvironment, relaunchWith, SERVER_ENVIRONMENT, SERVER_NODE_FLAGS } from './node-flags.js'

describe('server heap flags', () => {
  test('limit the old space and the young generation, and keep WebAssembly at the baseline compiler', () => {
    expect(SERVER_NODE_FLAGS).toEqual([
      '--max-old-space-size=384',
      '--max-semi-space-size=4',
      '--no-wasm-dynamic-tiering',
      '--no-wasm-tier-up',
    ])
  })

  test('an explicit old-space size in the arguments or NODE_OPTIONS is respected', () => {
    expect(heapSizeChosen([], {})).toBe(false)
    expect(heapSizeChosen(['--import', 'tsx'], { NODE_OPTIONS: '--enable-source-maps' })).toBe(false)
    expect(heapSizeChosen(['--max-old-space-size=512'], {})).toBe(true)
    expect(heapSizeChosen([], { NODE_OPTIONS: '--enable-source-maps --max-old-space-size=768' })).toBe(true)
    expect(heapSizeChosen(['--max_old_space_size=300'], {})).toBe(true)
    expect(heapSizeChosen([], { NODE_OPTIONS: '--max-old-space-size-foo' })).toBe(false)
  })

  test('two malloc arenas and a fixed trim threshold; an explicit value in the environment wins', () => {
    expect(SERVER_ENVIRONMENT).toEqual({ MALLOC_ARENA_MAX: '2', MALLOC_TRIM_THRESHOLD_: '131072' })
    expect(missingServerEnvironment({})).toEqual({ MALLOC_ARENA_MAX: '2', MALLOC_TRIM_THRESHOLD_: '131072' })
    expect(missingServerEnvironment({ MALLOC_ARENA_MAX: '4' })).toEqual({ MALLOC_TRIM_THRESHOLD_: '131072' })
    expect(missingServerEnvironment({ MALLOC_ARENA_MAX: '4', MALLOC_TRIM_THRESHOLD_: '0' })).toEqual({})
  })

  test('start.js starts again only for what is missing, and the started process does not start again', () => {
    const cases: Array<[string[], Record<string, string>, { flags: string[]; env: Record<string, string> } | null]> = [
      [[], {}, { flags: [...SERVER_NODE_FLAGS], env: { ...SERVER_ENVIRONMENT } }],
      [['--max-old-space-size=512'], {}, { flags: [], env: { ...SERVER_ENVIRONMENT } }],
      [[], { NODE_OPTIONS: '--max-old-space-size=768' }, { flags: [], env: { ...SERVER_ENVIRONMENT } }],
      [[], { MALLOC_ARENA_MAX: '8' }, { flags: [...SERVER_NODE_FLAGS], env: { MALLOC_TRIM_THRESHOLD_: '131072' } }],
      [[], { MALLOC_ARENA_MAX: '8', MALLOC_TRIM_THRESHOLD_: '0' }, { flags: [...SERVER_NODE_FLAGS], env: {} }],
      [['--max-old-space-size=512'], { MALLOC_ARENA_MAX: '8' }, { flags: [], env: { MALLOC_TRIM_THRESHOLD_: '131072' } }],
      [['--max-old-space-size=512'], { MALLOC_ARENA_MAX: '8', MALLOC_TRIM_THRESHOLD_: '0' }, null],
    ]
    for (const [execArgv, env, expected] of cases) {
      const relaunch = relaunchWith(execArgv, env)
      expect(relaunch).toEqual(expected)
      if (relaunch) expect(relaunchWith([...relaunch.flags, ...execArgv], { ...env, ...relaunch.env })).toBeNull()
    }
  })
})
