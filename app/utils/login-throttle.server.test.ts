import { describe, expect, test } from 'vitest'
import { reserveIpAttempt } from './login-throttle.server.ts'

const MINUTE = 60 * 1000

describe('reserveIpAttempt', () => {
  test('hands out exactly `limit` slots before the attempts have finished', () => {
    const now = Date.now()
    const slots = Array.from({ length: 8 }, () => reserveIpAttempt('192.0.2.1', 5, now))
    expect(slots.filter(Boolean)).toHaveLength(5)
    expect(slots.slice(5)).toEqual([null, null, null])
  })

  test('a success gives its slot back once, failures before it stay counted', () => {
    const now = Date.now()
    const failures = [reserveIpAttempt('192.0.2.2', 3, now), reserveIpAttempt('192.0.2.2', 3, now)]
    expect(failures.every(Boolean)).toBe(true)
    const success = reserveIpAttempt('192.0.2.2', 3, now)!
    expect(reserveIpAttempt('192.0.2.2', 3, now)).toBeNull()
    success.release()
    success.release()
    const next = reserveIpAttempt('192.0.2.2', 3, now)
    expect(next).not.toBeNull()
    expect(reserveIpAttempt('192.0.2.2', 3, now)).toBeNull()
  })

  test('the window passes after 15 minutes; a slot of the old window does not touch the new one', () => {
    const start = Date.now()
    const old = reserveIpAttempt('192.0.2.3', 1, start)!
    expect(reserveIpAttempt('192.0.2.3', 1, start + 14 * MINUTE)).toBeNull()
    expect(reserveIpAttempt('192.0.2.3', 1, start + 16 * MINUTE)).not.toBeNull()
    old.release()
    expect(reserveIpAttempt('192.0.2.3', 1, start + 16 * MINUTE)).toBeNull()
  })

  test('addresses are counted apart', () => {
    const now = Date.now()
    expect(reserveIpAttempt('192.0.2.4', 1, now)).not.toBeNull()
    expect(reserveIpAttempt('192.0.2.5', 1, now)).not.toBeNull()
    expect(reserveIpAttempt('192.0.2.4', 1, now)).toBeNull()
  })
})
