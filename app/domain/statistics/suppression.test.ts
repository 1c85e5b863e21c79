import fc from 'fast-check'
import loadHighs from 'highs'
import { beforeAll, describe, expect, test } from 'vitest'
import { feasibleIntervals, type LpSolver } from './optimal-suppression.ts'
import { applySuppression as apply, recoverable, type Cell, type CellOutcome, type Constraint, type SuppressionRule } from './suppression.ts'

let solver: LpSolver
beforeAll(async () => {
  solver = await loadHighs()
})
const applySuppression = (cells: Map<string, Cell>, constraints: Constraint[], rule: SuppressionRule) => apply(cells, constraints, rule, solver)

const count = (key: string, value: number): Cell => ({ key, value, kind: 'count' })
const cellsOf = (...cells: Cell[]) => new Map(cells.map((cell) => [cell.key, cell]))
const statusOf = (result: Map<string, CellOutcome>, key: string) => result.get(key)!.status
const suppressedKeys = (result: Map<string, CellOutcome>) => new Set([...result].filter(([, outcome]) => outcome.value === null).map(([key]) => key))

// Long comparisons give the event loop a turn now and then, so that the worker running this file
// can answer vitest's runner while they run (on a loaded machine a stretch of a minute without a turn
// ends the run with "Timeout calling onTaskUpdate"; docs/performance.md, "Test suite", session 13).
const turn = () => new Promise((resolve) => setImmediate(resolve))

describe('primary suppression (docs/statistics.md S1)', () => {
  test('counts from 1 to k−1 are suppressed; zero and k or more are published', () => {
    const cells = cellsOf(count('a', 0), count('b', 1), count('c', 4), count('d', 5))
    const result = applySuppression(cells, [], { k: 5, method: 'suppress' })
    expect([...result.values()].map((outcome) => outcome.status)).toEqual(['published', 'primary', 'primary', 'published'])
    expect(result.get('b')!.value).toBeNull()
    expect(result.get('a')!.value).toBe(0)
  })
})

