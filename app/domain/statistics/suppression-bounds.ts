// Lower bounds of secondary suppression (docs/statistics.md S3, "How little can be hidden"): the
// least weight of secondary cells — e.g. their number, or their total value — that any pattern
// meeting the interval protection can have. Solved by the same Fischetti–Salazar MIP as the
// published pattern (optimal-suppression.ts), with the cost replaced by the weight to bound and
// the attacker's upward moves practically unbounded, so that the result bounds every protecting
// pattern, not only those the published method can find. The benchmark sets these bounds against
// the greedy method's pattern to show whether "at most half of before" is reachable at all.
import { cheapestProtection, type LpSolver } from './optimal-suppression.ts'
import { linkedGroups, membersOf, type Cell, type Constraint } from './suppression.ts'

/**
 * In units of k − 1. An attack needs to raise a primary cell by at most k − 1; a bound a
 * thousand times larger never cuts off a deviation an attack on these tables uses.
 */
const UNBOUNDED_UPWARD = 1000

export type SecondaryBound = { weight: number; cells: string[] }

/**
 * The pattern of least total `weight` among the secondary cells that gives every primary cell of
 * the export an interval reaching k (S3), and that weight. A weight of 0 makes a cell free to
 * suppress (e.g. a cell the export never shows). Null when the solver gives no optimum for a group.
 * HiGHS proves a MIP optimal within a relative gap of 10⁻⁴, so for whole-number weights below
 * 10,000 the weight is the exact minimum.
 */
export function leastSecondaryWeight(
  solver: LpSolver,
  cells: ReadonlyMap<string, Cell>,
  constraints: readonly Constraint[],
  k: number,
  weight: (cell: Cell) => number,
): SecondaryBound | null {
  const isPrimary = (cell: Cell) => cell.kind === 'count' && cell.value !== null && cell.value >= 1 && cell.value < k
  const usable = constraints.filter((constraint) => !constraint.parts.includes(constraint.total) && membersOf(constraint).every((key) => cells.has(key)))
  const isCount = (key: string) => cells.get(key)!.kind === 'count'
  const chosen: string[] = []
  for (const group of linkedGroups(usable.filter((constraint) => membersOf(constraint).every(isCount)))) {
    if (!group.keys.some((key) => isPrimary(cells.get(key)!))) continue
    const groupCells = group.keys.map((key) => {
      const cell = cells.get(key)!
      return { key, value: cell.value ?? 0, primary: isPrimary(cell), cost: weight(cell) }
    })
    const pattern = cheapestProtection(solver, groupCells, group.equations, k, 'interval', { upwardFactor: UNBOUNDED_UPWARD })
    if (!pattern) return null
    chosen.push(...pattern)
  }
  return { weight: chosen.reduce((sum, key) => sum + weight(cells.get(key)!), 0), cells: chosen }
}
