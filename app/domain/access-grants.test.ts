import { describe, expect, test } from 'vitest'
import { accessNoticesFor, reachesCases } from './access-grants.ts'
import { formatSetCode, normaliseSetCode } from './password-set-code.ts'

describe('which account changes are told to whom (decision 018)', () => {
  test.each([
    [{ kind: 'created', role: 'COUNSELLOR', teamId: 'a' }, [{ kind: 'ACCOUNT_CREATED', teamIds: ['a'] }]],
    [{ kind: 'created', role: 'TEAM_LEAD', teamId: 'a' }, [{ kind: 'ACCOUNT_CREATED', teamIds: ['a'] }]],
    // an administrator reaches no case: only the person is told
    [{ kind: 'created', role: 'ADMIN', teamId: 'a' }, [{ kind: 'ACCOUNT_CREATED', teamIds: [] }]],
    [{ kind: 'password-reset', role: 'ADMIN', teamId: 'a' }, [{ kind: 'PASSWORD_RESET', teamIds: ['a'] }]],
    // whoever signs in next with the password sets up a new second factor: like a password reset
    [{ kind: 'second-factor-reset', role: 'COUNSELLOR', teamId: 'a' }, [{ kind: 'SECOND_FACTOR_RESET', teamIds: ['a'] }]],
    [{ kind: 'updated', before: { role: 'COUNSELLOR', teamId: 'a' }, after: { role: 'TEAM_LEAD', teamId: 'a' } }, [{ kind: 'ROLE_GRANTED', teamIds: ['a'] }]],
    [{ kind: 'updated', before: { role: 'ADMIN', teamId: 'a' }, after: { role: 'COUNSELLOR', teamId: 'a' } }, [{ kind: 'ROLE_GRANTED', teamIds: ['a'] }]],
    // less access is no grant
    [{ kind: 'updated', before: { role: 'TEAM_LEAD', teamId: 'a' }, after: { role: 'COUNSELLOR', teamId: 'a' } }, []],
    [{ kind: 'updated', before: { role: 'COUNSELLOR', teamId: 'a' }, after: { role: 'ADMIN', teamId: 'a' } }, []],
    [{ kind: 'updated', before: { role: 'COUNSELLOR', teamId: 'a' }, after: { role: 'COUNSELLOR', teamId: 'b' } }, [{ kind: 'TEAM_CHANGED', teamIds: ['a', 'b'] }]],
    [
      { kind: 'updated', before: { role: 'COUNSELLOR', teamId: 'a' }, after: { role: 'TEAM_LEAD', teamId: 'b' } },
      [
        { kind: 'ROLE_GRANTED', teamIds: ['b'] },
        { kind: 'TEAM_CHANGED', teamIds: ['a', 'b'] },
      ],
    ],
    [{ kind: 'updated', before: { role: 'COUNSELLOR', teamId: 'a' }, after: { role: 'COUNSELLOR', teamId: 'a' } }, []],
  ] as const)('%j → %j', (change, expected) => {
    expect(accessNoticesFor(change)).toEqual(expected)
  })

  test('only administrators reach no cases', () => {
    expect([reachesCases('ADMIN'), reachesCases('COUNSELLOR'), reachesCases('TEAM_LEAD')]).toEqual([false, true, true])
  })
})

describe('one-time set-password codes', () => {
  test('20 symbols in groups of five from the unambiguous alphabet', () => {
    const code = formatSetCode(Uint8Array.from({ length: 20 }, (_, index) => index * 13))
    expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{5}(-[0-9A-HJKMNP-TV-Z]{5}){3}$/)
    expect(() => formatSetCode(new Uint8Array(19))).toThrow()
  })

  test('typed codes are read the way Crockford intends', () => {
    const code = formatSetCode(Uint8Array.from({ length: 20 }, (_, index) => index * 7))
    const canonical = code.replace(/-/g, '')
    expect(normaliseSetCode(code)).toBe(canonical)
    expect(normaliseSetCode(` ${code.toLowerCase().replace(/-/g, ' ')} `)).toBe(canonical)
    expect(normaliseSetCode('0000O-11111-IIIII-LLLLL')).toBe('00000111111111111111')
    expect(normaliseSetCode('ABCDE-FGHJK')).toBeNull()
    expect(normaliseSetCode('UUUUU-UUUUU-UUUUU-UUUUU')).toBeNull()
    expect(normaliseSetCode('')).toBeNull()
  })
})
