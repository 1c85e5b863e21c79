// Cost-optimal secondary suppression with protection against interval attacks
// (docs/statistics.md S3, decision record 021). Pure apart from the solver, which the caller passes
// in: HiGHS (mixed-integer and linear programming), loaded once per process by the model layer.
import { type Highs, type ModelData } from 'highs'

export type LpSolver = Highs

/** A count of one linked group: its value, whether it is a primary cell, its suppression cost. */
export type GroupCell = { key: string; value: number; primary: boolean; cost: number }
/** total = Σ parts between cells of the group. */
export type GroupEquation = { total: string; parts: readonly string[] }
export type Interval = { min: number; max: number }
/**
 * `interval` (S3, what is published): hidden counts are known to be ≥ 1, and a primary cell's
 * interval must reach k. `exact`: the protection the greedy method before decision record 021
 * aimed at — hidden counts only ≥ 0, a primary cell merely not pinned (reaches value + 1); kept so
 * that the benchmark compares both methods at equal protection.
 */
export type ProtectionLevel = 'interval' | 'exact'

const requiredUpper = (value: number, k: number, level: ProtectionLevel) => (level === 'interval' ? k : value + 1)
const hiddenAtLeast = (level: ProtectionLevel) => (level === 'interval' ? 1 : 0)

/**
 * How far a suppressed cell may move up in the attacker's copies of the MIP, in units of k − 1.
 * A bound makes the master's cuts stronger (fewer rounds); it can only demand more suppression
 * than the unbounded attacker needs. The lower bounds of suppression-bounds.ts lift it.
 */
const UPWARD_FACTOR = 3
const TOLERANCE = 1e-6
// Bounded so that a pathological group cannot stall a page; deterministic, unlike a time limit.
const MIP_NODE_LIMIT = 5000
// Each round adds at least one cut that the last pattern violates; in practice a handful suffice.
const MAX_ROUNDS = 200
const RELAXATION_ROUNDS = 5

// The interval LPs bound every unknown by this instead of infinity: a bounded LP always ends
// optimal (HiGHS may call an unbounded warm-started LP "unknown"), and no count comes near it.
const UNBOUNDED = 1e7

const MODEL_STATUS = { optimal: 7 } as const

/** The cost of suppressing a cell (S3): its value + 1, halved for residual categories. */
export function suppressionCost(value: number, residual: boolean) {
  return (value + 1) * (residual ? 0.5 : 1)
}

/** Rows given as sparse maps → the CSR matrix HiGHS takes. */
function csr(rows: ReadonlyArray<ReadonlyMap<number, number>>, numCols: number) {
  const starts = [0]
  const indices: number[] = []
  const values: number[] = []
  for (const row of rows) {
    for (const [column, value] of [...row].sort((a, b) => a[0] - b[0])) {
      indices.push(column)
      values.push(value)
    }
    starts.push(indices.length)
  }
  return { format: 'csr' as const, numRows: rows.length, numCols, starts, indices, values }
}

/**
 * The secondary cells of least total cost such that every primary cell can be raised to k by the
 * attacker (S3): Fischetti–Salazar's model, solved by Benders decomposition as tau-ARGUS does. The
 * master problem is a MIP over one yes/no variable per candidate cell (min Σ cost·x). For a
 * pattern x it proposes, each primary p gets an attacker LP — deviations z with A·z = 0,
 * −(value − 1)·x ≤ z ≤ U·x (a suppressed count stays ≥ 1, a published one cannot move), max z_p —
 * solved as its dual. Where the maximum falls short of k − value_p, the dual solution gives a
 * constraint every protecting pattern meets and x does not (a cut); the master is solved again with
 * it, until every primary is protected. Returns null when the solver gives no pattern.
 */
