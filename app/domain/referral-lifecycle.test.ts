import { describe, expect, test } from 'vitest'
import { REFERRAL_STATUSES } from './codes.ts'
import {
  allowedTransitions,
  canTransition,
  dateFromInput,
  dayKey,
  daysBetween,
  isOverThreshold,
  planTransition,
  REFERRAL_TRANSITIONS,
  stepNeedsConsent,
  stepsWithoutConsent,
  waitingTimes,
} from './referral-lifecycle.ts'

const d = (iso: string) => new Date(iso)
const base = { sentAt: d('2026-03-02T09:00:00Z'), clearingAt: null, admittedAt: null, closedAt: null }

describe('referral lifecycle', () => {
  test('every status has an entry and only known targets', () => {
    for (const status of REFERRAL_STATUSES) {
      for (const target of REFERRAL_TRANSITIONS[status]) expect(REFERRAL_STATUSES).toContain(target)
    }
  })

  test.each([
    ['INQUIRY', 'REGISTERED'],
    ['REGISTERED', 'CLEARING_APPOINTMENT'],
    ['CLEARING_APPOINTMENT', 'CLEARING_DONE'],
    ['CLEARING_DONE', 'ADMITTED'],
    ['ADMITTED', 'COMPLETED'],
    ['REGISTERED', 'WAITING_LIST'],
    ['CLEARING_APPOINTMENT', 'WAITING_LIST'],
    ['CLEARING_DONE', 'WAITING_LIST'],
    ['WAITING_LIST', 'CLEARING_APPOINTMENT'],
    ['WAITING_LIST', 'ADMITTED'],
    ['CLEARING_APPOINTMENT', 'NO_SHOW'],
    ['NO_SHOW', 'CLEARING_APPOINTMENT'],
    ['INQUIRY', 'DECLINED'],
    ['ADMITTED', 'CANCELLED'],
  ])('%s → %s is allowed', (from, to) => {
    expect(canTransition(from, to)).toBe(true)
  })

  test.each([
    ['INQUIRY', 'ADMITTED'],
    ['INQUIRY', 'WAITING_LIST'],
    ['REGISTERED', 'COMPLETED'],
    ['ADMITTED', 'WAITING_LIST'],
    ['ADMITTED', 'DECLINED'],
    ['WAITING_LIST', 'COMPLETED'],
    ['COMPLETED', 'INQUIRY'],
    ['CANCELLED', 'REGISTERED'],
    ['DECLINED', 'REGISTERED'],
    ['REGISTERED', 'REGISTERED'],
    ['UNKNOWN', 'REGISTERED'],
  ])('%s → %s is refused', (from, to) => {
    expect(canTransition(from, to)).toBe(false)
  })

  test('final statuses have no way out', () => {
    expect(allowedTransitions('COMPLETED')).toEqual([])
    expect(allowedTransitions('DECLINED')).toEqual([])
    expect(allowedTransitions('CANCELLED')).toEqual([])
  })

  test('an illegal step, a date before the previous step and a future date are refused', () => {
    const now = d('2026-03-20T10:00:00Z')
    expect(
      planTransition({ ...base, status: 'INQUIRY' }, 'ADMITTED', now, { previousAt: base.sentAt, now }),
    ).toEqual({ ok: false, error: 'illegal' })
    expect(
      planTransition({ ...base, status: 'INQUIRY' }, 'REGISTERED', d('2026-03-01T12:00:00Z'), {
        previousAt: base.sentAt,
        now,
      }),
    ).toEqual({
      ok: false,
      error: 'beforePrevious',
    })
    expect(
      planTransition({ ...base, status: 'INQUIRY' }, 'REGISTERED', d('2026-03-21T12:00:00Z'), {
        previousAt: base.sentAt,
        now,
      }),
    ).toEqual({
      ok: false,
      error: 'inFuture',
    })
    // The same day as the previous step is fine.
    expect(
      planTransition({ ...base, status: 'INQUIRY' }, 'REGISTERED', d('2026-03-02T07:00:00Z'), {
        previousAt: base.sentAt,
        now,
      }).ok,
    ).toBe(true)
  })

  test('clearing and admission dates are set once; closing sets closedAt', () => {
    const now = d('2026-04-30T10:00:00Z')
    const clearing = planTransition(
      { ...base, status: 'CLEARING_APPOINTMENT' },
      'CLEARING_DONE',
      d('2026-03-16T12:00:00Z'),
      { previousAt: base.sentAt, now },
    )
    expect(clearing).toEqual({ ok: true, dates: { clearingAt: d('2026-03-16T12:00:00Z') } })
    const again = planTransition(
      { ...base, clearingAt: d('2026-03-16T12:00:00Z'), status: 'WAITING_LIST' },
      'ADMITTED',
      d('2026-04-01T12:00:00Z'),
      { previousAt: d('2026-03-20T12:00:00Z'), now },
    )
    expect(again).toEqual({ ok: true, dates: { admittedAt: d('2026-04-01T12:00:00Z') } })
    const direct = planTransition(
      { ...base, status: 'WAITING_LIST' },
      'ADMITTED',
      d('2026-04-01T12:00:00Z'),
      { previousAt: base.sentAt, now },
    )
    expect(direct).toEqual({
      ok: true,
      dates: { admittedAt: d('2026-04-01T12:00:00Z'), clearingAt: d('2026-04-01T12:00:00Z') },
    })
    const done = planTransition({ ...base, status: 'ADMITTED' }, 'COMPLETED', d('2026-04-20T12:00:00Z'), {
      previousAt: base.sentAt,
      now,
    })
    expect(done).toEqual({ ok: true, dates: { closedAt: d('2026-04-20T12:00:00Z') } })
    const rebooked = planTransition(
      { ...base, closedAt: d('2026-03-10T12:00:00Z'), status: 'NO_SHOW' },
      'CLEARING_APPOINTMENT',
      d('2026-03-12T12:00:00Z'),
      {
        previousAt: d('2026-03-10T12:00:00Z'),
        now,
      },
    )
    expect(rebooked).toEqual({ ok: true, dates: { closedAt: null } })
  })

  test('waiting times in whole local days; the threshold counts only while waiting', () => {
    const now = d('2026-04-05T10:00:00Z')
    const referral = {
      ...base,
      clearingAt: d('2026-03-16T12:00:00Z'),
      admittedAt: d('2026-04-01T12:00:00Z'),
      status: 'ADMITTED',
    }
    expect(waitingTimes(referral, now)).toEqual({ toClearing: 14, toAdmission: 30, waitingSoFar: null })
    expect(isOverThreshold(referral, 7, now)).toBe(false)
    const waiting = { ...base, status: 'WAITING_LIST' }
    expect(waitingTimes(waiting, now).waitingSoFar).toBe(34)
    expect(isOverThreshold(waiting, 28, now)).toBe(true)
    expect(isOverThreshold(waiting, 34, now)).toBe(false)
    // 23:30 UTC on 31 March is already 1 April in Germany.
    expect(daysBetween(d('2026-03-31T12:00:00Z'), d('2026-03-31T23:30:00Z'))).toBe(1)
  })

  test('a typed date is today (now) or noon of that day', () => {
    const now = d('2026-03-20T10:00:00Z')
    expect(dateFromInput('2026-03-20', now)).toBe(now)
    expect(dateFromInput('2026-03-18', now).toISOString()).toBe('2026-03-18T12:00:00.000Z')
  })
})

