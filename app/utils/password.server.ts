import bcrypt from 'bcryptjs'

export const BCRYPT_COST = 12

export function hashPassword(password: string) {
  return bcrypt.hash(password, BCRYPT_COST)
}

// Compared against when the email is unknown, so that the answer takes as long as for a real
// account and timing does not reveal which addresses exist.
const DUMMY_HASH = '$2b$12$mUez5lSUTbTOh8KJx5MwQuoJF2pbpfWW.8n4OLq/mPxnhmVR7skCS'

export async function verifyPassword(password: string, hash: string | null | undefined) {
  const matches = await bcrypt.compare(password, hash ?? DUMMY_HASH)
  return Boolean(hash) && matches
}
