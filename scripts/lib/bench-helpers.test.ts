import { describe, expect, it } from 'vitest'
import { quantile, roundOrder } from './bench-helpers.ts'
import { mulberry32 } from './random.ts'

describe('roundOrder (decision 243)', () => {
  it('asks every page exactly once per round', () => {
    const next = mulberry32(1)
    for (let round = 0; round < 200; round += 1) {
      const order = roundOrder(28, next)
      expect([...order].sort((a, b) => a - b)).toEqual(Array.from({ length: 28 }, (_, index) => index))
    }
  })

  it('gives the same orders for the same seed and other orders for another', () => {
    const draw = (seed: number) => {
      const next = mulberry32(seed)
      return Array.from({ length: 5 }, () => roundOrder(28, next).join(','))
    }
    expect(draw(1)).toEqual(draw(1))
    expect(draw(2)).not.toEqual(draw(1))
  })

  it('puts no page at the same place of every round', () => {
    // 28 pages, 2,800 rounds: each page should sit at each place ≈ 100 times. Under a uniform draw a
    // count stays within 100 ± 45 (more than 4.5 standard deviations) for all 784 cells; a fixed order
    // gives 2,800 and 0.
    const pages = 28
    const rounds = 2800
    const counts = Array.from({ length: pages }, () => new Array<number>(pages).fill(0))
    const next = mulberry32(7)
    for (let round = 0; round < rounds; round += 1)
      roundOrder(pages, next).forEach((page, place) => (counts[page]![place]! += 1))
    const all = counts.flat()
    expect(Math.min(...all)).toBeGreaterThan(55)
    expect(Math.max(...all)).toBeLessThan(145)
    // and consecutive rounds differ
    const again = mulberry32(7)
    expect(roundOrder(pages, again)).not.toEqual(roundOrder(pages, again))
  })

  it('handles one page and none', () => {
    expect(roundOrder(1, mulberry32(1))).toEqual([0])
    expect(roundOrder(0, mulberry32(1))).toEqual([])
  })
})

describe('quantile', () => {
  it('takes the middle of an even count', () => {
    expect(quantile([1, 2, 3, 4], 0.5)).toBe(2.5)
  })
})
