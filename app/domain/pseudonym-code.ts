// Pseudonym codes (PRODUCT.md §2): random, not derived from personal data, written in Crockford's
// base32 alphabet (no I, L, O, U — nothing to confuse with 1, 0 or V) and grouped for reading
// aloud and copying by hand: `K7Q4-M2XD-9` = 8 random symbols (40 bits) + 1 check symbol.
//
// Why this check symbol: Crockford's own mod-37 check needs five extra symbols (* ~ $ = U) that
// are awkward to print, say on the phone or type. Instead the check is a weighted sum over the
// field GF(32), so it stays inside the same 32 symbols: with the symbols read as field elements
// d1…d8, check = Σ αⁱ·dᵢ (α the generator x of GF(2⁵) with x⁵ + x² + 1, i = 9 − position) and a
// code is valid when Σ over all nine symbols (the check with weight α⁰) is 0. All weights are
// distinct and non-zero, so every single wrong symbol is detected; and because the multiplicative
// group of GF(32) has prime order 31, αʲ ≠ 1 for every distance j < 31, so every transposition
// of two symbols (adjacent or not) is detected too. This is the check Damm's construction gives
// over a field, without a 32 × 32 table.

export const CROCKFORD_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ'
export const RANDOM_SYMBOLS = 8
export const CODE_SYMBOLS = RANDOM_SYMBOLS + 1
/** The formatted code: 4 symbols, dash, 4 symbols, dash, check symbol. */
export const CODE_PATTERN = /^[0-9ABCDEFGHJKMNPQRSTVWXYZ]{4}-[0-9ABCDEFGHJKMNPQRSTVWXYZ]{4}-[0-9ABCDEFGHJKMNPQRSTVWXYZ]$/

const FIELD_POLYNOMIAL = 0b100101 // x⁵ + x² + 1, primitive over GF(2)

function multiply(a: number, b: number): number {
  let product = 0
  let x = a
  let y = b
  while (y) {
    if (y & 1) product ^= x
    y >>= 1
    x <<= 1
    if (x & 0b100000) x ^= FIELD_POLYNOMIAL
  }
  return product
}

/** Σ αⁱ·dᵢ by Horner's rule over the given symbol values, each step: acc = α·acc + d. */
function weightedSum(values: readonly number[]): number {
  let acc = 0
  for (const value of values) acc = multiply(acc, 2) ^ value
  return acc
}

/** The check symbol for 8 random symbols: the value that makes the sum over all nine zero. */
export function checkSymbol(symbols: string): string {
  if (symbols.length !== RANDOM_SYMBOLS) throw new Error('checkSymbol needs 8 symbols')
  const values = [...symbols].map(symbolValue)
  // weightedSum(values ++ [c]) = α·weightedSum(values) + c, which is 0 for c = α·weightedSum(values)
  // (in characteristic 2 the additive inverse of a value is the value itself).
  return CROCKFORD_ALPHABET[multiply(weightedSum(values), 2)]!
}

function symbolValue(symbol: string): number {
  const value = CROCKFORD_ALPHABET.indexOf(symbol)
  if (value < 0) throw new Error('not a Crockford symbol')
  return value
}

function isValidSymbols(symbols: string): boolean {
  return symbols.length === CODE_SYMBOLS && weightedSum([...symbols].map(symbolValue)) === 0
}

/** `K7Q4M2XD9` → `K7Q4-M2XD-9`; a shorter run of symbols (a prefix) is grouped as far as it goes. */
export function formatSymbols(symbols: string): string {
  const groups = [symbols.slice(0, 4), symbols.slice(4, 8), symbols.slice(8, 9)].filter(Boolean)
  return groups.join('-')
}

export function generatePseudonymCode(random: (bytes: Uint8Array) => Uint8Array = (bytes) => crypto.getRandomValues(bytes)): string {
  // 32 divides 256, so taking each byte modulo 32 keeps the symbols uniformly distributed.
  const bytes = random(new Uint8Array(RANDOM_SYMBOLS))
  const symbols = [...bytes].map((byte) => CROCKFORD_ALPHABET[byte % 32]!).join('')
  return formatSymbols(symbols + checkSymbol(symbols))
}

/**
 * What a person typed, as a run of Crockford symbols: case, spaces and dashes do not matter, and
 * the letters Crockford decodes as digits (O → 0, I and L → 1) are read that way. Returns null when
 * anything else remains (U, punctuation, other letters).
 */
export function normalizeSymbols(input: string): string | null {
  const symbols = input
    .toUpperCase()
    .replace(/[\s\-_.\u2013\u2014]/g, '')
    .replace(/O/g, '0')
    .replace(/[IL]/g, '1')
  if (!symbols || !/^[0-9ABCDEFGHJKMNPQRSTVWXYZ]+$/.test(symbols)) return null
  return symbols
}

/** The typed code in its canonical, grouped form (`k7q4 m2xd9` → `K7Q4-M2XD-9`), or null. */
export function normalizeCode(input: string): string | null {
  const symbols = normalizeSymbols(input)
  return symbols ? formatSymbols(symbols) : null
}

export type CodeValidation =
  | { status: 'ok'; code: string }
  /** nine valid symbols whose check does not match; `suggestions` are the likeliest corrections */
  | { status: 'wrong-check'; code: string; suggestions: string[] }
  | { status: 'malformed' }

// Pairs that are easy to mix up when copying by hand; their substitutions are suggested first.
const LOOK_ALIKE: Record<string, string> = {
  '2': 'Z', Z: '2', '5': 'S', S: '5', '8': 'B', B: '8', '6': 'G', G: '6', V: 'Y', Y: 'V', M: 'N', N: 'M', '9': 'G', '0': 'D', D: '0',
}

/**
 * Checks a typed code. A complete code with a wrong check symbol gets the codes that one
 * mistake away would be valid: swapped neighbours first (the commonest slip), then look-alike
 * symbols, then every other single-symbol substitution (exactly one per position, since the
 * check is linear). A caller with a database keeps the suggestions that exist.
 */
export function validateCode(input: string): CodeValidation {
  const symbols = normalizeSymbols(input)
  if (!symbols || symbols.length !== CODE_SYMBOLS) return { status: 'malformed' }
  const code = formatSymbols(symbols)
  if (isValidSymbols(symbols)) return { status: 'ok', code }
  return { status: 'wrong-check', code, suggestions: correctionsFor(symbols) }
}

function correctionsFor(symbols: string): string[] {
  const transpositions: string[] = []
  const lookAlikes: string[] = []
  const substitutions: string[] = []
  for (let i = 0; i + 1 < symbols.length; i++) {
    if (symbols[i] === symbols[i + 1]) continue
    const swapped = symbols.slice(0, i) + symbols[i + 1] + symbols[i] + symbols.slice(i + 2)
    if (isValidSymbols(swapped)) transpositions.push(swapped)
  }
  for (let i = 0; i < symbols.length; i++) {
    for (const replacement of CROCKFORD_ALPHABET) {
      if (replacement === symbols[i]) continue
      const candidate = symbols.slice(0, i) + replacement + symbols.slice(i + 1)
      if (!isValidSymbols(candidate)) continue
      if (LOOK_ALIKE[symbols[i]!] === replacement) lookAlikes.push(candidate)
      else substitutions.push(candidate)
    }
  }
  return [...new Set([...transpositions, ...lookAlikes, ...substitutions])].map(formatSymbols)
}
