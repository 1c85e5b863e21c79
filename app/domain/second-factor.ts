// Second factor (PRODUCT.md §9, decision 024): who must have one, and the shape of recovery codes.
// Pure rules; the secrets and their checks live in app/models/second-factor.server.ts.
import { type Role } from './codes.ts'

export const SECOND_FACTOR_SETTING_KEY = 'security.secondFactor'
/**
 * ALL: everyone (the default — counsellors see cases, and administrators and team leads always need
 * one). PRIVILEGED: only administrators and team leads; counsellors may still set one up.
 */
export const SECOND_FACTOR_POLICIES = ['ALL', 'PRIVILEGED'] as const
export type SecondFactorPolicy = (typeof SECOND_FACTOR_POLICIES)[number]

export function parseSecondFactorPolicy(value: string | null | undefined): SecondFactorPolicy {
  return value === 'PRIVILEGED' ? 'PRIVILEGED' : 'ALL'
}

export function isSecondFactorRequired(role: Role, policy: SecondFactorPolicy) {
  return role === 'ADMIN' || role === 'TEAM_LEAD' || policy === 'ALL'
}

export const RECOVERY_CODE_COUNT = 10
const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ'
/** 16 symbols of 5 bits: 80 random bits per code, shown as XXXX-XXXX-XXXX-XXXX. */
const RECOVERY_CODE_SYMBOLS = 16

export function formatRecoveryCode(random: Uint8Array) {
  if (random.length < RECOVERY_CODE_SYMBOLS) throw new Error('not enough random bytes')
  const symbols = [...random.subarray(0, RECOVERY_CODE_SYMBOLS)].map((byte) => CROCKFORD[byte & 31]).join('')
  return symbols.replace(/(.{4})(?!$)/g, '$1-')
}

/**
 * What people type, in the form the hash was taken of: case and separators do not matter, and the
 * letters Crockford's alphabet leaves out are read as the digits they look like (O → 0, I and L → 1).
 */
export function normaliseRecoveryCode(input: string) {
  const symbols = input
    .toUpperCase()
    .replace(/[\s-]/g, '')
    .replace(/O/g, '0')
    .replace(/[IL]/g, '1')
  return new RegExp(`^[${CROCKFORD}]{${RECOVERY_CODE_SYMBOLS}}$`).test(symbols) ? symbols : null
}
