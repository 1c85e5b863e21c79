// One-time codes for setting a password (decision 018): 20 symbols of Crockford's base32 alphabet
// (100 random bits) in four groups of five, read aloud or typed by hand. Input is read the way
// Crockford intends — case, spaces and dashes do not matter, I and L are 1, O is 0 — so a code
// copied from a phone call still works.
import { CROCKFORD_ALPHABET } from './pseudonym-code.ts'

export const SET_CODE_SYMBOLS = 20
export const SET_CODE_VALID_MS = 24 * 60 * 60 * 1000

/** Formats 20 random bytes as a code (each byte chooses one of 32 symbols: 5 of its 8 bits). */
export function formatSetCode(random: Uint8Array): string {
  if (random.length !== SET_CODE_SYMBOLS) throw new Error(`a code needs ${SET_CODE_SYMBOLS} random bytes`)
  const symbols = Array.from(random, (byte) => CROCKFORD_ALPHABET[byte & 31]!).join('')
  return symbols.match(/.{5}/g)!.join('-')
}

/** The canonical symbols of a typed code, or null when it cannot be one. */
export function normaliseSetCode(input: string): string | null {
  const symbols = input
    .toUpperCase()
    .replace(/[\s-]+/g, '')
    .replace(/[IL]/g, '1')
    .replace(/O/g, '0')
  if (symbols.length !== SET_CODE_SYMBOLS) return null
  return [...symbols].every((symbol) => CROCKFORD_ALPHABET.includes(symbol)) ? symbols : null
}