export function cheapestProtection(
  solver: LpSolver,
  cells: readonly GroupCell[],
  equations: readonly GroupEquation[],
  k: number,
  level: ProtectionLevel = 'interval',
  { upwardFactor = UPWARD_FACTOR }: { upwardFactor?: number } = {},
): Set<string> | null {
  const primaries = cells.filter((cell) => cell.primary)
  if (!primaries.length) return new Set()
  // Zeros are never suppressed and cannot move: they drop out of every attacker LP.
  const movable = cells.filter((cell) => cell.primary || cell.value > 0)
  const position = new Map(movable.map((cell, index) => [cell.key, index]))
  const candidates = movable.filter((cell) => !cell.primary)
  const candidateIndex = new Map(candidates.map((cell, index) => [cell.key, index]))
  const upward = upwardFactor * (k - 1)
  const lower = (cell: GroupCell) => cell.value - hiddenAtLeast(level) // how far the attacker may move it down

  // Equations restricted to movable cells (zeros are constants 0).
  const rows = equations.map((equation) => {
    const row = new Map<number, number>()
    const add = (key: string, coefficient: number) => {
      const column = position.get(key)
      if (column !== undefined) row.set(column, (row.get(column) ?? 0) + coefficient)
    }
    add(equation.total, 1)
    for (const part of new Set(equation.parts)) add(part, -1)
    return row
  })

  // Cuts: candidate index → coefficient, with a right-hand side. Seeded with the obvious ones: an
  // equation with a primary cell needs a second suppressed member, or it pins that cell.
  const cuts: Array<{ coefficients: Map<number, number>; rhs: number }> = []
  for (const equation of equations) {
    const members = [equation.total, ...new Set(equation.parts)]
    const primaryMembers = members.filter((key) => primaries.some((cell) => cell.key === key))
    if (primaryMembers.length !== 1) continue
    const others = members.map((key) => candidateIndex.get(key)).filter((index): index is number => index !== undefined)
    cuts.push({ coefficients: new Map(others.map((index) => [index, 1])), rhs: 1 })
  }
  // A secondary cell alone among the suppressed members of an equation is pinned by it and
  // protects nothing; a cheapest pattern never has one (dropping it costs less and changes no
  // interval). Stating this up front spares the rounds that would rediscover it cell by cell.
  for (const equation of equations) {
    const members = [...new Set([equation.total, ...equation.parts])]
    if (members.some((key) => primaries.some((cell) => cell.key === key))) continue
    const inEquation = members.map((key) => candidateIndex.get(key)).filter((index): index is number => index !== undefined)
    for (const lonely of inEquation) {
      cuts.push({ coefficients: new Map(inEquation.map((index) => [index, index === lonely ? -1 : 1])), rhs: 0 })
    }
  }

  // The attacker's dual, one persistent model per group: columns α (one per equation, free), then
  // β and γ (≥ 0) per movable cell; row i: (Aᵀα)_i + β_i − γ_i = [i = p].
  const numColumns = rows.length + 2 * movable.length
  const dualRows: Array<Map<number, number>> = movable.map(() => new Map())
  rows.forEach((row, equationIndex) => {
    for (const [column, coefficient] of row) dualRows[column]!.set(equationIndex, coefficient)
  })
  movable.forEach((_, index) => {
    dualRows[index]!.set(rows.length + index, 1)
    dualRows[index]!.set(rows.length + movable.length + index, -1)
  })
  const dualModel: ModelData = {
    numCols: numColumns,
    numRows: movable.length,
    colCost: new Array<number>(numColumns).fill(0),
    colLower: [...rows.map(() => -solver.infinity), ...new Array<number>(2 * movable.length).fill(0)],
    colUpper: new Array<number>(numColumns).fill(solver.infinity),
    rowLower: new Array<number>(movable.length).fill(0),
    rowUpper: new Array<number>(movable.length).fill(0),
    matrix: csr(dualRows, numColumns),
  }

  // First rounds on the master's LP relaxation (cheap, and its cuts are just as valid), then on
  // the MIP until its pattern needs no further cut.
  let integral = false
  const seeded = solveMaster(solver, candidates, cuts, integral)
  if (!seeded) return null
  let chosen = seeded
  // One attacker model for all rounds: between solves only its costs (the pattern) and one row
  // bound (the primary cell) change, so HiGHS starts each solve from the last basis.
  const dual = solver.createModel(dualModel)
  try {
    dual.options.set({ output_flag: false, presolve: 'off' })
    for (let round = 0; round < MAX_ROUNDS; round += 1) {
      const share = (cell: GroupCell) => (cell.primary ? 1 : chosen[candidateIndex.get(cell.key)!]!)
      // Dual costs: U·x_i for β_i, (value_i − 1)·x_i for γ_i.
      dual.changeColsCost(
        { kind: 'range', from: rows.length, to: numColumns - 1 },
        [...movable.map((cell) => upward * share(cell)), ...movable.map((cell) => lower(cell) * share(cell))],
      )
      const newCuts: typeof cuts = []
      for (const primary of primaries) {
        const row = position.get(primary.key)!
        dual.changeRowBounds(row, 1, 1)
        dual.run()
        // Read before the next change: any change of the model resets its status and solution.
        const status = dual.getModelStatus()
        const optimum = dual.getObjectiveValue()
        const values = dual.getSolution().colValue
        dual.changeRowBounds(row, 0, 0)
        if (status !== MODEL_STATUS.optimal) return null
        const needed = requiredUpper(primary.value, k, level) - primary.value
        if (optimum >= needed - TOLERANCE) continue
        const weight = (cell: GroupCell) => {
          const index = position.get(cell.key)!
          return upward * values[rows.length + index]! + lower(cell) * values[rows.length + movable.length + index]!
        }
        const coefficients = new Map<number, number>()
        for (const cell of candidates) {
          const coefficient = weight(cell)
          if (coefficient > TOLERANCE) coefficients.set(candidateIndex.get(cell.key)!, coefficient)
        }
        const fixed = primaries.reduce((sum, cell) => sum + weight(cell), 0)
        newCuts.push({ coefficients, rhs: needed - fixed })
      }
      if (!newCuts.length && integral) return new Set(candidates.filter((_, index) => chosen[index]! > 0.5).map((cell) => cell.key))
      // The relaxation gathers cuts cheaply but converges slowly near its optimum (tailing off).
      if (!newCuts.length || round + 1 >= RELAXATION_ROUNDS) integral = true
      cuts.push(...newCuts)
      const next = solveMaster(solver, candidates, cuts, integral)
      if (!next) return null
      chosen = next
    }
    return null
  } finally {
    dual.dispose()
  }
}

