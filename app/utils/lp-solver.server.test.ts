// publishWithSolver (decision 127): HiGHS only for a publication that needs it, not kept afterwards,
// with the same result as the instance kept for the whole process.
import { describe, expect, test, vi } from 'vitest'
import {
  applySuppression,
  type Cell,
  type CellOutcome,
  type Constraint,
} from '#app/domain/statistics/suppression.ts'
import { forgetRememberedPatterns, type LpSolver } from '#app/domain/statistics/optimal-suppression.ts'
import { getLpSolver, publishWithSolver } from './lp-solver.server.ts'

const count = (key: string, value: number): Cell => ({ key, value, kind: 'count' })

// One table that needs secondary suppression: five small languages (k = 3) and a large one, with
// their total; the small ones alone would be pinned, so the solver has to choose a partner.
const languages: Record<string, number> = { l1: 1, l2: 1, l3: 1, l4: 1, l5: 2, big: 40, other: 7 }
const cells = new Map(
  [...Object.entries(languages).map(([key, value]) => count(key, value)), count('total', 53)].map((cell) => [
    cell.key,
    cell,
  ]),
)
const constraints: Constraint[] = [{ total: 'total', parts: Object.keys(languages) }]
// A table with nothing to protect: no cell below k.
const safe = new Map([count('a', 10), count('b', 12), count('sum', 22)].map((cell) => [cell.key, cell]))
const safeConstraints: Constraint[] = [{ total: 'sum', parts: ['a', 'b'] }]

const outcomes = (result: Map<string, CellOutcome>) =>
  Object.fromEntries([...result].map(([key, outcome]) => [key, outcome]))

describe('publishWithSolver (decision 127)', () => {
  test('a publication that needs the solver gets a loaded HiGHS and the same outcome as the kept instance', async () => {
    forgetRememberedPatterns()
    const expected = outcomes(
      applySuppression(cells, constraints, { k: 3, method: 'suppress' }, await getLpSolver()),
    )
    expect(
      Object.values(expected).filter((outcome) => outcome.status === 'secondary').length,
    ).toBeGreaterThan(0)

    forgetRememberedPatterns()
    const given: LpSolver[] = []
    const result = await publishWithSolver((solver) => {
      given.push(solver)
      return outcomes(applySuppression(cells, constraints, { k: 3, method: 'suppress' }, solver))
    })
    expect(result).toStrictEqual(expected)
    // First with the stand-in (it threw at the first group not remembered), then with HiGHS.
    expect(given).toHaveLength(2)
    expect(() => given[0]!.infinity).toThrow('The publication needs the solver')
    expect(given[1]!.infinity).toBeGreaterThan(1e20)
    expect(given[1]).not.toBe(await getLpSolver())
  })

  test('a publication whose first group is remembered and a later one is not: the stand-in stops at the later one, the rerun equals the kept instance', async () => {
    // A second group of the same shape under other keys and values.
    const other: Record<string, number> = { m1: 2, m2: 1, m3: 1, m4: 2, m5: 1, large: 30, rest: 5 }
    const both = new Map([
      ...cells,
      ...[...Object.entries(other).map(([key, value]) => count(key, value)), count('total2', 42)].map(
        (cell) => [cell.key, cell] as const,
      ),
    ])
    const bothConstraints: Constraint[] = [...constraints, { total: 'total2', parts: Object.keys(other) }]
    forgetRememberedPatterns()
    const expected = outcomes(applySuppression(both, bothConstraints, { k: 3, method: 'suppress' }, await getLpSolver()))
    // the second group has cells to protect, so its pattern needs the solver
    expect(Object.keys(other).some((key) => expected[key]!.status === 'primary')).toBe(true)

    forgetRememberedPatterns()
    // the first group only: remembered afterwards
    await publishWithSolver((solver) => applySuppression(cells, constraints, { k: 3, method: 'suppress' }, solver))
    const given: LpSolver[] = []
    const result = await publishWithSolver((solver) => {
      given.push(solver)
      return outcomes(applySuppression(both, bothConstraints, { k: 3, method: 'suppress' }, solver))
    })
    expect(given).toHaveLength(2)
    expect(() => given[0]!.infinity).toThrow('The publication needs the solver')
    expect(result).toStrictEqual(expected)
  })

  test('an asynchronous publication is refused instead of escaping the retry', async () => {
    await expect(publishWithSolver(async (solver) => solver.infinity)).rejects.toThrow('must be synchronous')
  })

  test('a publication whose groups are remembered, or that has none, runs once and loads nothing', async () => {
    forgetRememberedPatterns()
    const first = await publishWithSolver((solver) =>
      outcomes(applySuppression(cells, constraints, { k: 3, method: 'suppress' }, solver)),
    )
    for (const [table, equations, expected] of [
      [cells, constraints, first],
      [
        safe,
        safeConstraints,
        outcomes(applySuppression(safe, safeConstraints, { k: 3, method: 'suppress' }, {} as LpSolver)),
      ],
    ] as const) {
      let runs = 0
      const result = await publishWithSolver((solver) => {
        runs += 1
        expect(() => solver.infinity).toThrow('The publication needs the solver')
        return outcomes(applySuppression(table, equations, { k: 3, method: 'suppress' }, solver))
      })
      expect(result).toStrictEqual(expected)
      expect(runs).toBe(1)
    }
  })

  test('each publication that needs the solver loads its own instance; publications waiting at once share one', async () => {
    const needing = () => {
      const given: LpSolver[] = []
      const done = publishWithSolver((solver) => {
        given.push(solver)
        if (given.length === 1) void solver.infinity // the stand-in throws: load HiGHS
        return solver
      })
      return done
    }
    const [a, b] = await Promise.all([needing(), needing()])
    expect(a).toBe(b)
    const c = await needing()
    expect(c).not.toBe(a)
    expect(typeof c.createModel).toBe('function')
  })

  test("the publication's own errors reach the caller, from either run", async () => {
    await expect(
      publishWithSolver(() => {
        throw new RangeError('not the solver')
      }),
    ).rejects.toThrow(RangeError)
    let runs = 0
    await expect(
      publishWithSolver((solver) => {
        runs += 1
        void solver.infinity
        throw new TypeError('after the solver was loaded')
      }),
    ).rejects.toThrow(TypeError)
    expect(runs).toBe(2)
  })

  test('HiGHS is instantiated from the file as read, not from a copy of it (the memory of the first statistics request)', async () => {
    const instantiate = vi.spyOn(WebAssembly, 'instantiate')
    try {
      const solver = await publishWithSolver((given) => {
        void given.infinity // the stand-in throws: load HiGHS
        return given
      })
      expect(typeof solver.createModel).toBe('function')
      expect(instantiate).toHaveBeenCalledTimes(1)
      // the Buffer fs read, not the Uint8Array the loader copies it into when it reads the file itself
      expect(Buffer.isBuffer(instantiate.mock.calls[0]![0])).toBe(true)
    } finally {
      instantiate.mockRestore()
    }
  })

  test('a HiGHS that cannot be instantiated fails the publication instead of leaving it waiting', async () => {
    const instantiate = vi
      .spyOn(WebAssembly, 'instantiate')
      .mockRejectedValueOnce(new WebAssembly.CompileError('broken module'))
    try {
      await expect(
        publishWithSolver((solver) => {
          void solver.infinity
          return solver
        }),
      ).rejects.toThrow('broken module')
    } finally {
      instantiate.mockRestore()
    }
    // the next publication loads again
    const solver = await publishWithSolver((given) => {
      void given.infinity
      return given
    })
    expect(typeof solver.createModel).toBe('function')
  })
})
