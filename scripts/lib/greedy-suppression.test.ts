import loadHighs from 'highs'
import { beforeAll, describe, expect, test } from 'vitest'
import { AGE_BANDS } from '../../app/domain/statistics/aggregates.ts'
import { type LpSolver } from '../../app/domain/statistics/optimal-suppression.ts'
import { leastSecondaryWeight } from '../../app/domain/statistics/suppression-bounds.ts'
import { applySuppression, auditSuppression, type Cell, type CellOutcome, type Constraint } from '../../app/domain/statistics/suppression.ts'
import { greedySuppression } from './greedy-suppression.ts'

let solver: LpSolver
beforeAll(async () => {
  solver = await loadHighs()
})

// The finding in small: a gender × age table (persons, k = 3) like the export's, with the
// export's cell keys. One "divers" person aged 27–34 is the only small cell.
//                0-11 12-17 18-26 27-34 35-44 45-54 55-64 65+  total
const TABLE: Record<string, number[]> = {
  FEMALE: [55, 65, 38, 54, 77, 42, 74, 33], //                   438
  MALE: [22, 60, 56, 63, 54, 62, 20, 35], //                     372
  DIVERSE: [0, 3, 3, 1, 0, 0, 0, 4], //                           11
  NOT_STATED: [0, 0, 4, 3, 6, 3, 0, 0], //                        16
}
const RESIDUAL = new Set(['DIVERSE', 'NOT_STATED'])

function genderAgeTable() {
  const cells = new Map<string, Cell>()
  const constraints: Constraint[] = []
  const add = (key: string, value: number, residual: boolean) => cells.set(key, residual ? { key, value, kind: 'count', residual } : { key, value, kind: 'count' })
  for (const [gender, row] of Object.entries(TABLE)) {
    const parts = AGE_BANDS.map((band, index) => {
      add(`clients|gender=${gender}|age=${band}`, row[index]!, RESIDUAL.has(gender))
      return `clients|gender=${gender}|age=${band}`
    })
    add(`clients|gender=${gender}`, row.reduce((a, b) => a + b, 0), RESIDUAL.has(gender))
    constraints.push({ total: `clients|gender=${gender}`, parts })
  }
  AGE_BANDS.forEach((band, index) => {
    add(`clients|age=${band}`, Object.values(TABLE).reduce((sum, row) => sum + row[index]!, 0), false)
    constraints.push({ total: `clients|age=${band}`, parts: Object.keys(TABLE).map((gender) => `clients|gender=${gender}|age=${band}`) })
  })
  add('clients', Object.values(TABLE).flat().reduce((a, b) => a + b, 0), false)
  constraints.push({ total: 'clients', parts: Object.keys(TABLE).map((gender) => `clients|gender=${gender}`) })
  constraints.push({ total: 'clients', parts: AGE_BANDS.map((band) => `clients|age=${band}`) })
  return { cells, constraints }
}

const withStatus = (outcomes: Map<string, CellOutcome>, status: string) => new Set([...outcomes].filter(([, outcome]) => outcome.status === status).map(([key]) => key))

describe('greedy before, cost-optimal after: the "weiblich" row (issue 15, docs/statistics.md S3)', () => {
  test('greedy blanks women’s and men’s cells for one "divers" person; the cost-optimal method hides three small residual cells and no cell of a large row', () => {
    const { cells, constraints } = genderAgeTable()
    const primary = 'clients|gender=DIVERSE|age=27-34'

    const before = greedySuppression(cells, constraints, 3)
    expect(withStatus(before, 'primary')).toEqual(new Set([primary]))
    // Its partner in the column is the smallest published part (not stated, 3); that breaks the
    // not-stated row, whose smallest part breaks another column, and so on through both large rows.
    expect(withStatus(before, 'secondary')).toEqual(
      new Set([
        'clients|gender=NOT_STATED|age=27-34',
        'clients|gender=NOT_STATED|age=45-54',
        'clients|gender=FEMALE|age=45-54',
        'clients|gender=FEMALE|age=55-64',
        'clients|gender=FEMALE|age=65+',
        'clients|gender=MALE|age=12-17',
        'clients|gender=MALE|age=55-64',
        'clients|gender=DIVERSE|age=12-17',
        'clients|gender=DIVERSE|age=65+',
      ]),
    )
    expect([...withStatus(before, 'secondary')].filter((key) => key.includes('FEMALE')).map((key) => cells.get(key)!.value)).toEqual([42, 74, 33])

    const after = applySuppression(cells, constraints, { k: 3, method: 'suppress' }, solver)
    expect(withStatus(after, 'primary')).toEqual(new Set([primary]))
    // A rectangle of small residual cells: divers and not stated, 18–26 and 27–34. The divers 1
    // can be as large as 3 in its row (3 + 1 = 4, the other ≥ 1) and in its column (1 + 3 = 4).
    expect(withStatus(after, 'secondary')).toEqual(new Set(['clients|gender=DIVERSE|age=18-26', 'clients|gender=NOT_STATED|age=18-26', 'clients|gender=NOT_STATED|age=27-34']))
    for (const gender of ['FEMALE', 'MALE']) {
      for (const band of AGE_BANDS) expect(after.get(`clients|gender=${gender}|age=${band}`)).toEqual({ value: TABLE[gender]![AGE_BANDS.indexOf(band)], status: 'published' })
      expect(after.get(`clients|gender=${gender}`)!.status).toBe('published')
    }
    expect(auditSuppression(cells, constraints, after, 3, solver)).toEqual({ recomputed: [], narrowed: [] })
    // Both protect against exact recomputation; the greedy pattern hides 229 persons of the large
    // rows (and 9 cells), the cost-optimal one 10 persons (3 cells) — and no fewer cells are possible.
    expect(auditSuppression(cells, constraints, before, 3, solver).recomputed).toEqual([])
    expect(leastSecondaryWeight(solver, cells, constraints, 3, () => 1)!.weight).toBe(3)
  })
})
