// A small seeded random source for the data generator: the same seed gives the same data on every
// machine, which Math.random cannot promise.

/** mulberry32: 32-bit state, fast, good enough for synthetic distributions (not for secrets). */
export function mulberry32(seed: number) {
  let state = seed >>> 0
  return function next() {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

export type Weighted<T> = readonly (readonly [T, number])[]

/** A weighted table prepared once, drawn from many times. */
export class WeightedTable<T> {
  private readonly values: T[]
  private readonly cumulative: number[]
  private readonly total: number
  constructor(entries: Weighted<T>) {
    this.values = entries.map(([value]) => value)
    let sum = 0
    this.cumulative = entries.map(([, weight]) => (sum += weight))
    this.total = sum
    if (this.values.length === 0 || sum <= 0)
      throw new Error('A weighted table needs at least one positive weight')
  }
  draw(random: () => number): T {
    const target = random() * this.total
    const { cumulative } = this
    let low = 0
    let high = cumulative.length - 1
    while (low < high) {
      const middle = (low + high) >> 1
      if (cumulative[middle]! > target) high = middle
      else low = middle + 1
    }
    return this.values[low]!
  }
}

export class Random {
  readonly next: () => number
  constructor(seed: number) {
    this.next = mulberry32(seed)
  }
  /** Integer in [min, max], both included. */
  int(min: number, max: number) {
    return min + Math.floor(this.next() * (max - min + 1))
  }
  chance(probability: number) {
    return this.next() < probability
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!
  }
  weighted<T>(table: WeightedTable<T>): T {
    return table.draw(this.next)
  }
  /** Roughly normal (Irwin–Hall of 4), cheap and bounded: mean ± 2·spread at most. */
  normal(mean: number, spread: number) {
    const sum = this.next() + this.next() + this.next() + this.next()
    return mean + (sum - 2) * spread * Math.sqrt(3)
  }
  /** Geometric count ≥ 0 with the given mean. */
  geometric(mean: number) {
    if (mean <= 0) return 0
    const p = 1 / (1 + mean)
    return Math.floor(Math.log(1 - this.next()) / Math.log(1 - p))
  }
  /** Up to `count` distinct items drawn from a weighted table (fewer if the draws keep repeating). */
  distinct<T>(table: WeightedTable<T>, count: number): T[] {
    const chosen: T[] = []
    for (let attempt = 0; chosen.length < count && attempt < count * 4; attempt += 1) {
      const value = table.draw(this.next)
      if (!chosen.includes(value)) chosen.push(value)
    }
    return chosen
  }
}
