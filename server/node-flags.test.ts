import { describe, expect, test } from 'vitest'
import { heapSizeChosen, SERVER_NODE_FLAGS } from './node-flags.js'

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
})
