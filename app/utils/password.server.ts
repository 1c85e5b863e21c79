import bcrypt from 'bcryptjs'

export const BCRYPT_COST = 12

export function hashPassword(password: string) {
  return bcrypt.hash(password, BCRYPT_COST)
}

/** The cost a stored bcrypt hash was made at (`$2b$10$…` → 10), or null for a text that is none. */
export function bcryptCost(hash: string) {
  const match = /^\$2[aby]?\$(\d{2})\$/.exec(hash)
  return match ? Number(match[1]) : null
}

/**
 * Whether a stored hash is replaced at the next right password (decision 172): made at a cost below
 * `minimumCost` — the app's own cost, unless the test setups lowered it to their fixture hashes' cost.
 */
export function needsRehash(hash: string, minimumCost: number) {
  const cost = bcryptCost(hash)
  return cost !== null && cost < minimumCost
}

// Compared against when the email is unknown, so that the answer takes as long as for a real
// account and timing does not reveal which addresses exist.
const DUMMY_HASH = '$2b$12$mUez5lSUTbTOh8KJx5MwQuoJF2pbpfWW.8n4OLq/mPxnhmVR7skCS'

export async function verifyPassword(password: string, hash: string | null | undefined) {
  const matches = await bcrypt.compare(password, hash ?? DUMMY_HASH)
  return Boolean(hash) && matches
}