describe('secondary suppression (S3)', () => {
  test('interval attack: hidden cells that must add up to little are protected by a larger partner', () => {
    // Five languages of 1, 1, 1, 1, 2 (k = 3) and one of 40, total 46. Suppressing the five small
    // ones alone pins each of them (they add up to 6 and each is ≥ 1, so the four 1s are in [1, 2]),
    // which exact recomputation does not see. The 40 has to go as well: then each can reach 3.
    const values: Record<string, number> = { l1: 1, l2: 1, l3: 1, l4: 1, l5: 2, big: 40 }
    const cells = cellsOf(...Object.entries(values).map(([key, value]) => count(key, value)), count('total', 46))
    const constraints = [{ total: 'total', parts: Object.keys(values) }]
    const result = applySuppression(cells, constraints, { k: 3, method: 'suppress' })
    expect(statusOf(result, 'big')).toBe('secondary')
    expect(statusOf(result, 'total')).toBe('published')
    const intervals = feasibleIntervals(solver, new Map([...cells].map(([key, cell]) => [key, cell.value!])), constraints, suppressedKeys(result), ['l1', 'l5'])
    expect(intervals.get('l1')!.max).toBeGreaterThanOrEqual(3)
    expect(intervals.get('l5')!.max).toBeGreaterThanOrEqual(3)
  })

  test('cost: residual categories and small cells go before large categories', () => {
    //            0–17   18–64   total
    // female      120     212    332
    // divers        1       4      5
    // not stated    6      30     36
    // total       127     246    373
    // The divers 1 needs a partner in its row and its column. The cheapest: divers 18–64 (4,
    // residual) and not stated 0–17 (6, residual) with not stated 18–64 (30) to close the square —
    // never a cell of the 332 women.
    const matrix: Record<string, [number, number]> = { F: [120, 212], D: [1, 4], N: [6, 30] }
    const cells: Cell[] = []
    const constraints: Constraint[] = []
    for (const [gender, row] of Object.entries(matrix)) {
      row.forEach((value, band) => cells.push({ key: `gender=${gender}|band=${band}`, value, kind: 'count', residual: gender !== 'F' }))
      cells.push({ key: `gender=${gender}`, value: row[0] + row[1], kind: 'count', residual: gender !== 'F' })
      constraints.push({ total: `gender=${gender}`, parts: [`gender=${gender}|band=0`, `gender=${gender}|band=1`] })
    }
    for (const band of [0, 1]) {
      cells.push(count(`band=${band}`, Object.values(matrix).reduce((sum, row) => sum + row[band]!, 0)))
      constraints.push({ total: `band=${band}`, parts: Object.keys(matrix).map((gender) => `gender=${gender}|band=${band}`) })
    }
    cells.push(count('all', 373))
    constraints.push({ total: 'all', parts: ['gender=F', 'gender=D', 'gender=N'] }, { total: 'all', parts: ['band=0', 'band=1'] })
    const result = applySuppression(cellsOf(...cells), constraints, { k: 3, method: 'suppress' })
    expect(suppressedKeys(result)).toEqual(new Set(['gender=D|band=0', 'gender=D|band=1', 'gender=N|band=0', 'gender=N|band=1']))
  })

  test('the same figures give the same pattern', () => {
    const cells = cellsOf(count('a', 1), count('b', 5), count('c', 5), count('d', 5), count('t', 16))
    const constraints = [{ total: 't', parts: ['a', 'b', 'c', 'd'] }]
    const first = suppressedKeys(applySuppression(cells, constraints, { k: 3, method: 'suppress' }))
    for (let run = 0; run < 3; run += 1) expect(suppressedKeys(applySuppression(cells, constraints, { k: 3, method: 'suppress' }))).toEqual(first)
    expect(first.size).toBe(2)
  })

  test('a row with one suppressed cell loses its next-smallest non-zero cell', () => {
    // total 20 = 1 + 0 + 4 + 15: the 1 could be recomputed as 20 − 0 − 4 − 15.
    const cells = cellsOf(count('t', 20), count('a', 1), count('z', 0), count('b', 4), count('c', 15))
    const result = applySuppression(cells, [{ total: 't', parts: ['a', 'z', 'b', 'c'] }], { k: 3, method: 'suppress' })
    expect(statusOf(result, 'a')).toBe('primary')
    expect(statusOf(result, 'b')).toBe('secondary')
    expect(statusOf(result, 'c')).toBe('published')
    expect(statusOf(result, 'z')).toBe('published')
    expect(statusOf(result, 't')).toBe('published')
  })

  test('rows and columns: a secondary cell that breaks a column is itself protected (fixed point)', () => {
    //        c1   c2   total
    // r1      1    9    10
    // r2      6    7    13
    // total   7   16    23
    // 1 is primary → row r1 needs 9 (secondary) → column c1 has only the 1 … and column c2 now only
    // the 9 → each needs another cell: 6 (c1) and 7 (c2) — then row r2 has two and is safe.
    const cells = cellsOf(
      count('r1c1', 1), count('r1c2', 9), count('r1', 10),
      count('r2c1', 6), count('r2c2', 7), count('r2', 13),
      count('c1', 7), count('c2', 16), count('t', 23),
    )
    const constraints: Constraint[] = [
      { total: 'r1', parts: ['r1c1', 'r1c2'] },
      { total: 'r2', parts: ['r2c1', 'r2c2'] },
      { total: 'c1', parts: ['r1c1', 'r2c1'] },
      { total: 'c2', parts: ['r1c2', 'r2c2'] },
      { total: 't', parts: ['r1', 'r2'] },
      { total: 't', parts: ['c1', 'c2'] },
    ]
    const result = applySuppression(cells, constraints, { k: 3, method: 'suppress' })
    const suppressed = [...result].filter(([, outcome]) => outcome.value === null).map(([key]) => key).sort()
    expect(suppressed).toEqual(['r1c1', 'r1c2', 'r2c1', 'r2c2'])
    expect(recoverable(constraints, new Set(suppressed))).toEqual([])
  })

  test('across tables: a shared cell has one status, and its suppression is protected in every table', () => {
    // Table 1: closed = reason A (1) + reason B (0) → the total is the only other non-zero member.
    // Table 2 (key figures): cases (20) = closed (5) + still open (15) → closed is now suppressed
    // there too, so "still open" must go as well.
    const cells = cellsOf(count('closed', 5), count('closed|A', 1), count('closed|B', 0), count('cases', 20), count('open', 15))
    // with k = 2 the 5 itself is not small; only the 1 is.
    const result = applySuppression(
      cells,
      [
        { total: 'closed', parts: ['closed|A', 'closed|B'] },
        { total: 'cases', parts: ['closed', 'open'] },
      ],
      { k: 2, method: 'suppress' },
    )
    expect(statusOf(result, 'closed|A')).toBe('primary')
    expect(statusOf(result, 'closed')).toBe('secondary')
    expect(statusOf(result, 'open')).toBe('secondary')
    expect(statusOf(result, 'cases')).toBe('published')
  })

  test('measures follow their count, medians need k values (S2)', () => {
    const cells = cellsOf(
      count('contacts|phone', 2),
      { key: 'hours|phone', value: 1.5, kind: 'measure', base: 'contacts|phone' },
      count('contacts|office', 9),
      { key: 'hours|office', value: 7, kind: 'measure', base: 'contacts|office' },
      { key: 'median|few', value: 12, kind: 'median', n: 2 },
      { key: 'median|many', value: 30, kind: 'median', n: 7 },
      { key: 'median|none', value: null, kind: 'median', n: 0 },
    )
    const result = applySuppression(cells, [], { k: 3, method: 'suppress' })
    expect(statusOf(result, 'hours|phone')).toBe('small-base')
    expect(result.get('hours|office')).toEqual({ value: 7, status: 'published' })
    expect(statusOf(result, 'median|few')).toBe('small-base')
    expect(result.get('median|many')).toEqual({ value: 30, status: 'published' })
    expect(statusOf(result, 'median|none')).toBe('no-data')
  })
})

