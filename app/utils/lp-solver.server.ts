// The linear/mixed-integer programming solver of the statistics suppression (decision record 021):
// HiGHS as WebAssembly (about 3.4 MB). The server loads it only for a publication that needs it and
// lets it go afterwards (decision 127, publishWithSolver); tests and the benchmark keep one
// instance per process (getLpSolver).
import { readFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import loadHighs, { type Highs, type InitOptions } from 'highs'

let loading: Promise<Highs> | undefined

/** Emscripten's hook for instantiating the module itself (not in the package's types). */
type WithInstantiation = InitOptions & {
  instantiateWasm: (
    imports: WebAssembly.Imports,
    receive: (instance: WebAssembly.Instance, module: WebAssembly.Module) => void,
  ) => object
}

function loadSolver(): Promise<Highs> {
  // The Wasm file is located through the package's own export, so that it is found also when
  // the server bundle lives elsewhere than the package.
  const wasm = createRequire(import.meta.url).resolve('highs/runtime')
  // The file is read and instantiated here rather than by the loader, which copies the bytes it
  // read into a second array before compiling: both 3.5 MB copies, and V8's own, were resident at
  // once while HiGHS loaded — at the first statistics request beside the two read threads, the
  // server's memory peak (decision 155). The loader's promise has no way to fail
  // from this hook, so a failure rejects ours directly.
  return new Promise<Highs>((resolve, reject) => {
    const options: WithInstantiation = {
      locateFile: () => wasm,
      instantiateWasm(imports, receive) {
        readFile(wasm)
          .then((bytes) => WebAssembly.instantiate(bytes, imports))
          .then(({ instance, module }) => receive(instance, module), reject)
        return {}
      },
    }
    loadHighs(options).then(resolve, reject)
  })
}

/**
 * One instance for the whole process, loaded on first use and kept: for the tests and the benchmark
 * only. Server code publishes through `publishWithSolver`, which does not keep HiGHS (decision 127).
 */
export function getLpSolver(): Promise<Highs> {
  loading ??= loadSolver().catch((error: unknown) => {
    loading = undefined
    throw error
  })
  return loading
}

/** Thrown by the stand-in below when a publication needs the solver it was not given. */
class SolverNeeded extends Error {}

/** A stand-in for HiGHS: any use of it throws SolverNeeded, before a model exists. */
const notLoaded = new Proxy({} as Highs, {
  get() {
    throw new SolverNeeded('The publication needs the solver')
  },
})

// The instance that publications waiting at the same moment share; not kept once loaded.
let pending: Promise<Highs> | undefined

/**
 * The result of a synchronous publication (the statistics' suppression) with HiGHS loaded only when
 * it needs the solver, and let go afterwards (decision 127). The suppression remembers every group's
 * pattern, so most publications (a page's exports, a page seen before) never call the solver: they
 * run once with a stand-in and load nothing. A publication that does meets the stand-in at its first
 * group not remembered, before any model is built; it runs again from the start with a freshly
 * loaded instance (the groups before are remembered by then, so the result is the same as with the
 * solver from the start), and that instance is garbage once the publication returns — HiGHS's code
 * and memory (≈ 20 MB resident once used) are not resident beside the next requests' read threads.
 * `publish` must be synchronous and free of side effects other than the suppression's memory.
 */
export async function publishWithSolver<T>(publish: (solver: Highs) => T): Promise<T> {
  try {
    return synchronous(publish(notLoaded))
  } catch (error) {
    if (!(error instanceof SolverNeeded)) throw error
  }
  pending ??= loadSolver().finally(() => {
    pending = undefined
  })
  return synchronous(publish(await pending))
}

// An asynchronous publication would hand back its promise before the stand-in could stop it: its
// SolverNeeded would escape the retry and reach the page as an error.
function synchronous<T>(result: T): T {
  const then = (result as { then?: unknown } | null)?.then
  if (typeof then === 'function') {
    // its own outcome is not used: settled quietly, not as an unhandled rejection
    then.call(result, undefined, () => undefined)
    throw new TypeError('publishWithSolver: the publication must be synchronous')
  }
  return result
}
