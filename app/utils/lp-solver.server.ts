// The linear/mixed-integer programming solver of the statistics suppression (decision record 021):
// HiGHS as WebAssembly, compiled once per process on first use (about 3.4 MB; most server
// processes of a day never build statistics).
import { createRequire } from 'node:module'
import loadHighs, { type Highs } from 'highs'

let loading: Promise<Highs> | undefined

export function getLpSolver(): Promise<Highs> {
  // The Wasm file is located through the package's own export, so that it is found also when
  // the server bundle lives elsewhere than the package.
  const wasm = createRequire(import.meta.url).resolve('highs/runtime')
  loading ??= loadHighs({ locateFile: () => wasm }).catch((error: unknown) => {
    loading = undefined
    throw error
  })
  return loading
}
