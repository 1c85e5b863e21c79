// Reads what V8 printed with --trace-gc, --trace-opt and --print-opt-source (the server's stdout,
// WB_SERVER_STDOUT) and answers how often the collector ran a full collection and how often TurboFan
// compiled, and which functions it compiled again and again. A function compiled once per
// mark-compact is a closure made per request: its optimised code is only weakly held and dropped at
// each full collection (docs/architecture.md, "Hot callbacks are module-level functions"; decision 137).
import fs from 'node:fs'
import nodePath from 'node:path'
import { fileURLToPath } from 'node:url'

export interface RecompiledFunction {
  /** `build/index.js`, `<package>/<file>` for a dependency, or the file's name (Node's own modules) */
  script: string
  /** the function's name, '' for an anonymous one */
  name: string
  /** the function's character offset in its script */
  start: number
  /** for the server build (`build/index.js`): the module named by the bundler's `// app/…` comment before it */
  module: string | null
  /** the start of its source, on one line */
  source: string
  compilations: number
}

export interface JitReport {
  markCompacts: number
  scavenges: number
  /** top-level TurboFan compilations (not functions inlined into another) in the whole log */
  compilations: number
  /** of them after the first `skip` mark-compacts (start-up and warm-up) */
  lateCompilations: number
  /** the mark-compacts after the first `skip` */
  lateMarkCompacts: number
  /** functions compiled after the first `skip` mark-compacts, most often compiled first */
  functions: RecompiledFunction[]
}

// `--- FUNCTION SOURCE (file:///…/build/index.js:name) id{12,-1} start{345} ---` (the name may be empty; a script
// without a name — eval, new Function — prints no `path:` part)
const SOURCE_HEADER = /^--- FUNCTION SOURCE \((?:(.*):)?([^:]*)\) id\{(\d+),(-?\d+)\} start\{(\d+)\} ---/

/**
 * The bundler's module comments (`// app/utils/format.ts`, `// node_modules/…`) of a build, as
 * character offsets: a function's module is the last comment before its start.
 */
export function moduleStarts(buildSource: string) {
  const starts: Array<{ offset: number; module: string }> = []
  const comment = /^\/\/ ((?:app|node_modules|server)\/\S+)$/gm
  for (let match = comment.exec(buildSource); match; match = comment.exec(buildSource)) {
    starts.push({ offset: match.index, module: match[1]! })
  }
  return starts
}

function moduleAt(starts: ReadonlyArray<{ offset: number; module: string }>, offset: number) {
  let low = 0
  let high = starts.length - 1
  let found: string | null = null
  while (low <= high) {
    const middle = (low + high) >> 1
    const candidate = starts[middle]!
    if (candidate.offset <= offset) {
      found = candidate.module
      low = middle + 1
    } else {
      high = middle - 1
    }
  }
  return found
}

/**
 * @param log V8's output (see the file's comment)
 * @param skip the mark-compacts of start-up and warm-up whose compilations are not counted as late
 * @param buildSource the server build's text, to name the module of each of its functions
 */
export function jitReport(log: string, skip = 4, buildSource?: string): JitReport {
  const starts = buildSource === undefined ? [] : moduleStarts(buildSource)
  const lines = log.split('\n')
  const byFunction = new Map<string, RecompiledFunction>()
  let markCompacts = 0
  let scavenges = 0
  let compilations = 0
  let lateCompilations = 0
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index]!
    // a GC line can be printed in the middle of another, so they are searched for anywhere
    if (line.includes(' ms: Mark-Compact')) markCompacts++
    if (line.includes(' ms: Scavenge')) scavenges++
    const header = SOURCE_HEADER.exec(line)
    // inlined functions print their source too, with an inlining id ≥ 0; -1 is the compiled function
    if (!header || header[4] !== '-1') continue
    compilations++
    if (markCompacts < skip) continue
    lateCompilations++
    const path = header[1] ?? ''
    const inBuild = path.endsWith('/build/index.js')
    // `node_modules/<package>/…/file.js` as `<package>/file.js`; Node's own modules as they are
    const packageName = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(path)?.[1]
    const file = path.split('/').pop() ?? path
    const script = inBuild ? 'build/index.js' : packageName ? `${packageName}/${file}` : file
    const name = header[2]!
    const start = Number(header[5])
    const key = `${script}:${name}@${start}`
    const known = byFunction.get(key)
    if (known) {
      known.compilations++
      continue
    }
    const body: string[] = []
    for (let next = index + 1; next < Math.min(index + 4, lines.length); next++) {
      const text = lines[next]!
      if (text.startsWith('--- END')) break
      body.push(text.trim())
    }
    byFunction.set(key, {
      script,
      name,
      start,
      module: inBuild && starts.length > 0 ? moduleAt(starts, start) : null,
      source: body.join(' ').slice(0, 120),
      compilations: 1,
    })
  }
  const functions = [...byFunction.values()].sort(
    (a, b) => b.compilations - a.compilations || a.start - b.start,
  )
  return {
    markCompacts,
    scavenges,
    compilations,
    lateCompilations,
    lateMarkCompacts: Math.max(0, markCompacts - skip),
    functions,
  }
}

/** The report as text: the counts, then the functions compiled at least twice (at most `top`). */
export function formatJitReport(report: JitReport, top = 30) {
  const again = report.functions.filter((entry) => entry.compilations >= 2)
  const lines = [
    `mark-compacts ${report.markCompacts}, scavenges ${report.scavenges}, TurboFan compilations ${report.compilations}` +
      ` (after warm-up: ${report.lateMarkCompacts} mark-compacts, ${report.lateCompilations} compilations of` +
      ` ${report.functions.length} functions; ${again.length} of them compiled twice or more,` +
      ` ${again.reduce((sum, entry) => sum + entry.compilations, 0)} times)`,
  ]
  for (const entry of again.slice(0, top)) {
    const where = entry.module ?? entry.script
    lines.push(
      `${String(entry.compilations).padStart(4)}  ${where} ${entry.name || '(anonymous)'}@${entry.start}  ${entry.source}`,
    )
  }
  return lines.join('\n')
}

// npx tsx scripts/lib/jit-report.ts LOG [--skip N] [--top K] [--build build/index.js]
if (process.argv[1] && nodePath.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2)
  const option = (name: string) => {
    const at = args.indexOf(name)
    return at >= 0 ? args[at + 1] : undefined
  }
  const log = args[0]
  if (!log || log.startsWith('--')) {
    console.error(
      'Usage: npx tsx scripts/lib/jit-report.ts LOG [--skip N] [--top K] [--build build/index.js]',
    )
    process.exit(2)
  }
  const buildPath = option('--build') ?? 'build/index.js'
  const build = fs.existsSync(buildPath) ? fs.readFileSync(buildPath, 'utf8') : undefined
  const report = jitReport(fs.readFileSync(log, 'utf8'), Number(option('--skip') ?? 4), build)
  console.log(formatJitReport(report, Number(option('--top') ?? 30)))
}
