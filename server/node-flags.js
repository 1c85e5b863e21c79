// V8 heap sizing of the production server: the one place for it. `npm start` (server/start.js)
// and the benchmark's server (scripts/bench.ts) start Node with these flags.
//
// Without them Node sizes the heap for the machine (here up to ≈ 4 GB of old space and a 32 MB
// young generation) and collects garbage lazily, so the resident set grows with every page type
// served and stays there (docs/performance.md, "Memory"). With them the server stays within the
// 300 MB target of PRODUCT.md §7 at 100,000 cases, and every page is still served:
// - old space 384 MB: the largest live heap measured is the audit-log CSV export at its cap of
//   100,000 events (160–190 MB: it fails under a 160 MB limit); pages need well under 100 MB.
//   The margin allows two such exports at once. A lower limit barely lowers the resident set of
//   ordinary pages (V8 collects long before the limit) but would turn such an export into an
//   out-of-memory crash of the whole server.
// - semi-space 4 MB (Node's default is 16): per-request garbage is collected in more frequent,
//   cheap scavenges instead of occupying 24 MB more resident memory (no CPU difference measured).
// - WebAssembly stays with V8's baseline compiler (Liftoff): measured when the only WebAssembly in
//   the server was Prisma's query compiler (3.3 MB), where optimising it with TurboFan in the
//   background took 40–60 MB of resident memory and CPU time without making requests measurably
//   faster (docs/performance.md, "Memory"). The statistics suppression's solver (HiGHS, 3.4 MB,
//   decision 021) is WebAssembly too and CPU-bound, so Liftoff may cost it time: to be weighed in
//   the benchmark. These two V8 flags only save memory: should a future Node refuse them, drop them.
// Measured and not taken: --optimize-for-size (it caps the semi-space at 1 MB whatever is set here):
// −20 MB at the bench's peak, but +22 % CPU on the daily pages; a semi-space of 2 MB: −8 MB at one
// peak for 0–7 % more CPU on the daily pages (decision 154).
// An explicit --max-old-space-size in NODE_OPTIONS or on the node command line wins (start.js then
// adds none of these flags), e.g. NODE_OPTIONS=--max-old-space-size=768 for a much larger organisation.
//
// The environment below is read by the C library at process start, so it is set the same way
// (start.js re-runs itself with it; the benchmark's and the tests' server get it too):
// - MALLOC_ARENA_MAX=2: glibc's malloc gives each thread that allocates while another holds the lock
//   an arena of its own (up to 8 per core). The statistics read workers (SQLite's sorters and
//   temporary B-trees), libuv's thread pool (compression) and V8's helper threads each kept an arena
//   whose freed memory stayed resident: 217 → 196 and 222 → 200 MB peak over the benchmark's memory list,
//   6–14 MB less after the daily pages already (docs/performance.md, "Memory", session 12; decision 077). Two
//   arenas leave the main thread's allocations uncontended by one worker. Only glibc reads it (musl,
//   macOS and Windows ignore it); an explicit value in the environment wins.
// - MALLOC_TRIM_THRESHOLD_=131072: glibc's default 128 kB, but fixed. Left unset, glibc raises its mmap
//   threshold to the size of each large block freed (up to 32 MB) and the trim threshold to twice that,
//   so after the statistics' large blocks (SQLite's sorters, compiler zones) such blocks come from the
//   heap and what is freed stays resident. Setting the variable turns that adjustment off: blocks of
//   128 kB and more are mapped and unmapped on their own, and a heap's free top beyond 128 kB goes back
//   (docs/performance.md, "Memory", session 14; decision 092). The same rules as MALLOC_ARENA_MAX.

export const SERVER_NODE_FLAGS = Object.freeze([
  '--max-old-space-size=384',
  '--max-semi-space-size=4',
  '--no-wasm-dynamic-tiering',
  '--no-wasm-tier-up',
])

export const SERVER_ENVIRONMENT = Object.freeze({ MALLOC_ARENA_MAX: '2', MALLOC_TRIM_THRESHOLD_: '131072' })

/**
 * The variables of SERVER_ENVIRONMENT that `env` does not set yet (an explicit value wins).
 * @param {Record<string, string | undefined>} env
 * @returns {Record<string, string>}
 */
export function missingServerEnvironment(env = process.env) {
  return Object.fromEntries(Object.entries(SERVER_ENVIRONMENT).filter(([name]) => env[name] === undefined))
}

/**
 * True when the heap size was already chosen for this process (NODE_OPTIONS or node's own arguments).
 * @param {readonly string[]} execArgv
 * @param {{ NODE_OPTIONS?: string }} env
 */
export function heapSizeChosen(execArgv = process.execArgv, env = process.env) {
  const chosen = (option) => /--max[-_]old[-_]space[-_]size(=|\s|$)/.test(option)
  return execArgv.some(chosen) || chosen(env.NODE_OPTIONS ?? '')
}

/**
 * How start.js must start itself again so that the server runs with its flags and environment, or
 * null when this process has them already (so the started process does not start again).
 * @param {readonly string[]} execArgv
 * @param {Record<string, string | undefined>} env
 * @returns {{ flags: string[], env: Record<string, string> } | null}
 */
export function relaunchWith(execArgv = process.execArgv, env = process.env) {
  const missing = missingServerEnvironment(env)
  const chosen = heapSizeChosen(execArgv, env)
  if (chosen && Object.keys(missing).length === 0) return null
  return { flags: chosen ? [] : [...SERVER_NODE_FLAGS], env: missing }
}