/** The master problem: the cheapest candidates (x ∈ {0, 1}, or [0, 1] for the relaxation) meeting every cut so far. */
function solveMaster(solver: LpSolver, candidates: readonly GroupCell[], cuts: ReadonlyArray<{ coefficients: ReadonlyMap<number, number>; rhs: number }>, integral: boolean): number[] | null {
  if (cuts.some((cut) => cut.coefficients.size === 0 && cut.rhs > TOLERANCE)) return null
  const model: ModelData = {
    numCols: candidates.length,
    numRows: cuts.length,
    // Ties are broken by the cell order (deterministic): a later cell costs a hair more.
    colCost: candidates.map((cell, index) => cell.cost * (1 + (index + 1) * 1e-9)),
    colLower: candidates.map(() => 0),
    colUpper: candidates.map(() => 1),
    rowLower: cuts.map((cut) => cut.rhs - TOLERANCE),
    rowUpper: cuts.map(() => solver.infinity),
    matrix: csr(cuts.map((cut) => cut.coefficients), candidates.length),
    ...(integral ? { integrality: candidates.map(() => 1 as const) } : {}),
  }
  return solver.withModel(model, (master) => {
    master.options.set({ output_flag: false, mip_max_nodes: MIP_NODE_LIMIT })
    master.run()
    if (master.getModelStatus() !== MODEL_STATUS.optimal) return null
    const values = master.getSolution().colValue
    // A MIP's values are whole up to tolerance; round them so the attacker sees the pattern itself.
    return candidates.map((_, index) => (integral ? (values[index]! > 0.5 ? 1 : 0) : Math.min(1, Math.max(0, values[index]!))))
  })
}

/**
 * The attacker's feasible interval of each of `targets` (S3): min and max of the cell over all
 * solutions of the equations with the published cells fixed and every suppressed count ≥ 1, by
 * linear programming. `max` is Infinity when nothing bounds the cell from above.
 */
