import { expect, test } from 'vitest'
import { oncePerKey } from './once-per-key.ts'

test('each key is computed once; later calls get the first answer, also a falsy one', () => {
  const calls: string[] = []
  const lookup = oncePerKey((key) => {
    calls.push(key)
    return key === 'none' ? undefined : key.toUpperCase()
  })
  expect(['deu', 'ara', 'deu', 'none', 'none', 'ara'].map(lookup)).toEqual(['DEU', 'ARA', 'DEU', undefined, undefined, 'ARA'])
  expect(calls).toEqual(['deu', 'ara', 'none'])
})
