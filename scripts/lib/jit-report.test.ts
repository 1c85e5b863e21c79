import { expect, test } from 'vitest'
import { formatJitReport, jitReport, moduleStarts } from './jit-report.ts'

const build = [
  'import x from "y";',
  '',
  '// app/utils/once-per-key.ts',
  'function a() {}',
  '',
  '// app/domain/workload.ts',
  'function b() {}',
  '',
].join('\n')
const inWorkload = build.indexOf('function b')
const inOncePerKey = build.indexOf('function a')

const compiled = (script: string, name: string, start: number, inlining = -1, source = 'function body() {') =>
  [
    `--- FUNCTION SOURCE (${script}:${name}) id{7,${inlining}} start{${start}} ---`,
    source,
    '--- END ---',
  ].join('\n')
const markCompact = (ms: number) =>
  `[123:0x1]    ${ms} ms: Mark-Compact 60.1 (70.2) -> 50.3 (70.2) MB, 9.1 / 0.0 ms  (+ 1.2 ms in 12 steps) finalize incremental marking via task; GC in old space requested`
const scavenge = (ms: number) =>
  `[123:0x1]    ${ms} ms: Scavenge 54.5 (71.7) -> 50.9 (71.7) MB, 1.3 / 0.0 ms  (average mu = 0.9) allocation failure;`

const log = [
  compiled('file:///srv/app/build/index.js', '', inWorkload), // before the first mark-compact: warm-up
  markCompact(100),
  scavenge(110),
  compiled('file:///srv/app/build/index.js', '', inWorkload, -1, '(a, b) => a.since - b.since'),
  compiled('file:///srv/app/build/index.js', 'inner', inOncePerKey, 0), // inlined into the one before: not counted
  compiled('file:///srv/app/node_modules/@remix-run/router/dist/router.cjs.js', 'rankRouteBranches', 2983),
  // a GC line printed in the middle of another still counts
  `(a, b) => {${markCompact(200)}`,
  compiled('file:///srv/app/build/index.js', '', inWorkload, -1, '(a, b) => a.since - b.since'),
  compiled('file:///srv/app/build/index.js', 'answerOnce', inOncePerKey),
  compiled('node:internal/url', 'parse', 40),
].join('\n')

test('moduleStarts names the module of each offset of a server build', () => {
  expect(moduleStarts(build)).toEqual([
    { offset: build.indexOf('// app/utils'), module: 'app/utils/once-per-key.ts' },
    { offset: build.indexOf('// app/domain'), module: 'app/domain/workload.ts' },
  ])
})

test('jitReport counts full collections, scavenges and compilations after the warm-up, per function and module', () => {
  const report = jitReport(log, 1, build)
  expect(report).toMatchObject({
    markCompacts: 2,
    scavenges: 1,
    compilations: 6,
    lateCompilations: 5,
    lateMarkCompacts: 1,
  })
  expect(report.functions).toEqual([
    {
      script: 'build/index.js',
      name: '',
      start: inWorkload,
      module: 'app/domain/workload.ts',
      source: '(a, b) => a.since - b.since',
      compilations: 2,
    },
    { script: 'url', name: 'parse', start: 40, module: null, source: 'function body() {', compilations: 1 },
    {
      script: 'build/index.js',
      name: 'answerOnce',
      start: inOncePerKey,
      module: 'app/utils/once-per-key.ts',
      source: 'function body() {',
      compilations: 1,
    },
    {
      script: '@remix-run/router/router.cjs.js',
      name: 'rankRouteBranches',
      start: 2983,
      module: null,
      source: 'function body() {',
      compilations: 1,
    },
  ])
})

test('without the build the functions of the server build are not named by module', () => {
  expect(jitReport(log, 0).functions.every((entry) => entry.module === null)).toBe(true)
})

test('formatJitReport lists only the functions compiled at least twice', () => {
  const text = formatJitReport(jitReport(log, 1, build))
  expect(text.split('\n')).toEqual([
    'mark-compacts 2, scavenges 1, TurboFan compilations 6 (after warm-up: 1 mark-compacts, 5 compilations of 4 functions; 1 of them compiled twice or more, 2 times)',
    `   2  app/domain/workload.ts (anonymous)@${inWorkload}  (a, b) => a.since - b.since`,
  ])
})
