import { describe, expect, test } from 'vitest'
import { DAY_MS, GERMAN_WHOLE_HOURS_FROM, HOUR_MS, rememberedPerPeriod } from './remembered-per-period.ts'

// The texts themselves are compared with Intl where they are used (dayKey, officeDay, formatDate,
// formatDay); here: when `text` is asked, and that the answer is always the one `text` gives.
function counted(text: (date: Date) => string) {
  const calls: number[] = []
  return { calls, text: (date: Date) => (calls.push(date.getTime()), text(date)) }
}

describe('rememberedPerPeriod', () => {
  test('asks once per period and gives every instant of it that answer', () => {
    const { calls, text } = counted((date) => `hour ${Math.floor(date.getTime() / HOUR_MS)}`)
    const remembered = rememberedPerPeriod(text, HOUR_MS)
    const start = Date.UTC(2026, 2, 29, 0, 0, 0)
    expect(remembered(new Date(start + 1))).toBe(`hour ${start / HOUR_MS}`)
    expect(remembered(new Date(start + HOUR_MS - 1))).toBe(`hour ${start / HOUR_MS}`)
    expect(remembered(new Date(start + HOUR_MS))).toBe(`hour ${start / HOUR_MS + 1}`)
    expect(calls).toEqual([start + 1, start + HOUR_MS])
  })

  test('asks every time before `from` and for an invalid date, which fails as `text` fails', () => {
    const { calls, text } = counted((date) => date.toISOString())
    const remembered = rememberedPerPeriod(text, HOUR_MS)
    const early = new Date(GERMAN_WHOLE_HOURS_FROM - 1)
    expect(remembered(early)).toBe(early.toISOString())
    expect(remembered(early)).toBe(early.toISOString())
    expect(calls).toHaveLength(2)
    expect(() => remembered(new Date('not a date'))).toThrow(RangeError)
    expect(() => rememberedPerPeriod(text, DAY_MS, -Infinity)(new Date(Number.NaN))).toThrow(RangeError)
  })

  test('stays exact when its memo is emptied on filling up', () => {
    const { calls, text } = counted((date) => String(Math.floor(date.getTime() / DAY_MS)))
    const remembered = rememberedPerPeriod(text, DAY_MS, -Infinity)
    const days = Array.from({ length: 10_000 }, (_, day) => (day * 7919) % 10_000)
    for (const day of days) expect(remembered(new Date(day * DAY_MS + 12 * HOUR_MS))).toBe(String(day))
    for (const day of days.slice(0, 100)) expect(remembered(new Date(day * DAY_MS))).toBe(String(day))
    expect(calls.length).toBeGreaterThanOrEqual(10_000)
    expect(calls.length).toBeLessThanOrEqual(10_100)
  })
})