describe('rounding to multiples of 5 (S4)', () => {
  test('counts are rounded, small bases of medians are suppressed', () => {
    const cells = cellsOf(count('a', 1), count('b', 2), count('c', 3), count('d', 12), count('e', 13), { key: 'm', value: 4, kind: 'median', n: 2 })
    const result = applySuppression(cells, [], { k: 3, method: 'round5' })
    expect(['a', 'b', 'c', 'd', 'e'].map((key) => result.get(key)!.value)).toEqual([0, 0, 5, 10, 15])
    expect(statusOf(result, 'm')).toBe('small-base')
  })

  test('a true 1 or 2 rounded to 0 is marked, so that it shows as "0"; a true zero is not', () => {
    const result = applySuppression(cellsOf(count('one', 1), count('two', 2), count('zero', 0)), [], { k: 3, method: 'round5' })
    expect(result.get('one')).toEqual({ value: 0, status: 'published', roundedFromNonZero: true })
    expect(result.get('two')).toEqual({ value: 0, status: 'published', roundedFromNonZero: true })
    expect(result.get('zero')).toEqual({ value: 0, status: 'published' })
  })
})

/** Random tables (rows × columns with margins), optionally two sharing their grand total. */
function tableArbitrary(prefix: string) {
  return fc
    .record({ rows: fc.integer({ min: 1, max: 6 }), columns: fc.integer({ min: 2, max: 6 }) })
    .chain(({ rows, columns }) =>
      fc.array(fc.array(fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 4 }), fc.integer({ min: 0, max: 60 })), { minLength: columns, maxLength: columns }), {
        minLength: rows,
        maxLength: rows,
      }),
    )
    .map((matrix) => {
      const cells: Cell[] = []
      const constraints: Constraint[] = []
      const rowTotals = matrix.map((row, r) => {
        const parts = row.map((value, c) => {
          cells.push(count(`${prefix}r${r}c${c}`, value))
          return `${prefix}r${r}c${c}`
        })
        cells.push(count(`${prefix}r${r}`, row.reduce((a, b) => a + b, 0)))
        constraints.push({ total: `${prefix}r${r}`, parts })
        return `${prefix}r${r}`
      })
      const columnTotals = matrix[0]!.map((_, c) => {
        cells.push(count(`${prefix}c${c}`, matrix.reduce((sum, row) => sum + row[c]!, 0)))
        constraints.push({ total: `${prefix}c${c}`, parts: matrix.map((_, r) => `${prefix}r${r}c${c}`) })
        return `${prefix}c${c}`
      })
      const total = matrix.flat().reduce((a, b) => a + b, 0)
      constraints.push({ total: 'grand', parts: rowTotals }, { total: 'grand', parts: columnTotals })
      return { cells, constraints, total }
    })
}

