import { afterEach, describe, expect, test, vi } from 'vitest'
import { hotp, totpAt } from '#tests/totp-reference.ts'
import { base32, currentTotpCode, groupedSecret, matchingTotpStep, newTotpSecret, totpAuthUri, totpStep } from './totp.server.ts'

afterEach(() => vi.useRealTimers())

describe('TOTP', () => {
  test('the reference implementation meets the RFC 6238 test vectors (SHA-1)', () => {
    const key = Buffer.from('12345678901234567890')
    for (const [seconds, code] of [
      [59, '94287082'],
      [1111111109, '07081804'],
      [1111111111, '14050471'],
      [1234567890, '89005924'],
      [2000000000, '69279037'],
      [20000000000, '65353130'],
    ] as const) {
      expect(hotp(key, Math.floor(seconds / 30), 8)).toBe(code)
    }
  })

  test('base32 matches RFC 4648 and secrets carry 160 bits', () => {
    expect(base32(Buffer.from('foobar'))).toBe('MZXW6YTBOI')
    expect(base32(Buffer.from('12345678901234567890'))).toBe('GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ')
    const secret = newTotpSecret()
    expect(secret).toMatch(/^[A-Z2-7]{32}$/)
    expect(newTotpSecret()).not.toBe(secret)
    expect(groupedSecret('ABCDEFGHIJ')).toBe('ABCD EFGH IJ')
  })

  test('the library agrees with the reference; a code is accepted one step before and after, and names its step', async () => {
    vi.useFakeTimers({ toFake: ['Date'] })
    vi.setSystemTime(new Date('2026-03-01T10:00:10Z'))
    const secret = newTotpSecret()
    const now = totpStep()
    expect(await currentTotpCode(secret)).toBe(totpAt(secret, now))
    expect(await matchingTotpStep(secret, totpAt(secret, now))).toBe(now)
    expect(await matchingTotpStep(secret, totpAt(secret, now - 1))).toBe(now - 1)
    expect(await matchingTotpStep(secret, totpAt(secret, now + 1))).toBe(now + 1)
    expect(await matchingTotpStep(secret, ` ${totpAt(secret, now).slice(0, 3)} ${totpAt(secret, now).slice(3)} `)).toBe(now)
    // expired: two steps old
    expect(await matchingTotpStep(secret, totpAt(secret, now - 2))).toBeNull()
    for (const wrong of ['', '12345', '1234567', 'abcdef', '١٢٣٤٥٦']) expect(await matchingTotpStep(secret, wrong)).toBeNull()
  })

  test('the otpauth URI names issuer, account and parameters', () => {
    const uri = totpAuthUri({ secret: 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ', accountName: 'bea@example.org', issuer: 'Wegbegleiter' })
    expect(uri).toBe('otpauth://totp/Wegbegleiter:bea%40example.org?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=Wegbegleiter&algorithm=SHA1&digits=6&period=30')
  })
})