export function feasibleIntervals(
  solver: LpSolver,
  values: ReadonlyMap<string, number>,
  equations: readonly GroupEquation[],
  suppressed: ReadonlySet<string>,
  targets: readonly string[],
  { upperOnly = false, atLeast = 1 }: { upperOnly?: boolean; atLeast?: number } = {},
): Map<string, Interval> {
  const unknowns = [...suppressed]
  const index = new Map(unknowns.map((key, position) => [key, position]))
  const rows: Array<Map<number, number>> = []
  const rhs: number[] = []
  for (const equation of equations) {
    const members = [equation.total, ...new Set(equation.parts)]
    if (!members.some((key) => suppressed.has(key))) continue
    const row = new Map<number, number>()
    let constant = 0
    members.forEach((key, position) => {
      const coefficient = position === 0 ? 1 : -1
      if (suppressed.has(key)) row.set(index.get(key)!, (row.get(index.get(key)!) ?? 0) + coefficient)
      else constant += coefficient * values.get(key)!
    })
    rows.push(row)
    rhs.push(-constant)
  }
  const result = new Map<string, Interval>()
  if (!unknowns.length) return result
  const model: ModelData = {
    numCols: unknowns.length,
    numRows: rows.length,
    colCost: unknowns.map(() => 0),
    colLower: unknowns.map(() => atLeast),
    colUpper: unknowns.map(() => UNBOUNDED),
    rowLower: rhs,
    rowUpper: rhs,
    matrix: csr(rows, unknowns.length),
  }
  return solver.withModel(model, (instance) => {
    instance.options.set({ output_flag: false, presolve: 'off' })
    const optimum = (column: number, sense: 1 | -1) => {
      instance.changeColsCost({ kind: 'range', from: 0, to: unknowns.length - 1 }, unknowns.map((_, position) => (position === column ? sense : 0)))
      instance.run()
      const status = instance.getModelStatus()
      if (status !== MODEL_STATUS.optimal) throw new Error(`Interval LP ended with status ${status}`)
      const value = sense * instance.getObjectiveValue()
      return value >= UNBOUNDED - 1 ? Infinity : value
    }
    for (const key of targets) {
      const column = index.get(key)
      if (column === undefined) continue
      result.set(key, { min: upperOnly ? atLeast : optimum(column, 1), max: optimum(column, -1) })
    }
    return result
  })
}

/**
 * Secondary suppression of one linked group (S3): the cheapest pattern by MIP, then checked with
 * the real attacker's intervals; secondaries the attacker can pin are published (they protect
 * nothing). When the solver finds no pattern, or the check fails, every non-zero cell of the
 * group is suppressed. Results are remembered per group (same cells, values, equations and k →
 * same pattern), so the page and its exports, and frozen years, solve each group once.
 */
export function protectGroup(solver: LpSolver, cells: readonly GroupCell[], equations: readonly GroupEquation[], k: number, level: ProtectionLevel = 'interval'): Set<string> {
  const key = JSON.stringify([k, level, cells, equations])
  const known = remembered.get(key)
  if (known) {
    remembered.delete(key)
    remembered.set(key, known)
    return new Set(known)
  }
  const pattern = solveGroup(solver, cells, equations, k, level)
  remembered.set(key, pattern)
  if (remembered.size > REMEMBERED_GROUPS) remembered.delete(remembered.keys().next().value!)
  return new Set(pattern)
}

// Least recently used first; a group's key is its whole content, so a stale entry is never hit.
const remembered = new Map<string, ReadonlySet<string>>()
const REMEMBERED_GROUPS = 500

/** Forgets every remembered pattern: the benchmark measures the solver, as for figures never seen. */
export function forgetRememberedPatterns() {
  remembered.clear()
}

function solveGroup(solver: LpSolver, cells: readonly GroupCell[], equations: readonly GroupEquation[], k: number, level: ProtectionLevel): Set<string> {
  const chosen = cheapestProtection(solver, cells, equations, k, level)
  const everything = () => new Set(cells.filter((cell) => !cell.primary && cell.value > 0).map((cell) => cell.key))
  if (!chosen) return everything()
  const values = new Map(cells.map((cell) => [cell.key, cell.value]))
  const primaryCells = cells.filter((cell) => cell.primary)
  const primaries = primaryCells.map((cell) => cell.key)
  const suppressed = new Set([...primaries, ...chosen])
  const upper = feasibleIntervals(solver, values, equations, suppressed, primaries, { upperOnly: true, atLeast: hiddenAtLeast(level) })
  if (primaryCells.some((cell) => upper.get(cell.key)!.max < requiredUpper(cell.value, k, level) - TOLERANCE)) return everything()
  const intervals = feasibleIntervals(solver, values, equations, suppressed, [...chosen], { atLeast: hiddenAtLeast(level) })
  return new Set([...chosen].filter((key) => intervals.get(key)!.max - intervals.get(key)!.min > TOLERANCE))
}