/**
 * An attacker independent of the implementation: knows every published value and solves any
 * equation with one unknown, again and again, with the numbers themselves.
 */
function recoveredByAttacker(cells: Map<string, Cell>, constraints: Constraint[], result: Map<string, CellOutcome>) {
  const known = new Map<string, number>()
  for (const [key, outcome] of result) if (outcome.value !== null) known.set(key, outcome.value)
  const recovered: string[] = []
  let progress = true
  while (progress) {
    progress = false
    for (const { total, parts } of constraints) {
      const members = [...new Set([total, ...parts])]
      const unknown = members.filter((key) => !known.has(key))
      if (unknown.length !== 1) continue
      const missing = unknown[0]!
      const value = missing === total ? parts.reduce((sum, key) => sum + known.get(key)!, 0) : known.get(total)! - parts.filter((key) => key !== missing).reduce((sum, key) => sum + known.get(key)!, 0)
      known.set(missing, value)
      expect(value).toBe(cells.get(missing)!.value) // the attacker really gets the true value
      recovered.push(missing)
      progress = true
    }
  }
  return recovered
}

describe('property: no suppressed value can be derived or narrowed from published totals', () => {
  test('single tables and pairs of tables sharing their grand total: exact-recomputation and interval audits find nothing', async () => {
    // the same 100 tables as a synchronous property (same seed, same order of generation)
    await fc.assert(
      fc.asyncProperty(
        tableArbitrary('a:'),
        fc.array(fc.integer({ min: 0, max: 5 }), { minLength: 2, maxLength: 6 }),
        fc.integer({ min: 2, max: 6 }),
        async (first, weights, k) => {
          await turn()
          // A second table of the same export breaks the same grand total down differently
          // (like clients by gender × age and clients by nationality).
          const weightSum = weights.reduce((a, b) => a + b, 0) || 1
          const split = weights.map((weight) => Math.floor((first.total * weight) / weightSum))
          split[split.length - 1]! += first.total - split.reduce((a, b) => a + b, 0)
          const cells = new Map<string, Cell>()
          for (const cell of first.cells) cells.set(cell.key, cell)
          split.forEach((value, index) => cells.set(`b:${index}`, count(`b:${index}`, value)))
          cells.set('grand', count('grand', first.total))
          const constraints = [...first.constraints, { total: 'grand', parts: split.map((_, index) => `b:${index}`) }]
          const result = applySuppression(cells, constraints, { k, method: 'suppress' })
          for (const cell of cells.values()) {
            if (cell.value! >= 1 && cell.value! < k) expect(result.get(cell.key)!.value).toBeNull()
          }
          expect(recoveredByAttacker(cells, constraints, result)).toEqual([])
          // Interval audit (S3): every primary cell can still be as large as k.
          const values = new Map([...cells].map(([key, cell]) => [key, cell.value!]))
          const primaries = [...cells.values()].filter((cell) => cell.value! >= 1 && cell.value! < k).map((cell) => cell.key)
          const intervals = feasibleIntervals(solver, values, constraints, suppressedKeys(result), primaries)
          for (const key of primaries) expect(intervals.get(key)!.max).toBeGreaterThanOrEqual(k - 1e-6)
          // Single-cell check per row and column: never exactly one suppressed member.
          for (const { total, parts } of constraints) {
            const suppressed = [...new Set([total, ...parts])].filter((key) => result.get(key)!.value === null)
            expect(suppressed.length).not.toBe(1)
          }
        },
      ),
      { seed: 20261126, numRuns: 100 },
    )
  }, 120_000)
})
