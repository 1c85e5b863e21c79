// The secondary suppression used before decision record 021, kept as the benchmark's reference
// ("before"): to a fixed point, every equation with exactly one suppressed member loses its
// smallest non-zero published part (the total only when no part is left). It protects against
// exact recomputation only. It shares every step but the choice with the method in force.
import {
  outcomesOf,
  primarySuppressions,
  propagateToDerived,
  recoverable,
  secondaryCandidate,
  usableConstraints,
  type Cell,
  type CellOutcome,
  type Constraint,
} from '../../app/domain/statistics/suppression.ts'

export function greedySuppression(cells: ReadonlyMap<string, Cell>, constraints: readonly Constraint[], k: number): Map<string, CellOutcome> {
  const status = primarySuppressions(cells, k)
  const usable = usableConstraints(cells, constraints)
  for (;;) {
    propagateToDerived(cells, status, k)
    const candidate = recoverable(usable, status)
      .map((constraint) => secondaryCandidate(cells, constraint, status))
      .find((key) => key !== undefined)
    if (!candidate) break
    status.set(candidate, 'secondary')
  }
  return outcomesOf(cells, status)
}