describe('consent on every step (decision 016)', () => {
  test('the steps in which a referral goes on need consent; the inquiry and the steps that end it do not', () => {
    expect(REFERRAL_STATUSES.filter(stepNeedsConsent).sort()).toEqual(['ADMITTED', 'CLEARING_APPOINTMENT', 'CLEARING_DONE', 'REGISTERED', 'WAITING_LIST'])
  })

  test('without a valid consent only the closing steps remain', () => {
    expect(stepsWithoutConsent('INQUIRY')).toEqual(['DECLINED', 'CANCELLED'])
    expect(stepsWithoutConsent('CLEARING_APPOINTMENT')).toEqual(['NO_SHOW', 'DECLINED', 'CANCELLED'])
    expect(stepsWithoutConsent('ADMITTED')).toEqual(['COMPLETED', 'CANCELLED'])
    expect(stepsWithoutConsent('NO_SHOW')).toEqual([])
    expect(stepsWithoutConsent('COMPLETED')).toEqual([])
  })
})

describe('dayKey: the German calendar day of an instant', () => {
  const berlin = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Berlin', year: 'numeric', month: '2-digit', day: '2-digit' })
  const HOUR = 3_600_000

  test('the day of each UTC hour is remembered: equal to a fresh Intl answer at every minute around midnight and the clock changes', () => {
    // Every instant that shares a UTC hour with one asked before is answered from the memo: ask the
    // hour's first minute, then every other minute of that hour, around German midnight (22:00 and
    // 23:00 UTC) and the changes to and from summer time, in 1945 and 1947 (to and from +3), 1980,
    // 2026 and 2037.
    const hours: number[] = []
    for (const [year, month, day] of [[1945, 4, 23], [1945, 8, 23], [1947, 4, 10], [1947, 5, 28], [1980, 3, 6], [1980, 8, 28], [2026, 2, 29], [2026, 9, 25], [2037, 2, 29]] as const)
      for (let hour = -3; hour < 27; hour++) hours.push(Date.UTC(year, month, day, hour))
    for (const start of hours)
      for (let minute = 0; minute < 60; minute += 7) {
        const instant = new Date(start + minute * 60_000 + (minute % 3) * 1_013)
        expect(dayKey(instant), instant.toISOString()).toBe(berlin.format(instant))
      }
  })

  test('random instants from 1850 to 2100 (before 1894 without the memo: Germany had no whole-hour offset yet)', () => {
    let state = 19
    const next = () => ((state = (state * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31)
    const from = Date.UTC(1850, 0, 1)
    const to = Date.UTC(2100, 0, 1)
    for (let i = 0; i < 20_000; i++) {
      const instant = new Date(from + next() * (to - from))
      expect(dayKey(instant)).toBe(berlin.format(instant))
      // and another instant of the same UTC hour, now answered from the memo
      const sameHour = new Date(Math.floor(instant.getTime() / HOUR) * HOUR + Math.floor(next() * HOUR))
      expect(dayKey(sameHour)).toBe(berlin.format(sameHour))
    }
    expect(dayKey(new Date(Date.UTC(1893, 2, 31, 23, 30)))).toBe(berlin.format(new Date(Date.UTC(1893, 2, 31, 23, 30))))
    expect(() => dayKey(new Date(Number.NaN))).toThrow(RangeError)
  })

  test('daysBetween: the days between the two German calendar days (fresh Intl answers), never negative — random pairs 1850–2100, pairs around midnight and the clock changes, the same day', () => {
    // independent of the memo: both days asked of Intl, counted with Date.UTC
    const expected = (from: Date, to: Date) => {
      const utcDay = (date: Date) => {
        const [year, month, day] = berlin.format(date).split('-').map(Number) as [number, number, number]
        return Date.UTC(year, month - 1, day) / 86_400_000
      }
      return Math.max(0, utcDay(to) - utcDay(from))
    }
    let state = 180
    const next = () => ((state = (state * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31)
    const from = Date.UTC(1850, 0, 1)
    const to = Date.UTC(2100, 0, 1)
    const differences: string[] = []
    const check = (a: Date, b: Date) => {
      for (const [x, y] of [[a, b], [b, a], [a, a]] as const)
        if (daysBetween(x, y) !== expected(x, y)) differences.push(`${x.toISOString()} → ${y.toISOString()}: ${daysBetween(x, y)}, expected ${expected(x, y)}`)
    }
    for (let i = 0; i < 10_000; i++) {
      const a = new Date(from + next() * (to - from))
      check(a, new Date(from + next() * (to - from)))
      // a few days later, at any hour
      check(a, new Date(a.getTime() + Math.floor(next() * 40 * 24) * HOUR + Math.floor(next() * HOUR)))
    }
    for (const change of ['1945-04-02T01:00:00Z', '1947-05-11T00:00:00Z', '1980-04-06T01:00:00Z', '2026-03-29T01:00:00Z', '2026-10-25T01:00:00Z', '2037-10-25T01:00:00Z'])
      for (let minute = -26 * 60; minute <= 26 * 60; minute += 13) {
        const at = new Date(Date.parse(change) + minute * 60_000)
        check(at, new Date(Date.parse(change)))
        check(at, new Date(Date.parse(change) + 3 * 24 * HOUR))
      }
    expect(differences.slice(0, 10), `${differences.length} differences`).toEqual([])
    expect(daysBetween(new Date('2026-03-31T21:59:59Z'), new Date('2026-03-31T22:00:00Z'))).toBe(1)
    expect(daysBetween(new Date('2026-04-05T10:00:00Z'), new Date('2026-03-01T10:00:00Z'))).toBe(0)
    expect(() => daysBetween(new Date(Number.NaN), new Date())).toThrow(RangeError)
  })
})
